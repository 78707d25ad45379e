"""Every error as a page in the reader's language with 112 and 1888; the favicon."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from ..languages import DEFAULT_LANGUAGE
from . import i18n
from .views import crisis_lines

# Headers an error carries that a client needs (405: Allow, as RFC 9110 requires).
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def error_page(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    """Every error as a page in the reader's language, with 112 and 1888 on it."""
    if g.get("lang") is None:
        # No route matched (so no URL value was taken): read the prefix ourselves.
        prefix = request.path.strip("/").split("/", 1)[0]
        g.lang = prefix if i18n.is_language(current_app, prefix) else DEFAULT_LANGUAGE
    if request_ctx.url_adapter is None:
        # A Host header Werkzeug cannot use (400 BadHost) leaves no URL builder; the page's links are
        # relative paths, so any name will do to build them.
        request_ctx.url_adapter = current_app.url_map.bind("localhost", script_name=request.root_path or "/")
    headers = {k: v for k, v in error.get_headers() if k in KEPT_HEADERS}
    page = render_template("errors/error.html", error=error, crisis_lines=crisis_lines(g.lang))
    return page, error.code or 500, headers


def favicon() -> Response:
    """Browsers ask for /favicon.ico on their own: a plain square in the site's colour, not a 404 page."""
    # A PNG: every browser takes one at this address, and it displays if opened as a page.
    return current_app.send_static_file("favicon.png")


def init_app(app: Flask) -> None:
    """Register the error pages and the favicon."""
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.register_error_handler(HTTPException, error_page)
