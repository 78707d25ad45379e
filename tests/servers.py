"""For tests that run real servers: free ports, raw HTTP, waiting, gunicorn with the repo's config."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import selectors
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest
from werkzeug.serving import make_server

from helpsite import ROOT
from helpsite.search.generations import CONTENT_FILE

sys.path.insert(0, str(ROOT / "deploy"))  # deploy/ is a folder of scripts, not a package
import errorlog  # noqa: E402, F401  (for tests)
from instance import Instance, StackError  # noqa: E402
from stack import NGINX, Stack  # noqa: E402, F401

START_LIMIT = 60.0  # seconds a server may take to start (the master builds the search index first)


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seed_index(source: Path, target: Path) -> None:
    """Copy the generation `source` serves into `target` and make it current there.

    A server or app started on `target` over the content that generation was built from then neither
    indexes nor trains (as a restart in production); over other content it builds its own.
    """
    name = os.readlink(source / "current")
    shutil.copytree(source / name, target / name, copy_function=_link)
    os.symlink(name, target / "current")


def _link(source: str, target: str) -> None:
    # Whoosh's and the JSON files as hard links, not copies: 18 MB and a second less per app or server,
    # safe because nothing writes into a published generation (search/generations.py builds a new
    # folder each time). The kept model is copied: its file's mode and owner decide whether it is
    # trusted, and it is the file a test damages (a chmod or a write through a link would reach the
    # index every later run starts from). On another file system: a copy.
    if Path(source).name != CONTENT_FILE:
        with contextlib.suppress(OSError):
            os.link(source, target)
            return
    shutil.copy2(source, target)


def wait_for(predicate: Callable[[], bool], what: str, limit: float = 30.0) -> None:
    """Poll until `predicate()` holds; fail with `what` after `limit` seconds (a bound, not a timing)."""
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.1)


@contextlib.contextmanager
def serving(app: object) -> Iterator[str]:
    """A WSGI app served from a thread on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextlib.contextmanager
def make_edit(settings: Mapping[str, str], log: Path) -> Iterator[str]:
    """`make edit` on a free port with HELPSITE_* `settings`, output to `log`; yields its base URL."""
    port = free_port()
    env = {**os.environ, "EDIT_PORT": str(port), **settings}
    with log.open("w") as out:
        process = subprocess.Popen(
            ["make", "-s", "edit"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: get_url(base + "/admin/")[0] == 200, "make edit to answer", limit=60)
            yield base
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # make and the flask server it started: our own group
            process.wait(timeout=10)


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


class Gunicorn(Instance):
    """`gunicorn -c gunicorn.conf.py wsgi:app` on a free loopback port, its log in a file, started now.

    The launch itself is deploy/instance.py's, the one the production stack uses.
    """

    def __init__(
        self,
        tmp_path: Path,
        workers: int = 2,
        env: Mapping[str, str] | None = None,
        *,
        seed: Path | None = None,
    ) -> None:
        """`seed`: an index folder whose current generation the server starts with (`seed_index`)."""
        port = free_port()
        index = tmp_path / f"index-{port}"
        if seed is not None:
            seed_index(seed, index)
        super().__init__(port, index, tmp_path / f"gunicorn-{port}.log", workers, env)
        self.log: Path = self.log  # type: ignore[assignment]  (always a file here)
        self.start()

    def text(self) -> str:
        """The log so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until_up(self, limit: float = START_LIMIT) -> Gunicorn:
        """Return once /healthz answers (fail if gunicorn exits or takes over `limit` seconds)."""
        try:
            super().wait_until_up(limit)
        except StackError:
            pytest.fail(f"gunicorn did not start:\n{self.text()}")
        return self

    def stop(self) -> str:  # type: ignore[override]
        """Stop gunicorn (so every line is written) and return its whole log."""
        super().stop()
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


# -- the production stack (deploy/stack.py): nginx in front of app instances ---------------------------


ATTACKER = "127.0.0.9"  # a loopback source address for visitors whose address must never be logged


def https_request(
    stack: Stack,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    source: str | None = None,
    timeout: float = 10,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """(status, headers, body) of one request to the stack's HTTPS port, on a new connection."""
    context = ssl.create_default_context(cafile=str(stack.workdir / "self-signed.crt"))
    conn = http.client.HTTPSConnection(
        "localhost",
        stack.tls_port,
        timeout=timeout,
        context=context,
        source_address=(source or "127.0.0.1", 0),
    )
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


class Failure(NamedTuple):
    """A request of the load that failed: its thread, when it was sent and ended (time.monotonic), and
    what it got (a status, or the repr of the exception it raised)."""

    thread: int
    sent: float
    ended: float
    outcome: str


class Load:
    """A bounded load loop in threads: pages, static files and POST searches through the stack's HTTPS.

    Every thread comes from one source address (ATTACKER, so the log tests can look for it) and the
    threads together stay under the stack's per-address search limit (10 a second), so every answer
    that is not a 200 is a real failure.
    """

    PATHS = (
        "/da/",
        "/en/",
        "/en/services/danner",
        "/da/safety",
        "/static/site.css",
        "/da/search?audience=victims",
    )
    SEARCH_EVERY = 0.5  # seconds between one thread's searches: with 4 threads, 8 a second

    def __init__(self, stack: Stack, threads: int = 4, source: str = ATTACKER, *, pause: float = 0.0) -> None:
        self.stack, self.source = stack, source
        self.pause = pause  # seconds each thread waits after each answer (0: one request after another)
        self.done = 0
        self.failed: list[Failure] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def _run(self, n: int) -> None:
        last_search = 0.0
        i = n
        while not self.stop.is_set():
            i += 1
            sent = time.monotonic()
            try:
                if time.monotonic() - last_search >= self.SEARCH_EVERY:
                    last_search = time.monotonic()
                    form = {"Content-Type": "application/x-www-form-urlencoded"}
                    code, _, body = https_request(self.stack, "POST", "/da/search", b"q=krisecenter", form)
                else:
                    code, _, body = https_request(self.stack, "GET", self.PATHS[i % len(self.PATHS)])
                outcome = None if code == 200 and body else f"{code}"
            except (OSError, http.client.HTTPException) as error:  # a reset, a cut-off body
                outcome = repr(error)
            with self.lock:
                self.done += 1
                if outcome:
                    self.failed.append(Failure(n, sent, time.monotonic(), outcome))
            if self.pause:
                self.stop.wait(self.pause)

    @property
    def failures(self) -> list[str]:
        """What each failed request got: its status, or the exception it raised."""
        return [failure.outcome for failure in self.failed]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)
