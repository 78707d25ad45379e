"""A service's or page's public page rendered from given content, outside the public site.

The editor's preview shows an unsaved form as the site would show it: the same templates, filters,
translations and routes (for the links), in an app that serves nothing itself. It is built here, in
the web layer, so the editor reuses the site's rendering instead of copying it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, g
from werkzeug.exceptions import HTTPException

from ..config import ROOT, load_into
from ..content.files import KINDS
from ..content.model import Content
from . import filters, handouts, i18n, links, publicbody, views


class _Shown:
    """The store the views read `content` from: here, the content given to one render (per request)."""

    @property
    def content(self) -> Content:
        """The content of the render under way."""
        return g.shown_content


def page_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """An app with the public site's templates, filters, languages and routes, for rendering only."""
    app = Flask(
        "helpsite.web.entry_page",
        template_folder=str(ROOT / "site" / "templates"),
        static_folder=str(ROOT / "site" / "static"),
    )
    load_into(app.config, test_config)
    i18n.init_app(app)
    filters.init_app(app)
    views.init_app(app)
    publicbody.init_app(app)
    handouts.init_app(app)
    app.extensions["helpsite.store"] = _Shown()
    return app


def render_entry(app: Flask, content: Content, folder: str, key: str, lang: str) -> str | None:
    """The HTML of the entry's public page in `lang` as `content` has it; None when it has no such entry."""
    with app.test_request_context():
        address = links.url(KINDS[folder], key, lang)
    with app.test_request_context(address, method="GET"):
        g.shown_content = content
        try:
            response = app.full_dispatch_request()
        except HTTPException:
            return None
        if response.status_code != 200:
            return None
        return response.get_data(as_text=True)
