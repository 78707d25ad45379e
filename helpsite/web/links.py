"""Where a service or a page lives: the one place a (kind, id) and a language become an address.

content/ knows entries by kind and id only; the addresses are the routes of views.py, built with
url_for here, so the views, the templates, the search's JSON and the sitemap ask this module.
"""

from __future__ import annotations

from flask import Flask, current_app, request, url_for

from ..content.model import SAFETY, Localised, Page

SERVICE, PAGE = "service", "page"  # the kinds, as content/ names them (content/files.py KINDS)
# Addresses kept per app: the keys are the content's entries and links in the site's languages, so
# they are few; the limit only keeps a content that links to thousands of entries from growing it.
_KEPT_LIMIT = 20_000


def url(kind: str, key: str, lang: str) -> str:
    """The address of service `key` or page `key` in `lang` (the safety page has its own)."""
    # Pages are rendered per request and a body's links resolved each time; url_for takes about
    # 40 µs, so each address is built once per app and looked up after (about 0.1 µs).
    kept: dict[tuple[str, str, str, str], str] = current_app.extensions["helpsite.links"]
    known = (request.script_root, kind, key, lang)  # url_for puts the script root first
    found = kept.get(known)
    if found is None:
        if len(kept) >= _KEPT_LIMIT:
            kept.clear()
        found = kept[known] = _build(kind, key, lang)
    return found


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


def init_app(app: Flask) -> None:
    """Keep built addresses per app, and give templates an entry's address."""
    app.extensions["helpsite.links"] = {}
    app.jinja_env.globals.update(entry_url=entry_url)
