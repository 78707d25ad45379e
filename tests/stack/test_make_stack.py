"""`make stack` (deploy/stack.py in the foreground) stops completely on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from servers import NGINX, free_port, get_url, wait_for

from helpsite import ROOT

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is missing: apt-get install nginx")


def test_make_stack_stops_on_sigterm_and_leaves_no_process() -> None:
    """`python deploy/stack.py` in the foreground: SIGTERM stops nginx and both instances."""
    env = {**os.environ, "PORT": str(free_port()), "TLS_PORT": str(free_port()), "WEB_CONCURRENCY": "1"}
    env["HELPSITE_LANGUAGES"] = "da"  # a quicker start: this test is about stopping
    launcher = subprocess.Popen(
        [sys.executable, str(ROOT / "deploy" / "stack.py")], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    started = threading.Event()

    def read() -> None:  # keep reading, so no child ever blocks on a full pipe
        for line in launcher.stdout:  # type: ignore[union-attr]
            if line.startswith("stack: https://"):
                started.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        wait_for(started.is_set, "the stack to start", limit=90)
        children = subprocess.run(
            ["pgrep", "-P", str(launcher.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 3  # nginx and two gunicorn masters
        assert get_url(f"http://127.0.0.1:{env['PORT']}/healthz")[0] == 200
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(timeout=60) == 0
        time.sleep(0.5)
        for pid in children:
            alive = subprocess.run(["pgrep", "-g", pid], capture_output=True, text=True).stdout.split()
            assert alive == [], f"left behind: {alive}"
    finally:
        if launcher.poll() is None:
            launcher.kill()
            launcher.wait()
        launcher.stdout.close()  # type: ignore[union-attr]
