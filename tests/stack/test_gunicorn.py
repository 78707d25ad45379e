"""The production server as configured in gunicorn.conf.py: limits hold, nothing crashes, logs stay clean.

Starts gunicorn with the repository's config on a free loopback port, then speaks raw HTTP to it:
an over-long request line, too many or too large headers and garbage are refused with 4xx, the
server keeps answering afterwards, and the access log has neither client addresses nor query strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import Gunicorn, raw, status, wait_for


def fetch(port: int, target: str, extra: bytes = b"") -> bytes:
    """The raw answer to a GET for `target`, with extra header lines."""
    head = b"GET " + target.encode() + b" HTTP/1.1\r\nHost: localhost\r\n"
    return raw(port, head + extra + b"Connection: close\r\n\r\n")


def get(port: int, target: str, extra: bytes = b"") -> int:
    """The status of a GET for `target`, with extra header lines."""
    return status(fetch(port, target, extra))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, real_index: Path) -> Iterator[tuple[int, Path]]:
    """gunicorn -c gunicorn.conf.py wsgi:app on loopback; yields (port, log file)."""
    gunicorn = Gunicorn(tmp_path_factory.mktemp("gunicorn"), seed=real_index)
    try:
        gunicorn.wait_until_up()
        yield gunicorn.port, gunicorn.log
    finally:
        gunicorn.stop()


def test_a_long_request_line_is_refused_not_a_crash(server: tuple[int, Path]) -> None:
    """A 3000-character request line (over limit_request_line) gets 414 or 400; the server lives on."""
    port, _ = server
    assert get(port, "/da/search?q=" + "a" * 3000) in (400, 414)
    assert get(port, "/" + "b" * 3000) in (400, 414)
    assert get(port, "/healthz") == 200


def test_too_many_or_too_large_headers_are_refused(server: tuple[int, Path]) -> None:
    """Over 50 header fields, or one over 4096 bytes: 400 or 431, and the server answers after."""
    port, _ = server
    many = b"".join(f"X-Filler-{i}: x\r\n".encode() for i in range(60))
    assert get(port, "/da/", many) in (400, 431)
    assert get(port, "/da/", b"X-Big: " + b"y" * 5000 + b"\r\n") in (400, 431)
    assert get(port, "/da/") == 200


def test_garbage_is_400(server: tuple[int, Path]) -> None:
    """Things that are not HTTP get 400 (or the connection closed), never a hang or a crash."""
    port, _ = server
    for junk in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET /da/ HTTP/1.1\r\nBad Header\r\n\r\n"):
        answer = raw(port, junk)
        assert answer == b"" or status(answer) == 400, answer[:200]
    assert get(port, "/healthz") == 200


def test_a_page_is_served_compressed_with_the_low_trace_headers(server: tuple[int, Path]) -> None:
    """Through gunicorn, a page arrives brotli-compressed, with no-store and no cookie."""
    port, _ = server
    answer = raw(
        port, b"GET /ar/ HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n"
    )
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert status(answer) == 200
    assert b"\r\ncontent-encoding: br" in head
    assert b"\r\ncache-control: no-store" in head
    assert b"set-cookie" not in head


def test_the_access_log_has_no_address_and_no_query(server: tuple[int, Path]) -> None:
    """The log names method, path and status; never the client's address nor the search words."""
    port, log = server
    assert get(port, "/da/search?audience=victims&secretword=1") == 200
    assert get(port, "/da/search?q=" + "z" * 3000) in (400, 414)  # gunicorn's own error log line too
    # The worker writes its access log line after the response has been sent: wait for it.
    wait_for(lambda: '"GET /da/search" 200' in log.read_text(), "the access log line", limit=10)
    text = log.read_text()
    assert "secretword" not in text and "zzzz" not in text
    assert "127.0.0.1" not in text.replace(f"127.0.0.1:{port}", "")  # the listening address only


def test_ready_once_up(server: tuple[int, Path]) -> None:
    """Each worker inherits the content and index the master loaded: /readyz says ready through gunicorn."""
    port, _ = server
    for _ in range(4):  # new connections, so more than one worker answers
        answer = fetch(port, "/readyz")
        assert status(answer) == 200 and answer.endswith(b"\r\n\r\nready"), answer[-200:]


CHUNKED_SEARCH = (
    b"POST /da/search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


@pytest.mark.parametrize(
    "chunks",
    [
        b'5;a="unterminated\r\nq=hemmeligtord\r\n0\r\n\r\n',  # a quoted chunk-ext value never closed
        b"5;\x01=1\r\nq=hemmeligtord\r\n0\r\n\r\n",  # a control byte for the chunk-ext name
        b"zz\r\nq=hemmeligtord\r\n0\r\n\r\n",  # no chunk size at all
    ],
)
def test_a_malformed_chunked_body_is_400_and_the_connection_closes(
    server: tuple[int, Path], chunks: bytes
) -> None:
    """gunicorn finds the bad chunk line while the app reads the form: the client's 400, not a 500;
    the connection is closed (the bytes after it cannot be framed) and no log line quotes the body."""
    port, log = server
    answer = raw(port, CHUNKED_SEARCH + chunks + b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n\r\n")
    head = answer.split(b"\r\n\r\n", 1)[0].lower()
    assert status(answer) == 400, answer[:300]
    assert answer.count(b"HTTP/1.1 ") == 1  # nothing after the bad body was read as a request
    assert b"\r\ncache-control: no-store" in head and b"\r\nconnection: close" in head
    wait_for(lambda: '"POST /da/search" 400' in log.read_text(), "the access log line", limit=10)
    text = log.read_text()
    assert "hemmeligtord" not in text and "unterminated" not in text and "Traceback" not in text
    assert get(port, "/healthz") == 200


def test_a_forged_host_never_reaches_a_redirect(server: tuple[int, Path]) -> None:
    """gunicorn reached directly with a Host of someone else's: the trailing-slash redirect is a path."""
    port, _ = server
    answer = raw(port, b"GET /da HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
    assert status(answer) == 308 and b"\r\nLocation: /da/\r\n" in answer
    assert b"evil.example" not in answer
