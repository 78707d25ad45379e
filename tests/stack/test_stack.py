"""The production front door, end to end: nginx (deploy/) before two app instances, as `make stack` runs it.

One stack for the session (the `stack` fixture in conftest.py), over a copy of the content (the publish
test edits it). Tests that stop or kill an instance leave both serving again.
"""

from __future__ import annotations

import gzip
import os
import socket
import ssl
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import pytest
from editing import replace
from servers import (
    ATTACKER,
    NGINX,
    Load,
    Stack,
    get_url,
    https_request,
    raw,
    status,
    wait_for,
)

from helpsite import ROOT
from helpsite.publishing.store import CHECK_EVERY
from helpsite.web import lowtrace

pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is missing: apt-get install nginx")
SECRET = "hemmeligtord"  # a search word that must never reach a log


def nginx_said(stack: Stack) -> str:
    """The end of nginx's (redacted) error log, to explain a failure."""
    return "\n".join(stack.error_log.read_text().splitlines()[-30:])


def security_headers(headers: object) -> dict[str, list[str]]:
    """Each of the app's security headers with every value it was sent with."""
    return {name: headers.get_all(name) or [] for name in lowtrace.HEADERS}  # type: ignore[attr-defined]


def test_the_generated_config_passes_nginx_t(stack: Stack) -> None:
    check = subprocess.run(stack.nginx_command("-t"), capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert "test is successful" in check.stderr


def test_http_redirects_to_https_and_only_https_has_hsts(stack: Stack) -> None:
    answer = raw(
        stack.http_port,
        b"GET /da/search?audience=victims HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    head = answer.split(b"\r\n\r\n", 1)[0].decode()
    assert status(answer) == 301
    assert f"Location: https://localhost:{stack.tls_port}/da/search?audience=victims" in head
    assert "strict-transport-security" not in head.lower()
    # Never kept: a browser that cached the 301 would keep this site in its cache after its history
    # was cleaned, and would go on sending a typed http:// address straight to HTTPS.
    assert "\r\nCache-Control: no-store\r\n" in head + "\r\n"
    plain = raw(stack.http_port, b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status(plain) == 200 and b"strict-transport-security" not in plain.lower()
    code, headers, _ = https_request(stack, "GET", "/healthz")
    assert code == 200 and headers.get_all("Strict-Transport-Security") == [
        lowtrace.HEADERS["Strict-Transport-Security"]
    ]


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3])
def test_tls_1_2_and_1_3_are_served(stack: Stack, version: ssl.TLSVersion) -> None:
    context = ssl.create_default_context(cafile=str(stack.workdir / "self-signed.crt"))
    context.minimum_version = context.maximum_version = version
    with (
        socket.create_connection(("127.0.0.1", stack.tls_port), timeout=10) as conn,
        context.wrap_socket(conn, server_hostname="localhost") as tls,
    ):
        assert (
            tls.version() == {ssl.TLSVersion.TLSv1_2: "TLSv1.2", ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version]
        )


def test_a_cipher_outside_the_intermediate_profile_is_refused(stack: Stack) -> None:
    """TLS 1.2 with only a CBC/SHA-1 suite (which OpenSSL still offers) gets no handshake."""
    context = ssl.create_default_context(cafile=str(stack.workdir / "self-signed.crt"))
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers("ECDHE-ECDSA-AES128-SHA")
    with (
        socket.create_connection(("127.0.0.1", stack.tls_port), timeout=10) as conn,
        pytest.raises(ssl.SSLError),
    ):
        context.wrap_socket(conn, server_hostname="localhost")


def test_an_unknown_host_gets_no_answer(stack: Stack) -> None:
    """The default server closes the connection (444) without a byte: no page for a name not ours."""
    try:
        answer = raw(stack.http_port, b"GET /da/ HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n")
    except ConnectionResetError:
        answer = b""
    assert answer == b""


@pytest.mark.parametrize("path", ["/da/", "/en/services/danner", "/static/site.css", "/static/site.js"])
def test_security_headers_through_nginx_equal_the_apps_once_each(stack: Stack, path: str) -> None:
    """Pages come from the app through nginx, static files from nginx itself: same headers, not doubled."""
    expected = {name: [value] for name, value in lowtrace.HEADERS.items()}
    code, headers, _ = https_request(stack, "GET", path, headers={"Accept-Encoding": "br, gzip"})
    assert code == 200
    assert security_headers(headers) == expected
    for dropped in lowtrace.DROPPED:
        assert headers.get(dropped) is None, dropped


@pytest.mark.parametrize("coding", ["br", "gzip"])
def test_static_files_come_precompressed_and_identical_to_the_source(stack: Stack, coding: str) -> None:
    code, headers, body = https_request(stack, "GET", "/static/site.css", headers={"Accept-Encoding": coding})
    assert code == 200 and headers["Content-Encoding"] == coding and "Accept-Encoding" in headers["Vary"]
    unpacked = brotli.decompress(body) if coding == "br" else gzip.decompress(body)
    assert unpacked == (ROOT / "site" / "static" / "site.css").read_bytes()


def test_nginx_errors_are_the_apps_error_page_with_its_headers(stack: Stack) -> None:
    """A body over the app's MAX_CONTENT_LENGTH is refused by nginx with the app's 413 page and headers."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    code, headers, body = https_request(stack, "POST", "/da/search", b"q=" + b"a" * 20000, form)
    assert code == 413 and b"112" in body and b"/static/site.css" in body
    assert security_headers(headers) == {name: [value] for name, value in lowtrace.HEADERS.items()}


def test_nginx_error_pages_show_the_instances_settings(stack: Stack) -> None:
    """nginx's own pages are made with the instances' settings, not those of the process starting them.

    The owner and the editors' address are set for the instances only (the stack's `env`); the same
    page from an instance and from nginx names them alike.
    """
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    _, _, body = https_request(stack, "POST", "/da/search", b"q=" + b"a" * 20000, form)
    from_nginx = body.decode()
    from_app = get_url(stack.instances[0].base + "/da/services/none")[1]
    for shown in ("Testkommune", "redaktion@example.dk"):
        assert shown in from_app and shown in from_nginx, shown
    assert "HELPSITE_OWNER" not in os.environ  # else this test would prove nothing


def test_post_searches_are_limited_per_address(stack: Stack) -> None:
    """Past the burst, searches from one address get 429 (the app's page); other addresses are not held up."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}

    def search(_: int) -> int:
        return https_request(stack, "POST", "/en/search", b"q=help", form, source="127.0.0.20")[0]

    # 150 at once: far over the burst (50) plus what 10 a second refill while they are answered.
    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(search, range(150)))
    assert set(codes) == {200, 429} and codes.count(200) >= 50
    assert https_request(stack, "POST", "/en/search", b"q=help", form, source="127.0.0.21")[0] == 200
    assert https_request(stack, "GET", "/en/", source="127.0.0.20")[0] == 200  # pages are not limited


def test_slow_clients_hold_nothing(stack: Stack) -> None:
    """300 connections that dribble their headers, from one address; ordinary visitors are all answered."""
    slow: list[socket.socket] = []
    try:
        for n in range(300):
            conn = socket.create_connection(("127.0.0.1", stack.http_port), source_address=(ATTACKER, 0))
            conn.sendall(b"GET /da/ HTTP/1.1\r\nHost: localhost\r\n")
            slow.append(conn)
            if n % 100 == 99:
                for c in slow:
                    c.sendall(b"X-Slow: 1\r\n")
        answered = [
            https_request(stack, "GET", path, timeout=5)[0]
            for path in ("/da/", "/en/", "/static/site.css") * 5
        ]
        assert answered == [200] * 15
    finally:
        for conn in slow:
            conn.close()


def test_kill_9_of_one_instance_under_load_fails_no_request_and_it_rejoins(stack: Stack) -> None:
    """Every request succeeds but one the lost instance was answering at the instant of the kill: once
    nginx has passed on its head, no proxy can send it elsewhere (seen once in a dozen runs: a page's
    head and none of its body). So at most one cut-off body per load thread, sent before the kill and
    ended after it; anything else (an error page, a reset, a request sent later) fails the test."""
    lost = stack.instances[0]
    with Load(stack) as load:
        wait_for(lambda: load.done > 40, "the load to get going")
        killing = time.monotonic()
        lost.kill()
        at_kill = load.done
        wait_for(lambda: load.done > at_kill + 100, "requests served after the kill")
        lost.start().wait_until_up()
        served_before = lost.log.read_text().count('"GET ')
        wait_for(lambda: lost.log.read_text().count('"GET ') > served_before + 10, "the instance to rejoin")
    cut_off = [
        f for f in load.failed if f.outcome.startswith("IncompleteRead(") and f.sent < killing < f.ended
    ]
    other = [f for f in load.failed if f not in cut_off]
    threads = [f.thread for f in cut_off]
    said = (load.done, load.failures[:5], nginx_said(stack))
    assert other == [] and len(threads) == len(set(threads)) and load.done > 150, said


def test_a_rolling_restart_fails_no_request(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    pids = [instance.process.pid for instance in stack.instances]  # type: ignore[union-attr]
    # Around each stop the load runs flat out, so requests are under way when the signal comes (a stop
    # that cut an answer off would fail one). While the instance starts again, each thread waits 20 ms
    # after each answer (about 140 requests a second), and leaves the cores to the starting instance:
    # unpaced all through (570 a second over TLS), the load took most of both cores from it.
    pace = 0.02
    load = Load(stack, pause=pace)

    def flat_out(stop: Callable[[], None]) -> Callable[[], None]:
        def stopping() -> None:
            load.pause = 0.0
            time.sleep(0.1)  # every thread has woken and sent its next request
            try:
                stop()
            finally:
                load.pause = pace

        return stopping

    for instance in stack.instances:
        monkeypatch.setattr(instance, "stop", flat_out(instance.stop))
    with load:
        wait_for(lambda: load.done > 20, "the load to get going")
        stack.rolling_restart()
    assert [instance.process.pid for instance in stack.instances] != pids  # type: ignore[union-attr]
    assert load.failures == [] and load.done > 100, (load.done, load.failures[:5], nginx_said(stack))
    assert all(instance.ready() for instance in stack.instances)


def test_a_publish_reaches_every_instance_and_broken_content_none(stack: Stack) -> None:
    """A good edit reaches every worker of every instance; a broken one is never served. A worker looks
    at the build link at most once a second (`CHECK_EVERY`), so for up to a second after a publish it
    may still serve the version before: the last good one, never the broken one."""
    danner = stack.content / "services" / "danner.md"  # type: ignore[attr-defined]
    original = danner.read_text(encoding="utf-8")
    summary = next(line for line in original.splitlines() if line.startswith("summary:"))
    before, new, broken = summary.removeprefix("summary: ")[:40], "Ny tekst på alle instanser.", "Ødelagt"

    def answers() -> list[tuple[str, int, str]]:
        """Ten answers from each instance (a new connection each: either worker takes it), ten via nginx."""
        direct = [(i.base, *get_url(i.base + "/da/services/danner")) for i in stack.instances * 10]
        front = [
            ("nginx", code, body.decode())
            for code, _, body in (https_request(stack, "GET", "/da/services/danner") for _ in range(10))
        ]
        return direct + front

    def versions() -> list[tuple[str, int, str]]:
        """Which version each answer holds (`broken`, `new`, `before`, else its start)."""
        return [
            (where, code, next((text for text in (broken, new, before) if text in body), body[:200]))
            for where, code, body in answers()
        ]

    def all_new() -> bool:
        return all(code == 200 and version == new for _, code, version in versions())

    try:
        replace(danner, summary, f"summary: {new}")
        wait_for(all_new, "the change in every worker of both instances", limit=30)
        # Broken, in one write: an unknown category, and a summary that shows should it ever be served.
        replace(
            danner,
            "category: crisis-centre",
            "category: shelter",
            (f"summary: {new}", f"summary: {new} {broken}"),
        )

        def refused(log: str) -> bool:
            return "nothing was published" in log.partition("'shelter' is not a category")[2]

        wait_for(
            lambda: all(refused(i.log.read_text()) for i in stack.instances),
            "both instances to refuse the broken content",
            limit=30,
        )
        # Past the workers' next look at the link: had the broken version been published, they would
        # serve it now.
        seen = versions()
        time.sleep(CHECK_EVERY)
        seen += versions()
        assert {(code, version) for _, code, version in seen} <= {(200, new), (200, before)}, seen
        wait_for(all_new, "every worker to keep the last good version", limit=10)
    finally:
        danner.write_text(original, encoding="utf-8")


def test_no_log_line_holds_a_client_address_a_query_or_a_user_agent(stack: Stack) -> None:
    """Requests from 127.0.0.9 that make nginx write error lines; no log of the stack names any of it."""
    agent = {"User-Agent": "SecretAgent/1.0", "Referer": "https://referrer.example/private"}
    form = {"Content-Type": "application/x-www-form-urlencoded", **agent}
    https_request(stack, "POST", f"/da/search?q={SECRET}", b"q=" + b"a" * 20000, form, source=ATTACKER)
    https_request(stack, "GET", f"/da/search?q={SECRET}", headers=agent, source=ATTACKER)
    request = f"GET /da/?q={SECRET} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    raw(stack.http_port, request.encode(), source=ATTACKER)
    wait_for(lambda: "too large body" in stack.error_log.read_text(), "nginx to log the refused body")
    logs = stack.logs()
    assert any(name.startswith("gunicorn-") for name in logs) and "nginx-error.log" in logs
    for name, text in logs.items():
        for secret in (ATTACKER, SECRET, "SecretAgent", "referrer.example", "client:"):
            assert secret not in text, (name, secret)


def test_the_public_body_addresses_answer_through_nginx(stack: Stack) -> None:
    """security.txt, robots.txt, sitemap.xml and /was reach the app through `location /`."""
    code, headers, body = https_request(stack, "GET", "/.well-known/security.txt")
    assert code == 200 and body.startswith(b"Contact: mailto:security@example.dk\n")
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    code, _, body = https_request(stack, "GET", "/robots.txt")
    assert code == 200 and body.startswith(b"User-agent: *\n")
    code, headers, body = https_request(stack, "GET", "/sitemap.xml")
    # Behind nginx the addresses need HELPSITE_PUBLIC_URL (unset here: the stack's name is loopback).
    assert code == 200 and b"/da/services/danner</loc>" in body and b'hreflang="x-default"' in body
    code, headers, _ = https_request(stack, "GET", "/was")
    assert (code, headers["Location"]) == (303, "https://was.digst.dk/example-dk")
