"""The page cache: a GET page renders once a minute per content build; nothing else is kept."""

from __future__ import annotations

import dataclasses
import gzip
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest
from flask import Flask, request
from servers import seed_index
from werkzeug.test import Client
from werkzeug.wrappers import Response

from helpsite import create_app
from helpsite.web import pagecache


@pytest.fixture(scope="module")
def counting(real_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, list[str]]:
    """One app for the module that records every request that reaches Flask (a cache miss)."""
    index = tmp_path_factory.mktemp("pagecache-index")
    seed_index(real_index, index)
    app = create_app(
        {"TESTING": True, "INDEX_DIR": index, "LANGUAGES": ["da", "en"], "BUILD_INDEX_ON_START": False}
    )
    reached: list[str] = []

    @app.before_request
    def count() -> None:
        reached.append(request.path)

    return app, reached


@pytest.fixture
def counted(counting: tuple[Flask, list[str]]) -> tuple[Flask, list[str]]:
    """The module's app with its cache and its record emptied: each test starts as on a new app."""
    app, reached = counting
    cache = app.wsgi_app
    assert isinstance(cache, pagecache.PageCache)
    cache.entries.clear()
    cache.stamp = None
    reached.clear()
    return app, reached


def test_a_page_renders_once_and_is_served_again_byte_for_byte(counted) -> None:
    app, reached = counted
    client = app.test_client()
    first = client.get("/da/services/danner")
    second = client.get("/da/services/danner")
    assert reached == ["/da/services/danner"]
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["Cache-Control"] == "no-store"  # the browser still keeps nothing
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    client.get("/en/services/danner")
    assert reached[-1] == "/en/services/danner"


def test_each_encoding_is_kept_apart(counted) -> None:
    app, _ = counted
    client = app.test_client()
    for _ in range(2):
        br = client.get("/da/", headers={"Accept-Encoding": "br"})
        gz = client.get("/da/", headers={"Accept-Encoding": "gzip"})
        plain = client.get("/da/", headers={"Accept-Encoding": "identity"})
        assert br.headers["Content-Encoding"] == "br" and gz.headers["Content-Encoding"] == "gzip"
        assert "Content-Encoding" not in plain.headers
        assert brotli.decompress(br.data) == gzip.decompress(gz.data) == plain.data


def test_search_errors_and_redirects_are_never_kept(counted) -> None:
    app, reached = counted
    client = app.test_client()
    for _ in range(2):
        client.post("/da/search", data={"q": "krisecenter"})
        client.get("/da/services/no-such-thing")
        client.get("/")
    assert reached.count("/da/search") == 2
    assert reached.count("/da/services/no-such-thing") == 2
    assert reached.count("/") == 2


def test_a_new_minute_renders_again(counted, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Open now" is computed from the clock, so no page is older than the minute it was made in."""
    app, reached = counted
    client = app.test_client()
    now = [1_800_000_000.0]
    monkeypatch.setattr(pagecache.time, "time", lambda: now[0])
    client.get("/da/")
    client.get("/da/")
    now[0] += 60
    client.get("/da/")
    assert reached == ["/da/", "/da/"]


def test_new_content_renders_again(counted, monkeypatch: pytest.MonkeyPatch) -> None:
    app, reached = counted
    client = app.test_client()
    store = app.extensions["helpsite.store"]
    client.get("/da/")
    monkeypatch.setattr(store, "content", dataclasses.replace(store.content, fingerprint="a-new-build"))
    client.get("/da/")
    assert reached == ["/da/", "/da/"]


def test_preview_has_no_cache(make_app: Callable[..., Flask], fixture_content) -> None:
    app = make_app(CONTENT_DIR=fixture_content, PREVIEW=True, LANGUAGES=["da"], BUILD_INDEX_ON_START=False)
    assert not isinstance(app.wsgi_app, pagecache.PageCache)


HOSTILE_HEADERS = [
    {"X-Fragment": "results"},
    {"X-Fragment": "results", "Accept-Encoding": "gzip, deflate, br, zstd"},
    {"Host": "evil.example"},
    {"Accept": "application/json"},
    {"Accept-Language": "ar"},
]


@pytest.mark.parametrize("headers", HOSTILE_HEADERS)
@pytest.mark.parametrize("path", ["/da/search?audience=victims", "/da/search", "/da/", "/da/services/danner"])
def test_no_request_header_changes_the_page_the_next_visitor_gets(counted, headers, path) -> None:
    app, _ = counted
    client = app.test_client()
    chrome = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    for _ in range(3):  # the first is kept if it would be; thirty changed nothing more
        client.get(path, headers={**chrome, **headers})
    after = client.get(path, headers=chrome)
    # The same request past the cache (its inner WSGI app): the page as rendered now.
    fresh = Client(app.wsgi_app.wsgi_app, Response).get(path, headers=chrome)
    page = brotli.decompress(after.data).decode()
    assert 'class="exit' in page and "site.js" in page and "site.css" in page  # the quick exit is there
    assert after.data == fresh.data


def test_a_get_search_is_always_the_whole_page(counted) -> None:
    app, _ = counted
    page = app.test_client().get("/da/search?audience=victims", headers={"X-Fragment": "results"})
    assert page.status_code == 200 and b"<html" in page.data and b"site.js" in page.data


def test_junk_query_strings_are_not_kept_and_do_not_push_pages_out(counted, monkeypatch) -> None:
    app, reached = counted
    monkeypatch.setattr(pagecache, "MAX_ENTRIES", 5)
    monkeypatch.setattr(pagecache.time, "time", lambda: 1_800_000_000.0)  # no new minute mid-test
    client = app.test_client()
    client.get("/da/")
    for n in range(20):
        client.get(f"/da/?junk={n}")
        client.get(f"/da/search?audience=victims&x={n}")
        client.get("/da/search?audience=nobody")
    before = len(reached)
    client.get("/da/")
    assert len(reached) == before  # still kept
    cache = app.wsgi_app
    assert isinstance(cache, pagecache.PageCache) and len(cache.entries) == 1


@pytest.mark.parametrize(
    "environ, key",
    [
        (
            {"REQUEST_METHOD": "GET", "PATH_INFO": "/da/", "HTTP_ACCEPT_ENCODING": "br, gzip"},
            ("/da/", "", "br"),
        ),
        (
            {"REQUEST_METHOD": "GET", "PATH_INFO": "/da/", "HTTP_ACCEPT_ENCODING": "gzip;q=1, br;q=0.5"},
            ("/da/", "", "gzip"),
        ),
        (
            {"REQUEST_METHOD": "GET", "PATH_INFO": "/da/", "HTTP_ACCEPT_ENCODING": "x, y, z"},
            ("/da/", "", "identity"),
        ),
        (
            {"REQUEST_METHOD": "GET", "PATH_INFO": "/da/search", "QUERY_STRING": "category=honour"},
            ("/da/search", "category=honour", "identity"),
        ),
        ({"REQUEST_METHOD": "GET", "PATH_INFO": "/da/search", "QUERY_STRING": "category=nope"}, None),
        ({"REQUEST_METHOD": "GET", "PATH_INFO": "/da/sheet", "QUERY_STRING": "r=danner"}, None),
        ({"REQUEST_METHOD": "POST", "PATH_INFO": "/da/search"}, None),
        ({"REQUEST_METHOD": "HEAD", "PATH_INFO": "/da/"}, None),
    ],
)
def test_the_key_holds_what_a_page_depends_on_and_nothing_a_client_can_vary_freely(environ, key) -> None:
    assert pagecache.cache_key(environ) == key
