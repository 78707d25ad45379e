"""The common search answered below Flask: POST /<lang>/search with words only, as HTML.

Why: once the page is put together from parts rendered in advance (search_page.py), Flask's own work
for a search request (contexts, routing, hooks, Babel, the form parser, the response object) cost
about as much as the search itself, measured over the relevance queries. A cached page skips all of
it (pagecache.py); this lets the one request that is never cached skip it too, in its common form:
the words alone, as a page or as the results part site.js asks for. It does what the Flask view does
for that case, from the same parts, the same engine and the same compression, and leaves with the
same headers (tests/test_search_answer.py compares the two byte for byte).

Everything else goes to Flask untouched, with the body as it was sent: another path or method, a
query string, a filter, JSON, another content type or no length, a body over the limit, parts not
rendered yet for this build or minute (Flask renders them), no results (the "did you mean" is
rendered each time), and any error.

Nothing here keeps or logs anything of a request.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.formparser import FormDataParser
from werkzeug.http import parse_accept_header, parse_options_header

from ..search.engine import Engine
from ..taxonomy import AUDIENCES, CATEGORIES
from . import compression
from .lowtrace import LowTraceMiddleware
from .search_page import SearchPage, chosen

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]
FORM = "application/x-www-form-urlencoded"


class SearchAnswer:
    """WSGI middleware in front of Flask: the common POST search answered from kept parts."""

    def __init__(self, app: Flask, wsgi_app: WsgiApp):
        self.app = app
        self.wsgi_app = wsgi_app
        self.paths = {f"/{code}/search": code for code in app.config["LANGUAGES"]}  # as i18n.is_language
        self.limit = min(app.config["MAX_CONTENT_LENGTH"], app.config["MAX_FORM_MEMORY_SIZE"])
        # The answer goes out through the same low-trace headers as every other response.
        self.send = LowTraceMiddleware(self._send)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        lang = (
            self.paths.get(environ.get("PATH_INFO", "")) if environ.get("REQUEST_METHOD") == "POST" else None
        )
        mimetype = parse_options_header(environ.get("CONTENT_TYPE", ""))[0].lower()  # as request.mimetype
        length = environ.get("CONTENT_LENGTH", "")
        if lang is None or environ.get("QUERY_STRING") or mimetype != FORM or not length.isdigit():
            return self.wsgi_app(environ, start_response)
        if int(length) > self.limit:  # Flask refuses it with its own page
            return self.wsgi_app(environ, start_response)
        body = environ["wsgi.input"].read(int(length))
        try:
            answer = self._answer(environ, lang, body)
        except Exception:  # Flask answers instead (its error page, if it fails too)
            answer = None
        if answer is None:
            environ["wsgi.input"] = io.BytesIO(body)
            return self.wsgi_app(environ, start_response)
        environ["helpsite.search_answer"] = answer
        return self.send(environ, start_response)

    def _answer(self, environ: Environ, lang: str, body: bytes) -> bytes | None:
        """The HTML the Flask view would send, or None where it must be Flask's."""
        # Werkzeug's own form parser, as Flask's request.form uses it: the same words from any body.
        _, form, _ = FormDataParser(cls=MultiDict).parse(io.BytesIO(body), FORM, len(body), {})
        accept = parse_accept_header(environ.get("HTTP_ACCEPT"), MIMEAccept)
        # The page's form always sends both filters, empty unless chosen: the view ignores an empty or
        # unknown one as this does, and a chosen one is Flask's.
        if form.get("audience") in AUDIENCES or form.get("category") in CATEGORIES:
            return None
        if accept.best == "application/json":
            return None
        store = self.app.extensions["helpsite.store"]
        store.refresh()  # what Flask's before_request does: switch to a newly published build
        content = store.content
        pages: SearchPage = self.app.extensions["helpsite.search_page"]
        cards = pages.cards(content, lang, kept_only=True)
        if cards is None:
            return None
        engine: Engine = self.app.extensions["helpsite.search"]
        outcome = engine.search(form.get("q", ""), lang)
        alone = environ.get("HTTP_X_FRAGMENT") == "results"
        html = pages.results(content, lang, chosen(cards, outcome.hits), alone, outcome.urgent, None)
        if html is not None and not alone:
            html = pages.page(content, lang, None, outcome.query, outcome.urgent, html)
        return None if html is None else html.encode("utf-8")

    @staticmethod
    def _send(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        body = environ.pop("helpsite.search_answer")
        coding = compression.choose(environ.get("HTTP_ACCEPT_ENCODING", ""))
        packed, coding = compression.encoded(body, coding, uncached=True)
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(packed))),
            ("Vary", "Accept-Encoding"),
        ]
        if coding is not None:
            headers.append(("Content-Encoding", coding))
        start_response("200 OK", headers)
        return [packed]


def init_app(app: Flask) -> None:
    """Answer the common search in front of Flask, except in preview (editors see every change)."""
    if app.config["PREVIEW"]:
        return
    app.wsgi_app = SearchAnswer(app, app.wsgi_app)  # type: ignore[method-assign]
