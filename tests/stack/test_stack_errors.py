"""nginx's own error answers (a bad request, a request line or header too long) through the stack.

nginx answers these itself, before any instance sees the request: each must be the app's error page
(112 and 1888 on it) with the app's headers, `Cache-Control: no-store` first, never nginx's bare page.
On the HTTP port and for unknown names (the default server, which answers nothing it need not), the
bare page gets the headers at least.
"""

from __future__ import annotations

import socket
import ssl
from pathlib import Path

import pytest
from servers import NGINX, Stack, raw, status

from helpsite.web import lowtrace

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is missing: apt-get install nginx")

HOST = b"Host: localhost\r\nConnection: close\r\n"
REQUESTS = {
    "garbage": (b"GARBAGE\r\n\r\n", 400),
    "a header line without a colon": (b"GET /da/ HTTP/1.1\r\n" + HOST + b"X Bad\r\n\r\n", 400),
    "request line too long": (b"GET /da/?" + b"a" * 9000 + b" HTTP/1.1\r\n" + HOST + b"\r\n", 414),
    "header too large (494)": (b"GET /da/ HTTP/1.1\r\n" + HOST + b"X-Big: " + b"y" * 9000 + b"\r\n\r\n", 400),
}


def over_tls(stack: Stack, request: bytes) -> bytes:
    """Send `request` as is over TLS (SNI localhost) and return the whole answer."""
    context = ssl.create_default_context(cafile=str(stack.workdir / "self-signed.crt"))
    with (
        socket.create_connection(("127.0.0.1", stack.tls_port), timeout=10) as conn,
        context.wrap_socket(conn, server_hostname="localhost") as tls,
    ):
        tls.sendall(request)
        chunks = []
        while chunk := tls.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def headers_of(answer: bytes) -> dict[str, list[str]]:
    """Each header of a raw answer, by name, with every value it came with."""
    found: dict[str, list[str]] = {}
    for line in answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        found.setdefault(name.strip().lower(), []).append(value.strip())
    return found


def assert_the_apps_headers(answer: bytes, https: bool = True) -> None:
    """Every one of the app's security headers, once, with the app's value (HSTS over HTTPS only)."""
    found = headers_of(answer)
    for name, value in lowtrace.HEADERS.items():
        expected = None if name == "Strict-Transport-Security" and not https else [value]
        assert found.get(name.lower()) == expected, (name, found.get(name.lower()))


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_over_https_nginx_errors_are_the_apps_page_with_its_headers(stack: Stack, kind: str) -> None:
    request, code = REQUESTS[kind]
    answer = over_tls(stack, request)
    assert status(answer) == code, answer[:200]
    assert_the_apps_headers(answer)
    body = answer.split(b"\r\n\r\n", 1)[1]
    assert b"112" in body and b"/static/site.css" in body, body[:300]


@pytest.mark.parametrize("kind", list(REQUESTS))
def test_over_http_nginx_errors_are_never_stored(stack: Stack, kind: str) -> None:
    request, code = REQUESTS[kind]
    answer = raw(stack.http_port, request)
    assert status(answer) == code, answer[:200]
    assert headers_of(answer).get("cache-control") == ["no-store"]
    assert_the_apps_headers(answer, https=False)


def test_without_a_host_nginx_answers_for_no_site_but_never_stored(stack: Stack) -> None:
    """No Host: nginx answers from the default server (no name, so not the site's page), with the headers."""
    request = b"GET /da/ HTTP/1.1\r\nConnection: close\r\n\r\n"
    for answer, https in ((over_tls(stack, request), True), (raw(stack.http_port, request), False)):
        assert status(answer) == 400 and b"112" not in answer
        assert_the_apps_headers(answer, https=https)


@pytest.mark.parametrize("path", ["/_errors/400.html", "/static/no-such-file.css"])
def test_what_nginx_has_not_is_the_apps_404(stack: Stack, path: str) -> None:
    """An error page asked for by name (they are internal) or a missing static file: the app's 404."""
    request = b"GET " + path.encode() + b" HTTP/1.1\r\n" + HOST + b"\r\n"
    for answer, https in ((over_tls(stack, request), True), (raw(stack.http_port, request), False)):
        if not https and path.startswith("/static/"):
            assert status(answer) == 301  # plain HTTP serves no files: to HTTPS
            continue
        assert status(answer) == 404 and b"112" in answer
        assert_the_apps_headers(answer, https=https)
