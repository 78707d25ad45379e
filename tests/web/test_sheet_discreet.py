"""Handouts, line by line: every A4 row has a number to call, and a pocket card gives nothing away.

The words a card must never print live in one place, helpsite/web/paper.py (GIVEAWAYS), which the
card code reads too; here every language's card, beside Danish and with Danish beside it, is held
against every language's words.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext

from helpsite import DEFAULTS, create_app
from helpsite.content.model import Content
from helpsite.taxonomy import PAPER_NAMES
from helpsite.web.handouts import HOTLINE, READY_SETS
from helpsite.web.paper import GIVEAWAYS, giveaways

LANGUAGES = DEFAULTS["LANGUAGES"]
# Everything a card prints besides numbers, service labels and the municipality.
CARD_WORDS = ("Good numbers", "More numbers", "Emergency", "Open 24 hours", "Free")
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


def card_area(html: str) -> str:
    """Everything printed on the pocket cards, both sides, text and attributes, unescaped ("la'aan")."""
    return unescape(html[html.index('<div class="handout ho-cards">') : html.index('<div class="cuts"')])


def test_the_list_has_every_language_and_catches_what_cards_used_to_say() -> None:
    assert set(GIVEAWAYS) == set(LANGUAGES)
    assert all(len(words) >= 5 for words in GIVEAWAYS.values())
    used_to_say = ("Rådgivning og et sted at bo", "Gratis · Anonym", "استشارة ومكان للإقامة", "Safe house")
    assert all(giveaways(said) for said in used_to_say)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_card_label_in_every_catalogue_is_discreet(addressed: Flask, lang: str) -> None:
    """Every neutral label and word a card can print, translated: none gives the card away."""
    with addressed.test_request_context(), force_locale(lang):
        printed = [gettext(label) for label in (*PAPER_NAMES.values(), *CARD_WORDS)]
    assert [(text, giveaways(text)) for text in printed if giveaways(text)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_card_is_discreet_on_both_sides(client: FlaskClient, content: Content, lang: str):
    """Every service that can be on a card, in `lang` beside Danish and Danish beside `lang`."""
    front = {"112", *(c.digits for c in content.services[HOTLINE].phones)}
    on_cards = [s.id for s in content.ordered_services() if any(c.digits not in front for c in s.phones)]
    assert len(on_cards) >= 6, on_cards
    pairs = [(lang, "da"), ("da", lang)] if lang != "da" else [("da", None)]
    for first, also in pairs:
        for start in range(0, len(on_cards), 4):  # a card's back holds four services
            chosen = on_cards[start : start + 4]
            html = get(client, first, r=chosen, format="card", **({"also": also} if also else {}))
            cards = card_area(html)
            assert giveaways(cards) == [], (first, also, chosen)
            assert len(re.findall(r'<div class="pc-back">', cards)) == 5
            for sid in chosen:  # the numbers are still there, under neutral labels
                number = next(c.display for c in content.services[sid].phones if c.digits not in front)
                assert f'<bdi class="num">{number}</bdi>' in cards, (first, sid)


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
