"""A public body's site: the footer's owner links in every language, `/was`, security.txt, robots.txt."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from owned import owner_settings

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
PAGES = ["/{lang}/", "/{lang}/services/danner", "/{lang}/pages/about", "/{lang}/safety", "/{lang}/search"]


def footer(html: str) -> str:
    """The page's footer."""
    return html[html.index('<footer class="foot">') : html.index("</footer>")]


def in_language(app: Flask, lang: str, message: str) -> str:
    """`message` from the catalogue of `lang`."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(message)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_the_owners_footer_in_its_language(app: Flask, client: FlaskClient, lang: str) -> None:
    statement = in_language(app, lang, "Accessibility statement")
    report = in_language(app, lang, "Report a wrong number or link (opens your own e-mail program)")
    if lang != "en":
        assert statement != "Accessibility statement" and not report.startswith("Report")
    for address in PAGES:
        path = address.format(lang=lang)
        foot = footer(client.get(path).get_data(as_text=True))
        assert f'<a href="https://was.digst.dk/example-dk" rel="noreferrer">{statement}</a>' in foot
        assert 'href="mailto:redaktion@example.dk">redaktion@example.dk</a>' in foot
        assert 'href="tel:+4512345678"' in foot
        (mailto,) = re.findall(r'href="(mailto:redaktion@example\.dk\?subject=[^"]+)"', foot)
        assert unquote(mailto).endswith(f"subject=Forkert nummer eller link på {path}")
        assert report.replace("(", "").split()[0] in foot
        assert "Testkommune" in foot


def test_the_danish_footer_says_tilgaengelighedserklaering(client: FlaskClient) -> None:
    assert ">Tilgængelighedserklæring</a>" in footer(client.get("/da/").get_data(as_text=True))


def test_was_redirects_to_the_configured_statement(client: FlaskClient) -> None:
    response = client.get("/was")
    assert (response.status_code, response.headers["Location"]) == (303, "https://was.digst.dk/example-dk")
    assert "Set-Cookie" not in response.headers


@pytest.fixture
def unowned(make_app, fixture_content: Path) -> FlaskClient:
    """An app over the fixture content with no owner settings at all (a fresh clone)."""
    app = make_app(CONTENT_DIR=fixture_content, LANGUAGES=["da", "en"], BUILD_INDEX_ON_START=False)
    return app.test_client()


def test_without_settings_was_is_a_clear_404_and_the_footer_invents_nothing(unowned: FlaskClient) -> None:
    response = unowned.get("/was")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Tilgængelighedserklæringen er ikke offentliggjort endnu." in page
    foot = footer(unowned.get("/da/pages/about").get_data(as_text=True))
    assert '<a href="/was">Tilgængelighedserklæring</a>' in foot
    assert "mailto:" not in foot and "tel:" not in foot


def test_security_txt_follows_rfc_9116(client: FlaskClient) -> None:
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response.content_type == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.get_data(as_text=True).splitlines())
    assert fields["Contact"] == "mailto:security@example.dk"
    expires = dt.datetime.fromisoformat(fields["Expires"])
    assert expires.tzinfo is not None and expires.date() > dt.date.today()
    assert fields["Preferred-Languages"] == "da, en"


def test_security_txt_names_its_canonical_address_with_a_public_url(make_app, fixture_content: Path) -> None:
    app = make_app(
        CONTENT_DIR=fixture_content,
        LANGUAGES=["da"],
        BUILD_INDEX_ON_START=False,
        PUBLIC_URL="https://hjaelp.example.dk",
        **owner_settings(dt.date.today()),
    )
    body = app.test_client().get("/.well-known/security.txt").get_data(as_text=True)
    assert "Canonical: https://hjaelp.example.dk/.well-known/security.txt\n" in body
    robots = app.test_client().get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: https://hjaelp.example.dk/sitemap.xml" in robots


def test_without_settings_security_txt_is_404(unowned: FlaskClient) -> None:
    assert unowned.get("/.well-known/security.txt").status_code == 404


def test_robots_txt_lets_search_engines_read_the_pages(client: FlaskClient) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *" and "Allow: /" in lines and "Disallow: /api/" in lines


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.mark.slow
def test_sitemap_lists_every_page_and_service_in_every_language_with_alternates(
    app: Flask, client: FlaskClient
) -> None:
    response = client.get("/sitemap.xml", base_url="https://hjaelp.example.dk")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ElementTree.fromstring(response.get_data())
    urls = root.findall(f"{SITEMAP}url")
    served = app.extensions["helpsite.store"].content
    expected = 2 + len(served.pages) + len(served.services)  # home and the writing page, then the rest
    assert len(urls) == expected * len(LANGUAGES)
    locs = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert len(set(locs)) == len(locs)
    for wanted in ("/da/", "/ar/pages/privacy", "/uk/safety", "/so/services/danner", "/pl/write"):
        assert f"https://hjaelp.example.dk{wanted}" in locs
    for url in urls:
        links = {x.get("hreflang"): x.get("href") for x in url.findall(f"{XHTML}link")}
        assert set(links) == {*LANGUAGES, "x-default"}
        loc = url.findtext(f"{SITEMAP}loc") or ""
        lang = loc.split("/")[3]
        assert links[lang] == loc
        assert links["x-default"] == links["da"]
    for loc in locs:
        path = (loc or "").removeprefix("https://hjaelp.example.dk")
        assert client.get(path).status_code == 200, path
