"""gunicorn's control socket (gunicornc): no instance opens one, so none can take over another's.

gunicorn 25.1+ opens it by default at $XDG_RUNTIME_DIR/gunicorn.ctl or $HOME/.gunicorn/gunicorn.ctl: one
path for every gunicorn of a user, so a second `make run` replaced the first one's socket.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from servers import free_port, get_url, wait_for

from helpsite import ROOT


@pytest.mark.slow
def test_make_run_opens_no_control_socket(tmp_path: Path) -> None:
    """`make run` with a home folder of its own: once it serves, nothing has been made in that folder."""
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    env.update(
        HOME=str(home), PORT=str(port), WEB_CONCURRENCY="1", HELPSITE_LANGUAGES="da",
        HELPSITE_INDEX_DIR=str(tmp_path / "index"),
    )  # fmt: skip
    with (tmp_path / "run.log").open("w") as log:
        process = subprocess.Popen(
            ["make", "-s", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(lambda: get_url(f"http://127.0.0.1:{port}/readyz")[0] == 200, "make run to serve", limit=90)
        assert sorted(str(p.relative_to(home)) for p in home.rglob("*")) == []
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # make and the gunicorn it started: our own group
        process.wait(timeout=30)


def test_every_gunicorn_config_turns_the_control_socket_off() -> None:
    """gunicorn.conf.py (make run, make stack, helpsite@.service) and the editor host's settings."""
    for config in (ROOT / "gunicorn.conf.py", ROOT / "deploy" / "editor_gunicorn.py"):
        settings: dict[str, object] = {}
        exec(compile(config.read_text(encoding="utf-8"), str(config), "exec"), settings)  # noqa: S102
        assert settings.get("control_socket_disable") is True, config.name
