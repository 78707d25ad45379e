"""nginx's error log through deploy/errorlog.py: what identifies a visitor never reaches a line."""

from __future__ import annotations

from servers import errorlog

SECRET = "hemmeligtord"


def test_the_error_log_receiver_drops_the_visitor_from_nginx_lines() -> None:
    """A line as nginx sends it over syslog, upstream failure and all: what identifies the visitor goes."""
    line = (
        b"<11>Dec  1 21:00:00 nginx: 2026/12/01 21:00:00 [error] 7#7: *9 connect() failed (111: Connection"
        b' refused) while connecting to upstream, client: 2001:db8::7, server: localhost, request: "POST'
        b' /da/search?q=hemmeligtord HTTP/1.1", upstream: "http://127.0.0.1:8001/da/search?q=x", host:'
        b' "localhost", referrer: "https://referrer.example/?q=hemmeligtord"'
    )
    cleaned = errorlog.clean(line)
    assert cleaned.startswith(
        "2026/12/01 21:00:00 [error] 7#7: *9 connect() failed (111: Connection refused)"
    )
    assert 'server: localhost, upstream: "http://-:8001/da/search?…", host: "localhost"' in cleaned
    for secret in ("2001:db8", SECRET, "referrer", "client", "<11>"):
        assert secret not in cleaned
