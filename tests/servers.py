"""For tests that run real servers: free ports, raw HTTP, waiting, gunicorn with the repo's config."""

from __future__ import annotations

import contextlib
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from helpsite import ROOT

START_LIMIT = 60.0  # seconds a server may take to start (the master builds the search index first)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """Poll until `predicate()` holds; fail with `what` after `limit` seconds (a bound, not a timing)."""
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.1)


def raw(port: int, request: bytes, source: str | None = None, timeout: float = 10) -> bytes:
    """Send `request` as is and return everything the server answers before closing."""
    address = (source, 0) if source else None
    with socket.create_connection(("127.0.0.1", port), timeout=timeout, source_address=address) as conn:
        conn.sendall(request)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status(answer: bytes) -> int:
    """The status code of a raw HTTP answer."""
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    assert match, answer[:200]
    return int(match.group(1))


def get_url(url: str, timeout: float = 5) -> tuple[int, str]:
    """(status, body) of a GET; (0, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError:
        return 0, ""


class Gunicorn:
    """`gunicorn -c gunicorn.conf.py wsgi:app` on a free loopback port, its log in a file."""

    def __init__(
        self,
        tmp_path: Path,
        workers: int = 2,
        env: Mapping[str, str] | None = None,
        args: tuple[str, ...] = (),
    ) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        environment = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(workers),
            "HELPSITE_INDEX_DIR": str(tmp_path / f"index-{self.port}"),
            **(env or {}),
        }
        # No control socket: it would share a path with a gunicorn someone runs on this machine.
        command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket"]
        command += [*args, "wsgi:app"]  # command-line settings override the config file's
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT
            )

    def text(self) -> str:
        """The log so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until_up(self) -> Gunicorn:
        """Return once /healthz answers (fail if gunicorn exits or takes over START_LIMIT)."""
        deadline = time.monotonic() + START_LIMIT
        while get_url(self.base + "/healthz", timeout=2)[0] != 200:
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{self.text()}")
            time.sleep(0.1)
        return self

    def stop(self) -> str:
        """Stop gunicorn (so every line is written) and return its whole log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.text()


SLOW_HEAD = b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n"  # half a request: the head never ends


class SlowClients:
    """`count` connections to loopback `port` that each send half a request, then one header line
    every `interval` seconds (what slowloris does); one the server closes is opened again at once.

    A background thread does it all until `stop()`; `cut` counts the connections the server closed.
    """

    def __init__(self, port: int, count: int, interval: float = 1.0) -> None:
        self.port = port
        self.count = count
        self.interval = interval
        self.cut = 0
        self.opened = 0
        self._selector = selectors.DefaultSelector()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="slow-clients", daemon=True)

    def _open(self) -> None:
        try:
            conn = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            conn.sendall(SLOW_HEAD)
        except OSError:
            return  # the next round tries again
        conn.setblocking(False)
        self._selector.register(conn, selectors.EVENT_READ)
        self.opened += 1

    def _close(self, conn: socket.socket) -> None:
        self._selector.unregister(conn)
        conn.close()

    def _run(self) -> None:
        line = 0
        while not self._stop.is_set():
            missing = self.count - len(self._selector.get_map())
            for _ in range(missing):
                self._open()
            next_round = time.monotonic() + self.interval
            while (left := next_round - time.monotonic()) > 0 and not self._stop.is_set():
                for key, _ in self._selector.select(timeout=min(left, 0.2)):
                    conn = key.fileobj
                    with contextlib.suppress(OSError):
                        conn.recv(65536)  # type: ignore[union-attr]
                    self.cut += 1  # closed, or answered (a 408 or 400): either way it is over
                    self._close(conn)  # type: ignore[arg-type]
            line += 1
            for key in list(self._selector.get_map().values()):
                try:
                    key.fileobj.send(f"X-Line-{line}: slow\r\n".encode())  # type: ignore[union-attr]
                except OSError:
                    self.cut += 1
                    self._close(key.fileobj)  # type: ignore[arg-type]

    def start(self) -> SlowClients:
        """Open the connections (in the calling thread, so they are open on return) and keep them so."""
        for _ in range(self.count):
            self._open()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread and close every connection."""
        self._stop.set()
        self._thread.join(timeout=10)
        for key in list(self._selector.get_map().values()):
            self._close(key.fileobj)  # type: ignore[arg-type]
        self._selector.close()
