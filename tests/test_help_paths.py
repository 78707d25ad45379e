"""The ways to help through HTTP: a shelter always leads to a number, browsing is not searching, the
"cannot talk safely" page says what writing is not, and Danish titles are said in Danish."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from helpsite.content.model import Content

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
PLACE = 'class="contact contact-phone contact-place" href="tel:1888"'


@pytest.fixture(scope="module")
def content(app: Flask) -> Content:
    """The content the shared app serves."""
    return app.extensions["helpsite.store"].content


def main(html: str) -> str:
    """The page's <main>."""
    return html[html.index("<main") : html.index("</main>")]


def cards(html: str) -> list[str]:
    """Every card on a page."""
    return re.findall(r'<article class="card">(.*?)</article>', html, re.S)


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "da"])
def test_a_title_kept_in_danish_is_marked_danish(client: FlaskClient, content: Content, lang: str) -> None:
    """ "Politiet" on an English page, "Sammen uden vold – Småbørnsforældre" in Ukrainian: lang="da"."""
    for sid in content.services:
        entry = content.service(sid, lang)
        html = client.get(f"/{lang}/services/{sid}").text
        danish = entry.text.title == content.service(sid, "da").text.title
        marked = f'<h1 lang="da" dir="ltr">{entry.text.title}' in html.replace("&#39;", "'")
        assert marked == danish, (lang, sid, entry.text.title)
