"""Handouts, line by line: every A4 row has a number to call."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext

from helpsite import DEFAULTS, create_app
from helpsite.content.model import Content
from helpsite.web.handouts import HOTLINE, READY_SETS

LANGUAGES = DEFAULTS["LANGUAGES"]
SHELTER = "crisis-centre"


@pytest.fixture(scope="module")
def addressed(index_dir: Path) -> Flask:
    """The real content with a public address, so the cards print it and their QR codes."""
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "PUBLIC_URL": "https://hjaelp.example"})


@pytest.fixture
def client(addressed: Flask) -> FlaskClient:
    """A test client for the app with an address."""
    return addressed.test_client()


@pytest.fixture(scope="module")
def content(addressed: Flask) -> Content:
    """The content the app serves."""
    return addressed.extensions["helpsite.store"].content


def get(client: FlaskClient, lang: str, **params: object) -> str:
    """The sheet in `lang` with query parameters (lists repeat); the page as text."""
    response = client.get(f"/{lang}/sheet?{urlencode(params, doseq=True)}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def rows(html: str) -> list[str]:
    """The service rows of an A4 sheet (the head and the 112 line left out)."""
    sheet = html[html.index('<article class="handout') :]
    found = re.findall(r'<section class="ho-row[^"]*">(.*?)</section>', sheet, re.S)
    return found[1:]  # the first section is 112's own line


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_a4_row_has_a_number_and_a_shelter_the_way_to_a_place(
    client: FlaskClient, content: Content, lang: str
) -> None:
    """Every ready-made set, in every language: each row prints a number; a shelter's row 1888's line."""
    with client.application.test_request_context(), force_locale(lang):
        place = gettext("Call %(number)s: Lev Uden Vold knows where there is a vacant place", number="")
    place = place.split(":")[-1].strip() or place  # the words after the number, as printed
    for ready in READY_SETS:
        html = get(client, lang, set=ready.key, format="a4")
        ids = [HOTLINE, *(i for i in ready.members(content) if i != HOTLINE)]  # 1888 always heads the sheet
        printed = rows(html)
        assert len(printed) == len(ids), (ready.key, len(printed))
        for sid, row in zip(ids, printed, strict=True):
            assert '<bdi class="num">' in row.split('<div class="ho-nums">')[1], (lang, ready.key, sid)
            if content.services[sid].category == SHELTER:
                assert '<bdi class="num">1888</bdi>' in row, (lang, sid)
                assert place in row, (lang, sid)
