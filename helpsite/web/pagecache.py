"""A small in-memory cache of rendered pages, in front of Flask, so a busy server renders each page once.

Every public page is the same for every reader (no sessions, no cookies, no personal data), so a
GET page that rendered as 200 HTML can be served again as it was: the same bytes, the same headers.
Entries are dropped when the content changes (a new build) and when the minute changes, because
"open now" is computed from the clock. Search (POST) is never cached. The cache lives in each worker's
memory only and holds nothing about who asked.

What one client sends must never change what another is served, so the key holds everything a kept
page depends on: the path, the query string and the coding chosen from Accept-Encoding. Nothing else
in a request changes a GET page (the views read no other header on GET: the results part that site.js
asks for with X-Fragment is a POST answer, and Host never enters a page). Only a page's own
addresses are kept: no query string, or one browse filter with a known value (`audience=victims`),
so junk query strings and odd Accept-Encoding headers cannot fill the cache or push real pages out.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.exceptions import BadHost

from ..taxonomy import AUDIENCES, CATEGORIES
from .compression import choose

# Every page × language × coding is about 1,300 today; a guard, since only real pages are ever kept.
MAX_ENTRIES = 4000
# The only query strings a kept page may have: one browse filter with a value the views know.
FILTERS = {"audience": frozenset(AUDIENCES), "category": frozenset(CATEGORIES)}
MAX_BODY = 256 * 1024  # bytes; larger responses are passed through

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


class PageCache:
    """WSGI middleware: serve a stored copy of a GET page rendered earlier in the same minute."""

    def __init__(self, app: Flask, wsgi_app: Callable[[Environ, StartResponse], Iterable[bytes]]):
        self.app = app
        self.wsgi_app = wsgi_app
        self.entries: dict[tuple[str, ...], tuple[str, list[tuple[str, str]], bytes]] = {}
        self.stamp: tuple[str, int] | None = None  # (content fingerprint, minute) the entries belong to
        self.lock = threading.Lock()

    def _current_stamp(self) -> tuple[str, int]:
        store = self.app.extensions["helpsite.store"]
        store.refresh()  # the same throttled look at the build link that every request makes
        return store.content.fingerprint, int(time.time() // 60)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        key = cache_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        stamp = self._current_stamp()
        with self.lock:
            if stamp != self.stamp:
                self.entries.clear()
                self.stamp = stamp
            hit = self.entries.get(key)
        if hit is not None and self._usable_host(environ):
            status, headers, body = hit
            start_response(status, list(headers))
            return [body]
        return self._render_and_keep(environ, start_response, key, stamp)

    def _usable_host(self, environ: Environ) -> bool:
        """Whether Werkzeug can use the request's Host: if not, the app answers 400, page kept or not."""
        try:
            self.app.url_map.bind_to_environ(environ)
        except BadHost:
            return False
        return True

    def _render_and_keep(
        self, environ: Environ, start_response: StartResponse, key: tuple[str, ...], stamp: tuple[str, int]
    ) -> Iterable[bytes]:
        captured: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured[:] = [status, headers]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        result = self.wsgi_app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = captured
        if self._keepable(status, headers, body):
            with self.lock:
                if self.stamp == stamp and len(self.entries) < MAX_ENTRIES:
                    self.entries[key] = (status, list(headers), body)
        return [body]

    @staticmethod
    def _keepable(status: str, headers: list[tuple[str, str]], body: bytes) -> bool:
        names = {name.lower(): value for name, value in headers}
        return (
            status.startswith("200")
            and names.get("content-type", "").startswith("text/html")
            and "set-cookie" not in names
            and len(body) <= MAX_BODY
        )


def cache_key(environ: Environ) -> tuple[str, ...] | None:
    """The key a GET page is kept under, or None for a request whose answer is never kept."""
    if environ.get("REQUEST_METHOD") != "GET":
        return None
    query = environ.get("QUERY_STRING", "")
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if len(pairs) != 1 or pairs[0][1] not in FILTERS.get(pairs[0][0], ()):
            return None
        query = "=".join(pairs[0])  # one spelling per filter: "audience=victims"
    coding = choose(environ.get("HTTP_ACCEPT_ENCODING", "")) or "identity"
    return (environ.get("PATH_INFO", ""), query, coding)


def init_app(app: Flask) -> None:
    """Put the cache in front of the app, except in preview (editors must see every save at once)."""
    if app.config["PREVIEW"] or not app.config.get("PAGE_CACHE", True):
        return
    app.wsgi_app = PageCache(app, app.wsgi_app)  # type: ignore[method-assign]
