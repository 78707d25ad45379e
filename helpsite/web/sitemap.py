"""`/sitemap.xml`: every page and service in every enabled language, each with its hreflang alternates.

The addresses start with PUBLIC_URL when it is set (as on handouts); otherwise with the address the
request came to, so `make run` answers too. Either way the answer is never kept (web/pagecache.py keeps
HTML only) and is the same list for every language.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from flask import Flask, Response, current_app, request

from ..content.model import page_path
from ..languages import DEFAULT_LANGUAGE
from .handouts import public_url
from .views import content

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"'


def paths() -> list[str]:
    """Every address below /<lang>/: home, the writing page, each page and each service."""
    served = content()
    return [
        "",
        "write",
        *(page_path(page.slug) for page in served.ordered_pages()),
        *(f"services/{service.id}" for service in served.ordered_services()),
    ]


def _url(base: str, path: str, languages: list[str], lang: str) -> str:
    links = [(code, f"{base}/{code}/{path}") for code in languages]
    default = f"{base}/{DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in languages else languages[0]}/{path}"
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(href)}/>'
        for code, href in (*links, ("x-default", default))
    )
    return f"<url><loc>{base}/{lang}/{path}</loc>{alternates}</url>"


def sitemap() -> Response:
    """The sitemap protocol's XML, with xhtml:link alternates (Google's hreflang in sitemaps)."""
    base = public_url() or request.host_url.rstrip("/")
    languages = list(current_app.config["LANGUAGES"])
    urls = [_url(base, path, languages, lang) for path in paths() for lang in languages]
    body = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NS}>\n' + "\n".join(urls) + "\n</urlset>\n"
    return Response(body, mimetype="application/xml")


def init_app(app: Flask) -> None:
    """Register `/sitemap.xml`."""
    app.add_url_rule("/sitemap.xml", "sitemap", sitemap)
