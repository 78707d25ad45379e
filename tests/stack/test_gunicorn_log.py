"""Low trace in the server's own log: gunicorn as configured logs no address, query, body or header."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import Gunicorn, raw


class LoggedGunicorn(Gunicorn):
    """gunicorn with one worker, asked from another loopback address than its own."""

    def request(self, method: str, path: str, body: str | None = None, **headers: str) -> int:
        """One request from another loopback address than the server's, so a logged address would show."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(CLIENT, 0))
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        status = conn.getresponse().status
        conn.close()
        return status

    def raw(self, data: bytes) -> bytes:
        """Send bytes that are no valid request; return the answer."""
        return raw(self.port, data, source=CLIENT)


CLIENT = "127.0.0.9"


@pytest.fixture
def gunicorn(tmp_path: Path, real_index: Path) -> Iterator[LoggedGunicorn]:
    """A running gunicorn; stopped afterwards whatever happens."""
    server = LoggedGunicorn(tmp_path, workers=1, seed=real_index)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()


def test_gunicorn_logs_no_address_query_body_or_headers(gunicorn: LoggedGunicorn) -> None:
    """Requests with secrets in every place a log could pick them up; none reach the log."""
    secrets = {
        "address": CLIENT,
        "forwarded": "203.0.113.77",
        "query": "queryword1",
        "body": "bodyword2",
        "agent": "AgentWord3",
        "referer": "refererword4",
        "bad-line": "badline5",
        "long-line": "longline6",
    }
    spy = {
        "User-Agent": secrets["agent"],
        "Referer": f"https://example.org/{secrets['referer']}",
        "X-Forwarded-For": secrets["forwarded"],
        "Forwarded": f"for={secrets['forwarded']}",
    }
    assert gunicorn.request("GET", f"/da/?q={secrets['query']}", **spy) == 200
    assert gunicorn.request("POST", "/da/search", body=f"q={secrets['body']}", **spy) == 200
    assert gunicorn.request("GET", f"/da/services/nothing?{secrets['query']}", **spy) == 404
    bad_line = f"GET /da/?x={secrets['bad-line']} HTTP/1.1 junk\r\n\r\n"
    assert gunicorn.raw(bad_line.encode()).startswith(b"HTTP/1.1 400")
    long_line = f"GET /da/?x={secrets['long-line']}{'a' * 3000} HTTP/1.1\r\nHost: x\r\n\r\n"
    assert gunicorn.raw(long_line.encode()).startswith(b"HTTP/1.1 414")
    text = gunicorn.stop()

    # The log is there and useful: method, path and status of each request.
    assert '"GET /da/" 200' in text and '"POST /da/search" 200' in text, text
    assert '"GET /da/services/nothing" 404' in text, text
    assert "Invalid request" in text  # the bad lines were logged, without their secrets
    for what, secret in secrets.items():
        assert secret.lower() not in text.lower(), f"the {what} reached the log:\n{text}"
