"""Slow clients cannot stop the site: gunicorn with the repository's config, spoken to over loopback.

Hundreds of connections that send half a request and then a header line a second wait while ordinary
visitors are served; a client too slow with its head or its body is cut off; a client that never reads
its answers holds its connection for seconds, not for ever (these last three at once, so the module
waits out the server's longest deadline once). Failure is a generous socket timeout
(behaviour, not a timing).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import Gunicorn, SlowClients, get_url, raw, status

from helpsite.worker import ANSWER_TIMEOUT, HEADER_TIMEOUT

SLOW = 300  # slow connections held open while visitors come
PATIENCE = 15.0  # seconds over the server's own deadline before a test gives up on it


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, real_index: Path) -> Iterator[Gunicorn]:
    """gunicorn -c gunicorn.conf.py wsgi:app on loopback, two workers."""
    gunicorn = Gunicorn(tmp_path_factory.mktemp("slow"), seed=real_index)
    try:
        yield gunicorn.wait_until_up()
    finally:
        gunicorn.stop()


def closed_by_server(conn: socket.socket, trickle: bytes, every: float, limit: float) -> bytes | None:
    """Send `trickle` a byte at a time, one per `every` seconds, until the server closes the connection.

    Returns what the server sent before closing, or None if it was still open after `limit` seconds.
    """
    conn.settimeout(every)
    received = b""
    deadline = time.monotonic() + limit
    for byte in trickle:
        if time.monotonic() > deadline:
            return None
        try:
            conn.send(bytes([byte]))
            chunk = conn.recv(65536)
        except TimeoutError:
            continue  # still open, nothing said: the next byte
        except ConnectionError:
            return received
        if not chunk:
            return received
        received += chunk
    return None


def test_visitors_are_served_while_hundreds_of_slow_clients_wait(server: Gunicorn) -> None:
    """With 300 slowloris connections open, every page a visitor asks for arrives."""
    clients = SlowClients(server.port, SLOW).start()
    try:
        for path in ("/da/", "/ar/", "/en/services/danner", "/uk/safety", "/static/site.css") * 4:
            code, _ = get_url(server.base + path, timeout=PATIENCE)
            assert code == 200, path
        answer = raw(server.port, b"POST /da/search HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 13\r\n\r\n"
                     b"q=krisecenter", timeout=PATIENCE)  # fmt: skip
        assert status(answer) == 200
        assert clients.opened >= SLOW
    finally:
        clients.stop()


def test_clients_too_slow_to_send_or_to_take_an_answer_are_cut_off_while_others_are_served(
    server: Gunicorn,
) -> None:
    """A head one byte at a time, a search form one byte at a time, and clients that ask for page after
    page and read nothing: the server closes them all, and serves other visitors meanwhile.

    All three run at once: each waits for one of the server's deadlines, so together the test waits for
    the longest (ANSWER_TIMEOUT) once, not for each in turn.
    """
    head = b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n" + b"X-Slow: " + b"z" * 1000
    body_head = (
        b"POST /da/search HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
    )
    asked = 1000
    pipelined = b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n\r\n" * asked  # megabytes of answers
    outcomes: dict[str, bytes | None] = {}

    def trickle(name: str, first: bytes, rest: bytes, limit: float) -> None:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
            conn.sendall(first)
            outcomes[name] = closed_by_server(conn, rest, 0.5, limit)

    tricklers = [
        threading.Thread(target=trickle, args=("head", b"", head, HEADER_TIMEOUT + PATIENCE)),
        threading.Thread(
            target=trickle, args=("body", body_head, b"q=" + b"x" * 998, ANSWER_TIMEOUT + PATIENCE)
        ),
    ]
    hoarders = []
    try:
        for _ in range(5):
            conn = socket.socket()
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # full at once: the server must wait
            conn.settimeout(5)
            conn.connect(("127.0.0.1", server.port))
            conn.sendall(pipelined)
            hoarders.append(conn)
        hoarded = time.monotonic()
        for thread in tricklers:
            thread.start()
        for _ in range(10):
            assert get_url(server.base + "/da/", timeout=PATIENCE)[0] == 200
        time.sleep(max(0.0, hoarded + ANSWER_TIMEOUT + 2 - time.monotonic()))  # the hoarders' deadline passes
        for conn in hoarders:
            conn.settimeout(PATIENCE)
            received = b""
            try:
                while chunk := conn.recv(1 << 20):
                    received += chunk
            except ConnectionError:
                pass
            # TimeoutError (the test fails) if the server still held it open; fewer answers than asked.
            assert received.count(b"HTTP/1.1 200 OK") < asked
    finally:
        for conn in hoarders:
            conn.close()
        for thread in tricklers:
            if thread.ident is not None:
                thread.join()
    assert outcomes["head"] is not None, "a request head sent a byte every half second was never cut off"
    assert outcomes["body"] is not None, "a body sent a byte every half second was never cut off"
    assert b"200 OK" not in outcomes["body"]  # cut off, not answered as if the form were complete
    assert get_url(server.base + "/da/", timeout=PATIENCE)[0] == 200
    assert get_url(server.base + "/healthz")[0] == 200
    text = server.text()
    assert "took over" in text  # the deadline was logged, without saying who
    assert "127.0.0.1" not in text.replace(f"127.0.0.1:{server.port}", "")


def test_cutting_clients_off_logs_no_address(server: Gunicorn) -> None:
    """After the slow and the hoarding clients of this module, the log names no client address or port.

    The module's server is shared: whichever of its tests ran before, what they made it log is here.
    """
    text = server.text()
    assert "127.0.0.1" not in text.replace(f"127.0.0.1:{server.port}", "")
