"""Low trace, proven: headers on every response, no cookies or session, no storage, no other origin,
search words in no URL, and a gunicorn access log without addresses, queries or bodies."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote_plus, urlsplit

import pytest
from flask import Flask, abort, session
from werkzeug.wrappers import Response as WerkzeugResponse

from helpsite import create_app
from helpsite.languages import KNOWN_LANGUAGES

ALL_LANGUAGES = list(KNOWN_LANGUAGES)
BROWSER_LANGUAGES = ["da", "ar"]  # one left-to-right, one right-to-left
REQUIRED = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Features the site never uses; each must be switched off by Permissions-Policy.
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "browsing-topics",
    "display-capture",
)


def csp_directives(header: str) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    parts = (d.split() for d in header.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def assert_low_trace(response: WerkzeugResponse, what: str) -> None:
    """Every low-trace promise about one response's headers."""
    headers = response.headers
    assert "Set-Cookie" not in headers, what
    for name, value in REQUIRED.items():
        assert headers.get(name) == value, f"{what}: {name} is {headers.get(name)!r}"
    csp = csp_directives(headers["Content-Security-Policy"])
    assert csp.get("default-src") == ["'self'"], what
    assert csp.get("frame-ancestors") == ["'none'"], what
    for directive in ("script-src", "style-src", "img-src", "font-src", "connect-src", "form-action"):
        assert csp.get(directive, csp["default-src"]) in (["'self'"], ["'none'"]), f"{what}: {directive}"
    for directive, sources in csp.items():
        # 'self' or 'none' only: no host, no scheme, no unsafe-inline, no nonce that could widen it.
        assert set(sources) <= {"'self'", "'none'"}, f"{what}: {directive} {sources}"
    policy = headers["Permissions-Policy"]
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy, f"{what}: {feature}"


def test_every_route_in_every_language_sends_the_low_trace_headers(client, route_urls) -> None:
    """Every GET route (all services, pages, static files, redirects) and HEAD/OPTIONS."""
    urls = route_urls(ALL_LANGUAGES)
    assert len(urls) > 150  # 9 languages x (home, search, safety, 16 services, pages) at least
    statuses = set()
    for url in urls:
        with client.get(url) as response:  # closes static files' streams
            statuses.add(response.status_code)
            assert_low_trace(response, f"GET {url}")
    assert {200, 301}.issubset(statuses)
    for method in ("head", "options"):
        assert_low_trace(getattr(client, method)("/da/"), method)


@pytest.mark.parametrize(
    ("method", "url", "data", "status"),
    [
        ("get", "/", None, 303),
        ("get", "/da", None, 308),
        ("get", "/da/pages/safety", None, 301),
        ("get", "/xx/", None, 404),
        ("get", "/da/services/no-such-service", None, 404),
        ("get", "/ar/pages/no-such-page", None, 404),
        ("get", "/static/no-such-file.js", None, 404),
        ("delete", "/da/", None, 405),
        ("put", "/da/search", None, 405),
        ("post", "/da/search", {"q": "x" * 40_000}, 413),
        ("post", "/da/search", {"q": "vold"}, 200),
        ("get", "/healthz", None, 200),
        ("get", "/readyz", None, 200),
    ],
)
def test_redirects_and_errors_send_the_headers(client, method, url, data, status) -> None:
    """Redirects and error pages are responses too."""
    response = getattr(client, method)(url, data=data)
    assert response.status_code == status
    assert_low_trace(response, f"{method.upper()} {url}")


def fresh_app(index_dir: Path, **config: object) -> Flask:
    """A new app over the real content, sharing the session's search index (so nothing is rebuilt)."""
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "PROPAGATE_EXCEPTIONS": False, **config})


@pytest.fixture(scope="module")
def broken_app(app: Flask, index_dir: Path) -> Flask:
    """An app with routes that fail, set a cookie or write the session, as a mistake one day might."""
    app = fresh_app(index_dir, SECRET_KEY="a key someone added")

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    @app.get("/cookie")
    def cookie() -> WerkzeugResponse:
        response = app.make_response("hello")
        response.set_cookie("tracker", "1")
        return response

    @app.get("/session-write")
    def session_write() -> str:
        session["seen"] = True
        return "remembered"

    @app.get("/session-read")
    def session_read() -> str:
        return f"{len(session)} keys"

    @app.get("/teapot")
    def teapot() -> str:
        abort(418)

    return app


def test_a_500_sends_the_headers(broken_app: Flask) -> None:
    """A bug gives the usual error page, with the headers."""
    response = broken_app.test_client().get("/boom")
    assert response.status_code == 500
    assert "112" in response.text
    assert_low_trace(response, "500 page")


def test_a_500_sends_the_headers_even_when_the_error_page_fails(app: Flask, index_dir: Path) -> None:
    """A bug in the error page itself escapes Flask; the middleware still answers with the headers."""
    app = fresh_app(index_dir)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("a bug")

    @app.errorhandler(500)
    def failing_handler(error: Exception) -> str:
        raise RuntimeError("the error page itself broke")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert_low_trace(response, "500 outside Flask's handlers")


def test_no_cookie_and_no_session_whatever_the_code_does(broken_app: Flask) -> None:
    """A cookie set by a view is dropped; the session can be read (empty) but never written."""
    client = broken_app.test_client()
    response = client.get("/cookie")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    response = client.get("/session-write")
    assert response.status_code == 500
    assert "Set-Cookie" not in response.headers
    assert client.get("/session-read").text == "0 keys"
    assert client.get("/teapot").status_code == 418
    assert not client._cookies  # the test client's jar: nothing ever arrived


def test_every_search_box_keeps_words_out_of_urls_and_form_history(client, route_urls) -> None:
    """Each search form on each page posts, with autocomplete, spellcheck and autocapitalize off."""
    import re

    forms = 0
    for url in route_urls(["da", "ar"]):
        with client.get(url) as response:
            if "text/html" not in response.content_type:
                continue
            html = response.text
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S):
            if 'name="q"' not in form:
                continue
            forms += 1
            tag = re.search(r"<form\b[^>]*>", form).group(0)
            assert 'method="post"' in tag, url
            field = re.search(r"<input\b[^>]*name=\"q\"[^>]*>", form).group(0)
            for attribute in ('autocomplete="off"', 'spellcheck="false"', 'autocapitalize="off"'):
                assert attribute in field, f"{url}: {attribute}"
    assert forms > 20


# ---------------------------------------------------------------- in the browser


def test_a_visit_to_every_route_leaves_no_cookie_storage_or_outside_request(
    live_server: str, browser, site_paths, route_urls
) -> None:
    """Visit every route in Chromium, search, and then look for any trace and any other origin."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    # Anything not from this site is refused (there is no internet anyway) and counted above.
    context.route(lambda url: not url.startswith(live_server + "/"), lambda route: route.abort())
    page = context.new_page()
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    # CSP violations ("Refused to ...") and header mistakes ("... Policy header") show in the console.
    warnings = ("Content Security", "Refused", "Policy")
    page.on("console", lambda m: problems.append(m.text) if any(w in m.text for w in warnings) else None)
    cookies_seen = []
    page.on("response", lambda r: cookies_seen.append(r.url) if "set-cookie" in r.all_headers() else None)
    # Every route, plus the reader's addresses with a query (browsing by topic, printable handouts).
    # Files (CSS, JS, icon) are opened as parts of the pages; a browser would download, not show, some.
    urls = sorted(set(route_urls(BROWSER_LANGUAGES)).union(*map(site_paths, BROWSER_LANGUAGES)))
    urls = [url for url in urls if not Path(urlsplit(url).path).suffix]
    # /was is the one address that leaves the site on purpose: a 303 to the accessibility statement
    # in WAS-Tool, which the reader asks for by its link (tests/web/test_publicbody.py).
    urls = [url for url in urls if url != "/was"]
    for url in urls:
        page.goto(live_server + url)
    page.goto(live_server + "/da/search")
    page.fill("#q", "krisecenter")
    page.press("#q", "Enter")
    page.wait_for_load_state()

    assert len(requests) >= len(urls)
    outside = [u for u in requests if urlsplit(u).netloc != urlsplit(live_server).netloc]
    assert outside == []
    assert problems == []
    assert cookies_seen == []
    assert context.cookies() == []
    traces = page.evaluate(
        """async () => ({
            local: localStorage.length,
            session: sessionStorage.length,
            idb: (await indexedDB.databases()).length,
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            caches: (await caches.keys()).length,
            cookie: document.cookie,
        })"""
    )
    assert traces == {"local": 0, "session": 0, "idb": 0, "workers": 0, "caches": 0, "cookie": ""}
    context.close()


def test_search_words_appear_in_no_url_title_or_resent_form(live_server: str, browser) -> None:
    """Searching from the header box and the search page: the words travel in a POST body only."""
    context = browser.new_context()
    page = context.new_page()
    seen: list[tuple[str, str, str]] = []  # (method, url, body)
    page.on("request", lambda r: seen.append((r.method, r.url, unquote_plus(r.post_data or ""))))
    navigations: list[str] = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    words = ["hemmeligtord", "skjultsøgning"]
    titles = []
    # From the header box: an ordinary form post, answered by a results page.
    page.goto(live_server + "/da/")
    page.fill("#q", words[0])
    page.press("#q", "Enter")
    page.wait_for_url(live_server + "/da/search")
    titles.append(page.title())
    # Reload must not send the words again: the page drops the form from its history entry.
    before = len(seen)
    page.reload()
    reloaded = [(method, body) for method, url, body in seen[before:] if urlsplit(url).path == "/da/search"]
    # From the search page (results may come in place).
    page.goto(live_server + "/ar/search")
    page.fill("#q", words[1])
    page.press("#q", "Enter")
    page.wait_for_load_state()
    titles.append(page.title())

    for word in words:
        assert any(method == "POST" and word in body for method, _, body in seen), word
        for url in [u for _, u, _ in seen] + navigations + [page.url]:
            assert word not in unquote_plus(url), url
        assert all(word not in title for title in titles)
    assert reloaded == [("GET", "")]
    context.close()
