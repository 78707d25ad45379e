"""The page budget: a first visit is at most 3 same-origin requests and 14 KB compressed (HTML+CSS+JS).

14 KB is what the first TCP round trip carries (ten segments), so a page under it shows after one
round trip on a slow mobile connection. Measured two ways: over HTTP for every address in every
language and both codings, and in Chromium for each kind of page, counting what the browser fetched.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import brotli
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
BUDGET_BYTES = 14 * 1024
BUDGET_REQUESTS = 3
SEARCH_WORDS = "vold"  # any word: the page's weight is what is measured, not the ranking


class Subresources(HTMLParser):
    """Every address an HTML page makes the browser fetch on load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        rel = set(found.get("rel", "").lower().split())
        if tag == "link" and rel & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}:
            self.urls.append(found.get("href", ""))
        elif tag in ("script", "img", "iframe", "embed", "audio", "video", "source", "track") and found.get(
            "src"
        ):
            self.urls.append(found["src"])
        elif tag == "object" and found.get("data"):
            self.urls.append(found["data"])


def subresources(html: str) -> list[str]:
    """The addresses `html` loads, in document order, without repeats."""
    parser = Subresources()
    parser.feed(html)
    return list(dict.fromkeys(parser.urls))


def css_urls(css: str) -> list[str]:
    """Addresses a stylesheet would fetch (fonts, images, imports), leaving out data: URLs."""
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return [url for url in found if not url.startswith("data:")]


def is_same_origin(url: str) -> bool:
    """True for an address on this site: a path, never another host or scheme."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def pages(site_paths: Callable[[str], list[str]], lang: str) -> Iterator[tuple[str, str]]:
    """(method, path) for every page in `lang`: each address, a search with results and a 404."""
    for path in site_paths(lang):
        yield "GET", path
    yield "POST", f"/{lang}/search"
    yield "GET", f"/{lang}/services/no-such-service"


def fetch(client: FlaskClient, method: str, path: str, coding: str) -> TestResponse:
    """One page or file, asking for `coding` ("identity" for the plain text)."""
    headers = {"Accept-Encoding": coding}
    if method == "POST":
        return client.post(path, data={"q": SEARCH_WORDS}, headers=headers, buffered=True)
    return client.get(path, headers=headers, buffered=True)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_fits_the_budget_over_http(
    client: FlaskClient, site_paths: Callable[[str], list[str]], lang: str
) -> None:
    """Every address, brotli and gzip: HTML + what it loads under 14 KB, at most 3 same-origin requests."""
    weights: dict[tuple[str, str], int] = {}  # (file, coding) -> bytes: the same CSS and JS on every page
    nested: dict[str, list[str]] = {}  # stylesheet -> the files it makes the browser fetch

    def weight(url: str, coding: str) -> int:
        if (url, coding) not in weights:
            sub = fetch(client, "GET", url, coding)
            assert sub.status_code == 200, (url, sub.status_code)
            assert sub.headers.get("Content-Encoding") == coding, (url, coding)
            weights[url, coding] = len(sub.data)
        return weights[url, coding]

    def fetched_by(url: str) -> list[str]:
        if url not in nested:
            sub = fetch(client, "GET", url, "identity")
            nested[url] = css_urls(sub.get_data(as_text=True)) if sub.mimetype == "text/css" else []
        return nested[url]

    for method, path in pages(site_paths, lang):
        loaded = subresources(fetch(client, method, path, "identity").get_data(as_text=True))
        loaded += [inner for url in loaded for inner in fetched_by(url)]
        assert 1 + len(loaded) <= BUDGET_REQUESTS, (path, loaded)
        assert all(is_same_origin(url) for url in loaded), (path, loaded)
        for coding in ("br", "gzip"):
            page = fetch(client, method, path, coding)
            assert page.headers.get("Content-Encoding") == coding, (path, coding)
            total = len(page.data) + sum(weight(url, coding) for url in loaded)
            assert total <= BUDGET_BYTES, f"{method} {path} ({coding}): {total} bytes > {BUDGET_BYTES}"


# One address of each kind of page; the search results are a POST, as the form sends it.
PAGE_KINDS = {
    "home": "/{lang}/",
    "service": "/{lang}/services/danner",
    "search results": "/{lang}/search",
    "content page": "/{lang}/pages/recognise",
    "safety": "/{lang}/safety",
    "cannot talk": "/{lang}/write",
    "sheet builder": "/{lang}/sheet",
}


@pytest.fixture(scope="module")
def first_visit(browser: object, live_server: str) -> Iterator[Callable[[str, str], list[tuple[str, int]]]]:
    """Load a page as on a first visit; (URL, encoded body bytes) of every request it made."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    # Nothing may come from a cache: every load counts everything, as on a first visit.
    context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})

    def as_form_post(route: object) -> None:
        # The form's POST, made as the navigation itself, so the results page is loaded first-hand.
        request = route.request  # type: ignore[attr-defined]
        headers = {**request.headers, "content-type": "application/x-www-form-urlencoded"}
        route.continue_(method="POST", post_data=f"q={SEARCH_WORDS}", headers=headers)  # type: ignore[attr-defined]

    def visit(kind: str, lang: str) -> list[tuple[str, int]]:
        url = live_server + PAGE_KINDS[kind].format(lang=lang)
        if kind == "search results":
            page.route(url, as_form_post)
        seen: list[object] = []

        def record(request: object) -> None:
            seen.append(request)

        page.on("request", record)
        try:
            response = page.goto(url, wait_until="load")
        finally:
            page.remove_listener("request", record)
            if kind == "search results":
                page.unroute(url, as_form_post)
        assert response is not None and response.status == 200, (url, response and response.status)
        assert response.request.method == ("POST" if kind == "search results" else "GET")
        return [(request.url, request.sizes()["responseBodySize"]) for request in seen]  # type: ignore[attr-defined]

    yield visit
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_visit_in_chromium_fits_the_budget(
    first_visit: Callable[[str, str], list[tuple[str, int]]], live_server: str, lang: str
) -> None:
    """What Chromium actually fetches for each kind of page: ≤ 3 requests, all ours, ≤ 14 KB encoded."""
    for kind in PAGE_KINDS:
        fetched = first_visit(kind, lang)
        urls = [url for url, _ in fetched]
        assert len(fetched) <= BUDGET_REQUESTS, (kind, urls)
        assert all(url.startswith(live_server + "/") for url in urls), (kind, urls)
        total = sum(size for _, size in fetched)
        assert 0 < total <= BUDGET_BYTES, f"{kind} ({lang}): {total} bytes > {BUDGET_BYTES}: {fetched}"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("gzip;q=0.5, br;q=0.9", "br"),
        ("*", "br"),
        ("*;q=0.5, br;q=0", "gzip"),
        ("*;q=0", None),
        ("identity", None),
        ("deflate", None),
        ("gzip;q=abc", None),
        ("", None),
    ],
)
def test_the_coding_follows_accept_encoding(client: FlaskClient, accept: str, expected: str | None) -> None:
    """brotli or gzip as the client rates them (q-values, `*`, refusals); the body is the same page."""
    plain = client.get("/ar/services/danner", headers={"Accept-Encoding": "identity"})
    response = client.get("/ar/services/danner", headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == expected
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.data
    if expected == "br":
        body = brotli.decompress(body)
    elif expected == "gzip":
        body = gzip.decompress(body)
    assert body == plain.data
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.headers["Cache-Control"] == "no-store"  # the low-trace headers survive compression


def test_what_is_never_compressed(client: FlaskClient) -> None:
    """HEAD, tiny bodies, images, and a 304 or 206 of a static file go out as they are."""
    br = {"Accept-Encoding": "br, gzip"}
    assert "Content-Encoding" not in client.head("/da/", headers=br).headers
    assert "Content-Encoding" not in client.get("/healthz", headers=br).headers
    assert "Content-Encoding" not in client.get("/favicon.ico", headers=br, buffered=True).headers
    ranged = client.get("/static/site.css", headers={**br, "Range": "bytes=0-99"}, buffered=True)
    assert ranged.status_code == 206 and "Content-Encoding" not in ranged.headers
    assert len(ranged.data) == 100
