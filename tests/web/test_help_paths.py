"""The ways to help through HTTP: a shelter always leads to a number, browsing is not searching, the
"cannot talk safely" page says what writing is not, and Danish titles are said in Danish."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from test_views import outline

from helpsite.content.model import Content
from helpsite.taxonomy import AUDIENCES, CATEGORIES

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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_shelter_entry_shows_the_way_to_a_place(
    client: FlaskClient, content: Content, lang: str
) -> None:
    """Every crisis centre's page, card and search result carries "Call 1888: ... a vacant place"."""
    shelters = {s.id for s in content.services.values() if s.category == "crisis-centre"}
    assert {"krisecentre", "svendebjerggaard", "mandecentret"} <= shelters
    for sid in shelters:
        assert PLACE in main(client.get(f"/{lang}/services/{sid}").text), sid
    pages = [
        client.get(f"/{lang}/search?category=crisis-centre").text,
        client.get(f"/{lang}/search?audience=victims").text,
        client.post(f"/{lang}/search", data={"q": "krisecenter"}).text,
        client.get(f"/{lang}/").text,
    ]
    shown = 0
    for html in pages:
        for card in cards(html):
            if any(f'/services/{sid}"' in card for sid in shelters):
                assert PLACE in card, (lang, card[:200])
                shown += 1
    assert shown >= len(shelters)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_browse_page_is_titled_by_its_choice_with_the_results_before_the_form(
    client: FlaskClient, lang: str
) -> None:
    for key, value in [*(("audience", a) for a in AUDIENCES), *(("category", c) for c in CATEGORIES)]:
        html = client.get(f"/{lang}/search?{key}={value}").text
        h1 = re.search(r"<h1>(.*?)</h1>", html).group(1)
        assert re.search(rf"<title>{re.escape(h1)} · ", html), (key, value)
        body = main(html)
        assert body.index('class="card"') < body.index("<form"), (key, value)
        assert 'id="search-form"' not in body  # a whole-page search from here, not one in place
        assert outline(html).headings[:2] == [1, 2]


def test_an_urgent_search_puts_the_h1_before_the_112_call_out(client: FlaskClient) -> None:
    html = client.post("/da/search", data={"q": "han har en kniv og siger han vil slå mig ihjel"}).text
    assert 'class="urgent"' in html
    body = main(html)
    assert body.index("<h1>") < body.index('class="urgent"')
    levels = outline(body).headings
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cannot_talk_safely_puts_112_and_the_exit_first_and_says_what_writing_is_not(
    app: Flask, client: FlaskClient, lang: str
) -> None:
    body = main(client.get(f"/{lang}/write").text)
    first_card = body.index('class="card"')
    assert body.index('href="tel:112"') < first_card
    written = cards(body)
    assert len(written) == 4
    with app.test_request_context(), force_locale(lang):
        not_for = gettext("Not for emergencies. We do not know how quickly they answer.")
        exit_first = gettext(
            "The button at the top takes you to another website at once. "
            "You can also press Shift three times."
        )
    assert body.index(exit_first.replace("'", "&#39;")) < first_card
    assert all(not_for.replace("'", "&#39;") in card for card in written)
    assert "on their website (2021)" not in body and "the times are" not in body


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "da"])
def test_a_title_kept_in_danish_is_marked_danish(client: FlaskClient, content: Content, lang: str) -> None:
    """ "Politiet" on an English page, "Sammen uden vold – Småbørnsforældre" in Ukrainian: lang="da"."""
    for sid in content.services:
        entry = content.service(sid, lang)
        html = client.get(f"/{lang}/services/{sid}").text
        danish = entry.text.title == content.service(sid, "da").text.title
        marked = f'<h1 lang="da" dir="ltr">{entry.text.title}' in html.replace("&#39;", "'")
        assert marked == danish, (lang, sid, entry.text.title)
