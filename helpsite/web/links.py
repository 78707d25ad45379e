"""Where a service or a page lives: the one place a (kind, id) and a language become an address.

content/ knows entries by kind and id only: a text's internal links stay `service:<id>` and
`page:<slug>` in its rendered body (content/markdown.py). The addresses are the routes of views.py,
built with url_for here, so the views, the templates, the search's JSON and the sitemap ask this
module, and `body` puts them into a body as its page is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import unquote

from flask import Flask, current_app, g, request, url_for
from markupsafe import Markup, escape

from ..content.model import SAFETY, Localised, Page

SERVICE, PAGE = "service", "page"  # the kinds, as content/ names them (content/files.py KINDS)
# An internal link in a rendered body: nh3 writes every attribute's value in double quotes.
_MARKER = re.compile(rf'href="({SERVICE}|{PAGE}):([^"]*)"')
# Addresses kept per app: the keys are the content's entries and links in the site's languages, so
# they are few; the limit only keeps a content that links to thousands of entries from growing it.
_KEPT_LIMIT = 20_000


def url(kind: str, key: str, lang: str) -> str:
    """The address of service `key` or page `key` in `lang` (the safety page has its own)."""
    return _address(current_app.extensions["helpsite.links"], request.script_root, kind, key, lang)


def _kept(kept: dict[tuple[Any, ...], str], key: tuple[Any, ...], build: Callable[[], str]) -> str:
    # Pages are rendered per request and a body's links resolved each time; url_for takes tens of
    # microseconds, so each address is built once per app (and script root, which url_for puts
    # first) and looked up after.
    found = kept.get(key)
    if found is None:
        if len(kept) >= _KEPT_LIMIT:
            kept.clear()
        found = kept[key] = build()
    return found


def _address(kept: dict[tuple[Any, ...], str], root: str, kind: str, key: str, lang: str) -> str:
    return _kept(kept, (root, kind, key, lang), lambda: _build(kind, key, lang))


def _build(kind: str, key: str, lang: str) -> str:
    if kind == SERVICE:
        return url_for("site.service", lang=lang, service_id=key)
    if key == SAFETY:
        return url_for("site.safety", lang=lang)
    return url_for("site.page", lang=lang, slug=key)


def entry_url(entry: Localised) -> str:
    """The address of a service or a page in the language it is shown in."""
    item = entry.item
    return url(PAGE if isinstance(item, Page) else SERVICE, item.key, entry.lang)


def resolve(html: str, lang: str) -> str:
    """`html` with its `service:`/`page:` links made addresses in `lang`, in one pass."""
    # The app's and the request's context are looked up once, not per link: each look-up costs as
    # much as the rest of a link's work. A link's whole attribute is kept as it is written out.
    kept, root = current_app.extensions["helpsite.links"], request.script_root

    def attribute(kind: str, written: str) -> str:
        key = unquote(unescape(written))  # the id as written: escaped by nh3, percent-encoded by markdown-it
        return f'href="{escape(_address(kept, root, kind, key, lang))}"'

    def href(match: re.Match[str]) -> str:
        return _kept(kept, (root, lang, match[0]), lambda: attribute(match[1], match[2]))

    return _MARKER.sub(href, html)


def body(entry: Localised) -> Markup:
    """The entry's body as the page shows it: sanitised HTML, its links into the reader's language."""
    return Markup(resolve(entry.text.body_html, entry.lang))  # nh3 made it safe (content/markdown.py)


def kept_url_for(endpoint: str, **values: Any) -> str:
    """url_for, each address built once per app: a page's frame asks for about fifteen (the language
    switcher, the footer, the style sheet), at 30 µs each."""
    if any(name.startswith("_") for name in values):  # _external and the like: not kept
        return url_for(endpoint, **values)
    # The request's language is in the key: url_for adds it to routes under /<lang>/ (i18n.py).
    key = ("url_for", request.script_root, g.get("lang"), endpoint, *sorted(values.items()))
    try:
        return _kept(current_app.extensions["helpsite.links"], key, lambda: url_for(endpoint, **values))
    except TypeError:  # a value that is a list (a handout's chosen services) is no key: built each time
        return url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    """Keep built addresses per app, and give templates an entry's address, its body and url_for."""
    app.extensions["helpsite.links"] = {}
    app.jinja_env.globals.update(entry_url=entry_url, body=body, url_for=kept_url_for)
