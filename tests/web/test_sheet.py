"""The handout builder at /<lang>/sheet, through HTTP: choices, two languages, bad input, privacy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpsite import create_app
from helpsite.content.model import Content
from helpsite.web.handouts import HOTLINE, MAX_SERVICES, NO_ADDRESS, READY_SETS

PUBLIC = "https://hjaelp.example"  # a real-looking address: the handouts print it and its QR codes


@pytest.fixture(scope="module")
def content(app: Flask) -> Content:
    """The content the shared app serves."""
    return app.extensions["helpsite.store"].content


@pytest.fixture(scope="module")
def addressed(index_dir: Path) -> Flask:
    """The app over the real content with its public address configured (shares the session's index)."""
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "PUBLIC_URL": PUBLIC})


@pytest.fixture
def client(addressed: Flask) -> FlaskClient:
    """A test client for the app with an address (the builder's tests are about a configured site)."""
    return addressed.test_client()


def get(client: FlaskClient, lang: str = "da", **params: object) -> str:
    """GET the sheet with query parameters (lists repeat, as a form sends them); the page as text."""
    response = client.get(f"/{lang}/sheet?{urlencode(params, doseq=True)}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def checked(html: str) -> set[str]:
    """The service ids ticked in the builder form."""
    return set(re.findall(r'name="r" value="([^"]+)" checked', html))


def notices(html: str) -> list[str]:
    """The messages shown above the builder or the handout."""
    return re.findall(r'<p class="notice[^"]*"[^>]*>([^<]+)</p>', html)


def test_builder_offers_every_service_language_and_format(client: FlaskClient, content: Content, app: Flask):
    html = get(client)
    assert re.search(r'<form class="builder" method="get" action="/da/sheet"', html)
    assert set(re.findall(r'name="r" value="([^"]+)"', html)) == set(content.services)
    assert not checked(html)
    offered = set(re.findall(r'<option value="([a-z]+)"', html))
    assert offered == set(app.config["LANGUAGES"]) - {"da"}
    assert set(re.findall(r'name="format" value="([a-z0-9]+)"', html)) == {"a4", "card"}
    for ready in READY_SETS:
        assert f"/da/sheet?set={ready.key}" in html


# What each ready-made set must hold, said in terms of the content model.
MUST_HOLD = {
    "victims": lambda s: s.category == "crisis-centre" or s.crisis_line and "victims" in s.audiences,
    "perpetrators": lambda s: "perpetrators" in s.audiences,
    "honour": lambda s: s.category == "honour",
    "child": lambda s: s.category == "children" or s.id == "underretning",
}


@pytest.mark.parametrize("ready", READY_SETS, ids=lambda s: s.key)
def test_a_ready_set_ticks_its_services_and_fits_on_one_sheet(client: FlaskClient, content: Content, ready):
    members = set(ready.members(content))
    assert len(members) <= MAX_SERVICES, "a ready set must fit on one A4 sheet"
    assert {s.id for s in content.services.values() if MUST_HOLD[ready.key](s)} <= members
    assert checked(get(client, set=ready.key)) == members


@pytest.mark.slow
def test_a4_sheet_has_numbers_hours_checked_dates_and_the_municipality(
    make_app: Callable[..., Flask], content: Content
):
    app = make_app(MUNICIPALITY_NAME="Prøvested Kommune", PUBLIC_URL="https://hjaelp.example/")
    chosen = ["danner", "politi", "offerraadgivningen"]
    html = get(app.test_client(), "en", r=chosen, format="a4")
    sheet = html[html.index('<article class="handout') :]
    assert "Prøvested Kommune" in sheet
    assert 'aria-label="QR code: opens hjaelp.example/en"' in sheet
    for sid in [HOTLINE, *chosen]:
        service = content.services[sid]
        assert content.service(sid, "en").text.title in sheet
        for phone in service.phones:
            assert f'<bdi class="num">{phone.display}</bdi>' in sheet
    assert '<bdi class="num">112</bdi>' in sheet
    # No service is confirmed live yet: each says so, and none claims a "Checked" date.
    assert sheet.count("Not yet confirmed with the service") == 1 + len(chosen)
    assert "Checked" not in sheet
    assert "Open 24 hours" in sheet


def test_two_languages_each_have_their_own_lang_and_dir(client: FlaskClient, content: Content):
    html = get(client, r=["danner"], also="ar", format="a4")
    columns = re.findall(r'<div class="ho-text" lang="([a-z]+)" dir="([a-z]+)">', html)
    # The head, the 112 line, the hotline and Danner: each once in Danish and once in Arabic.
    assert columns.count(("da", "ltr")) == columns.count(("ar", "rtl")) == 4
    assert set(columns) == {("da", "ltr"), ("ar", "rtl")}
    arabic = content.service("danner", "ar")
    if not arabic.fallback:
        assert arabic.text.title in html


@pytest.mark.slow
def test_text_missing_in_the_second_language_is_marked_danish(
    fixture_content, make_app: Callable[..., Flask], content: Content
):
    for path in (fixture_content / "services").glob("danner.*.md"):
        path.unlink()
    html = get(make_app(CONTENT_DIR=fixture_content).test_client(), r=["danner"], also="en", format="a4")
    english_column = html.split('<div class="ho-text" lang="en" dir="ltr">')[-1]
    assert f'<h2 class="ho-name" lang="da" dir="ltr">{content.service("danner", "da").text.title}</h2>' in (
        english_column
    )


def test_pocket_card_front_does_not_say_violence(client: FlaskClient):
    for lang, word in (("da", "vold"), ("en", "violen")):
        html = get(client, lang, r=["danner", "dialog-mod-vold"], format="card")
        fronts = re.findall(r'<div class="pc-front">(.*?)</div>', html, re.S)
        assert len(fronts) == 5
        for front in fronts:
            visible = re.sub(r"<[^>]+>", " ", front)
            assert word not in visible.lower()
            assert "112" in visible and "1888" in visible
            assert "<svg" in front


def card_area(html: str) -> str:
    """Everything printed on the pocket cards (both sides, text and attributes), lowercased."""
    return html[html.index('<div class="handout ho-cards">') : html.index('<div class="cuts"')].casefold()


def test_a_card_leaves_off_a_site_address_that_gives_it_away(make_app: Callable[..., Flask]) -> None:
    """An address such as hjaelpmodvold.example would say what the card is: the QR code still leads there."""
    client = make_app(PUBLIC_URL="https://hjaelpmodvold.example").test_client()
    card = get(client, "da", r=["danner"], format="card")
    printed = re.findall(r'<p class="pc-web">(.*?)</p>', card_area(card), re.S)
    assert len(printed) == 5 and all(line == "hvidovre kommune" for line in printed)
    assert "<svg" in card_area(card)
    sheet = get(client, "da", r=["danner"], format="a4")
    assert "hjaelpmodvold.example/da" in sheet  # staff's A4 sheet is not for a pocket


def test_pocket_cards_alternate_languages_and_list_the_chosen_numbers(client: FlaskClient, content: Content):
    html = get(client, r=["danner", "boernetelefonen"], also="uk", format="card")
    cards = re.findall(r'<div class="pcard" lang="([a-z]+)" dir="[a-z]+"( aria-hidden="true")?>', html)
    assert [lang for lang, _ in cards] == ["da", "uk", "da", "uk", "da"]
    # Only the first card in each language is read out; screen readers skip the copies.
    assert [bool(hidden) for _, hidden in cards] == [False, False, True, True, True]
    for sid in ("danner", "boernetelefonen"):
        assert html.count(f'<bdi class="num">{content.services[sid].phones[0].display}</bdi>') >= 5


def test_the_builder_keeps_the_choices_when_asked_to_change_them(client: FlaskClient):
    html = get(client, r=["danner", "politi"], also="tr", format="card")
    change = re.search(r'<a href="(/da/sheet\?[^"]+)">', html).group(1).replace("&amp;", "&")
    builder = client.get(change).get_data(as_text=True)
    assert checked(builder) == {"danner", "politi"}
    assert '<option value="tr" selected>' in builder


def test_the_language_switcher_keeps_every_choice(client: FlaskClient):
    html = get(client, r=["danner", "politi"], format="card")
    assert "/ar/sheet?r=danner&amp;r=politi&amp;format=card" in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"r": ["nope", "danner"], "format": "a4"}, "1 chosen service was not found"),
        ({"r": ["danner"], "also": "xx", "format": "a4"}, "second language is not available"),
        ({"r": ["danner"], "format": "xyz"}, "format is unknown"),
        ({"format": "card"}, "Choose at least one service"),
        ({"set": "nope"}, "ready-made set does not exist"),
        ({"r": [f"x{i}" for i in range(500)], "format": "a4"}, "chosen services were not found"),
    ],
)
def test_bad_input_gets_a_clear_message(client: FlaskClient, params: dict, message: str):
    assert any(message in n for n in notices(get(client, "en", **params)))


def test_too_many_services_keep_the_sheet_to_one_page(client: FlaskClient, content: Content):
    html = get(client, r=list(content.services), also="en", format="a4")
    assert any(str(MAX_SERVICES) in n for n in notices(html))
    assert html.count('<section class="ho-row') == MAX_SERVICES + 1  # and the 112 line


def test_unknown_language_is_a_404_in_danish(client: FlaskClient):
    response = client.get("/xx/sheet?r=danner&format=a4")
    assert response.status_code == 404
    assert '<html lang="da"' in response.get_data(as_text=True)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["r", "also", "format", "set", "x"]), st.text(max_size=30)),
        max_size=12,
    )
)
def test_no_query_string_breaks_the_sheet(client: FlaskClient, pairs: list[tuple[str, str]]):
    response = client.get("/en/sheet?" + urlencode(pairs))
    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["a4", "card"])
def test_handouts_keep_the_privacy_rules(client: FlaskClient, fmt: str):
    response = client.get(f"/ar/sheet?r=danner&r=politi&also=da&format={fmt}")
    html = response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert not re.search(r"\sstyle=|<script(?![^>]*\bsrc=)|\son[a-z]+=", html)
    assert "<svg" in html and 'role="img"' in html
    assert not re.search(r'src="(https?:)?//', html)


@pytest.mark.parametrize(
    "public_url",
    [
        "",
        "http://127.0.0.1:8000",
        "http://127.4.5.6/",
        "http://localhost:8000",
        "http://[::1]:8000/",
        "http://[",
    ],
)
def test_without_a_real_address_staff_are_told_and_handouts_carry_none(
    index_dir: Path, content: Content, public_url: str
):
    """Unset or loopback: the builder says so plainly; sheet and cards print no QR code and no address."""
    config = {"TESTING": True, "INDEX_DIR": index_dir, "MUNICIPALITY_NAME": "Prøvested Kommune"}
    client = create_app({**config, "PUBLIC_URL": public_url}).test_client()
    builder = get(client, "en")
    assert str(NO_ADDRESS) in notices(builder)
    assert "HELPSITE_PUBLIC_URL" in builder
    for fmt in ("a4", "card"):
        html = get(client, "en", r=["danner", "boernetelefonen", "politi"], also="ar", format=fmt)
        handout = html[html.index('class="handout') :]
        assert str(NO_ADDRESS) in notices(html)  # on screen, above the preview; never on paper
        assert "<svg" not in handout and "QR" not in handout
        assert "127." not in handout and "localhost" not in handout and "::1" not in handout
        assert "Scan the code" not in handout
        assert "Prøvested Kommune" in handout
        if fmt == "card":
            assert set(re.findall(r'<p class="pc-web">(.*?)</p>', handout)) == {"Prøvested Kommune"}
    cards = get(client, "en", r=list(content.services), format="card")  # more than fit on a card
    assert "Some of the chosen services have no phone number" in " ".join(notices(cards))
    assert "the QR code leads" not in cards


def test_with_a_real_address_there_is_no_notice(client: FlaskClient, content: Content):
    html = get(client, "en", r=list(content.services), format="card")
    assert str(NO_ADDRESS) not in html
    assert "hjaelp.example" in html and "<svg" in html
    assert "the QR code leads to them" in html


def test_the_notice_is_translated(app: Flask):
    html = get(app.test_client(), "uk")  # the shared app: PUBLIC_URL unset, as by default
    assert "HELPSITE_PUBLIC_URL" in html and "не налаштовано" in html
