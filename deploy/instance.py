"""One app instance: gunicorn with the repository's config on its own port, with its own search index.

Its own process group, so a stop or a kill -9 reaches the master and every worker. Used by
deploy/stack.py, the tests (tests/servers.py) and the benchmarks: one owner for how the app is started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when run as a script

from helpsite import ROOT

START_LIMIT = 90.0  # seconds an instance may take to start (its master builds the search index first)


class StackError(RuntimeError):
    """Something in the stack did not start or stop as it should."""


def die_with_parent() -> None:
    """In a child: get SIGTERM if the launcher dies, so not even a kill -9 of it leaves one behind."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: stop() still ends every child


def status(url: str, host: str | None = None, timeout: float = 2) -> int:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def end(process: subprocess.Popen, first: signal.Signals, timeout: float) -> None:
    """Send `first` to the process's group; SIGKILL the group if it is still there after `timeout`."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, first)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            process.wait()
    with contextlib.suppress(ProcessLookupError, PermissionError):  # workers a killed master left behind
        os.killpg(process.pid, signal.SIGKILL)


class Instance:
    """One app instance: gunicorn with the repository's config on `port`, its own index, its own group."""

    def __init__(
        self,
        port: int,
        index_dir: Path,
        log: Path | None = None,
        workers: int | None = None,
        env: Mapping[str, str] | None = None,
        preexec: Callable[[], None] | None = None,
    ) -> None:
        self.port = port
        self.preexec = preexec  # run in the child before gunicorn (tests: a kernel restriction)
        self.base = f"http://127.0.0.1:{port}"
        self.index_dir = index_dir
        self.log = log  # None: the launcher's own stdout and stderr
        self.env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "HELPSITE_INDEX_DIR": str(index_dir),
            **({"WEB_CONCURRENCY": str(workers)} if workers else {}),
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    def start(self) -> Instance:
        """Start gunicorn (appending to the log, so a restarted instance keeps its history)."""
        # gunicorn.conf.py turns the control socket off (a shared path): one owner for that setting.
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
        out = self.log.open("ab") if self.log else None
        try:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT if out else None,
                start_new_session=True, preexec_fn=self._preexec,
            )  # fmt: skip
        finally:
            if out:
                out.close()
        return self

    def _preexec(self) -> None:
        die_with_parent()
        if self.preexec:
            self.preexec()

    def ready(self) -> bool:
        """Whether /readyz answers 200: content loaded and the search index its current build."""
        return status(self.base + "/readyz") == 200

    def wait_until_up(self, limit: float = START_LIMIT) -> Instance:
        """Return once /readyz answers; StackError if gunicorn exits or takes over `limit` seconds."""
        deadline = time.monotonic() + limit
        while not self.ready():
            if self.process is None or self.process.poll() is not None or time.monotonic() > deadline:
                raise StackError(f"the instance on port {self.port} did not start (log: {self.log})")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        """Graceful: gunicorn stops listening at once and finishes the requests it has."""
        if self.process:
            end(self.process, signal.SIGTERM, timeout=30)

    def kill(self) -> None:
        """kill -9 of the master and every worker: the instance is lost mid-request."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def can_bind(host: str, port: int) -> bool:
    """Whether `port` on `host` is free to listen on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
