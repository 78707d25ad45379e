"""`/sitemap.xml`: every page and service in every enabled language, each with its hreflang alternates.

The addresses start with PUBLIC_URL when it is set (as on handouts); otherwise with the address the
request came to, so `make run` answers too. Either way the answer is never kept (web/pagecache.py keeps
HTML only) and is the same list for every language.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from flask import Flask, Response, current_app, request, url_for

from ..languages import DEFAULT_LANGUAGE
from . import links
from .handouts import public_url
from .views import content

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def addresses(lang: str) -> list[str]:
    """Every address in `lang` below the site's root: home, the writing page, each page and service."""
    served = content()
    found = [
        url_for("site.index", lang=lang),
        url_for("site.write", lang=lang),
        *(links.url(links.PAGE, page.slug, lang) for page in served.ordered_pages()),
        *(links.url(links.SERVICE, service.id, lang) for service in served.ordered_services()),
    ]
    # PUBLIC_URL, like the host, names the site's root (handouts add /<lang>/ to it): the script
    # root that url_for puts first is already in it.
    return [address.removeprefix(request.script_root) for address in found]


def _url(base: str, alike: dict[str, str], lang: str) -> str:
    """One address's <url>: `alike` is the same page in every language."""
    default = alike[DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in alike else next(iter(alike))]
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(base + address)}/>'
        for code, address in (*alike.items(), ("x-default", default))
    )
    return f"<url><loc>{base}{alike[lang]}</loc>{alternates}</url>"


def sitemap() -> Response:
    """The sitemap protocol's XML, with xhtml:link alternates (Google's hreflang in sitemaps)."""
    base = public_url() or request.host_url.rstrip("/")
    languages = list(current_app.config["LANGUAGES"])
    each = {code: addresses(code) for code in languages}
    pages = [{code: each[code][i] for code in languages} for i in range(len(each[languages[0]]))]
    urls = [_url(base, alike, lang) for alike in pages for lang in languages]
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>\n' + "\n".join(urls) + "\n</urlset>\n"
    return Response(body, mimetype="application/xml")


def init_app(app: Flask) -> None:
    """Register `/sitemap.xml`."""
    app.add_url_rule("/sitemap.xml", "sitemap", sitemap)
