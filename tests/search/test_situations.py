"""Situations: a person's own words lead to the help for her or his situation; danger puts 112 first."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from editing import TODAY, line_of, replace
from flask import Flask
from flask.testing import FlaskClient
from testdata import URGENT as URGENT_FILE

from helpsite.content.loader import check
from helpsite.search.situations import compile_situations

URGENT = yaml.safe_load(URGENT_FILE.read_text(encoding="utf-8"))
LANGUAGES = {"da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"}
JSON = {"Accept": "application/json"}


def ask(client: FlaskClient, lang: str, query: str, **form: str) -> dict:
    response = client.post(f"/{lang}/search", data={"q": query, **form}, headers=JSON)
    assert response.status_code == 200
    return response.get_json()


def test_the_urgent_set_has_both_kinds_in_every_language() -> None:
    assert {lang for lang, _, urgent in URGENT if urgent} == LANGUAGES
    assert {lang for lang, _, urgent in URGENT if not urgent} == LANGUAGES


@pytest.mark.parametrize(("lang", "query", "urgent"), URGENT, ids=[f"{c[0]}-{c[1]}" for c in URGENT])
def test_urgent_on_and_off(client: FlaskClient, lang: str, query: str, urgent: bool) -> None:
    answer = ask(client, lang, str(query))
    assert answer["urgent"] is urgent
    if urgent:
        assert answer["situation"] == "danger"
        assert answer["results"][0]["id"] == "politi"  # 112


@pytest.mark.parametrize(
    ("lang", "query", "situation"),
    [
        ("da", "jeg slår min kone", "uses-violence"),
        ("da", "min kone slår mig", "subjected"),
        ("da", "jeg tror han slår hende", "worried"),  # "jeg ... slår" with someone else between
        ("en", "I hit my wife", "uses-violence"),
        ("en", "my wife hits me", "subjected"),
        ("ar", "انا اضرب زوجتي", "uses-violence"),
        ("ar", "زوجتي تضربني", "subjected"),
        ("tr", "karimi dovuyorum", "uses-violence"),
        ("tr", "karim beni dovuyor", "subjected"),
        ("pl", "ja bije zone", "uses-violence"),
        ("pl", "zona mnie bije", "subjected"),
        ("uk", "я бю свою дружину", "uses-violence"),
        ("uk", "дружина мене бє", "subjected"),
    ],
)
def test_direction_decides_the_situation(client: FlaskClient, lang: str, query: str, situation: str) -> None:
    """'I hit my wife' leads to help to stop; 'my wife hits me' to help for the one who is hit."""
    answer = ask(client, lang, query)
    assert answer["situation"] == situation
    ids = [r["id"] for r in answer["results"]]
    assert ids[0] == "lev-uden-vold"  # 1888 answers both, and is never the wrong first call
    if situation == "uses-violence":
        assert "dialog-mod-vold" in ids[:3]
    # Otherwise the treatment may stand third where the model read "I hit" a close second
    # (situations.IN_SIGHT); first, never.


def test_keywords_alone_are_never_urgent_and_keep_their_own_hit(client: FlaskClient) -> None:
    for lang, query, hit in [
        ("da", "krisecenter", "krisecentre"),
        ("da", "politi", "politi"),
        ("en", "shelter", "krisecentre"),
        ("da", "jobcenter", "jobcenter-hvidovre"),
    ]:
        answer = ask(client, lang, query)
        assert answer["urgent"] is False and hit in [r["id"] for r in answer["results"]][:3]


@pytest.mark.slow
def test_never_nothing(make_app: Callable[..., Flask], tmp_path: Path) -> None:
    """Words of violence the search finds nothing for (here: no index at all) still show the lines."""
    app = make_app(LANGUAGES=["da", "en"], BUILD_INDEX_ON_START=False, INDEX_DIR=tmp_path / "none")
    assert not (tmp_path / "none").exists()
    client = app.test_client()
    answer = ask(client, "da", "han giver mig tæsk")
    assert answer["situation"] in ("subjected", "violence")
    assert [r["id"] for r in answer["results"]][0] == "lev-uden-vold"  # 1888 first
    assert "dialog-mod-vold" in [r["id"] for r in ask(client, "da", "jeg er voldelig")["results"]][:3]
    page = client.post("/da/search", data={"q": "han giver mig tæsk"}).get_data(as_text=True)
    assert 'href="tel:1888"' in page and "We found nothing" not in page


def test_the_fallback_is_only_for_nothing(client: FlaskClient) -> None:
    """A word of violence the search knows keeps the search's own order."""
    assert ask(client, "da", "tæsk")["situation"] is None


def test_a_chosen_filter_still_holds(client: FlaskClient) -> None:
    answer = ask(client, "da", "han har en kniv", audience="perpetrators")
    assert answer["urgent"] is True
    assert "politi" not in [r["id"] for r in answer["results"]]


def test_the_query_is_still_cut_at_twelve_words(client: FlaskClient) -> None:
    filler = "hvor ligger rådhuset og hvornår har borgerservice åbent i dag og i morgen"  # twelve words
    assert ask(client, "da", f"{filler} han har en kniv")["urgent"] is False
    assert ask(client, "da", f"han har en kniv {filler}")["urgent"] is True


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_an_urgent_page_starts_with_112(client: FlaskClient, lang: str) -> None:
    page = client.post(f"/{lang}/search", data={"q": "han har en kniv"}).get_data(as_text=True)
    main = page.split('<main id="main" tabindex="-1">', 1)[1]
    # The page's own heading first (headings in order for a screen reader), then at once the 112 box.
    heading, rest = main.lstrip().split("</h1>", 1)
    assert heading.startswith("<h1>") and rest.lstrip().startswith('<section class="urgent"')
    main = rest
    assert 'href="tel:112"' in main.split("</section>", 1)[0]
    fragment = client.post(
        f"/{lang}/search", data={"q": "han har en kniv"}, headers={"X-Fragment": "results"}
    ).get_data(as_text=True)
    assert fragment.lstrip().startswith('<section class="urgent"')


def test_no_call_out_without_danger(client: FlaskClient) -> None:
    page = client.post("/da/search", data={"q": "min mand slår mig"}).get_data(as_text=True)
    assert 'class="urgent"' not in page


def test_the_words_are_not_logged(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        ask(client, "da", "han har en kniv")
    assert "kniv" not in caplog.text


def test_cannot_talk_is_one_tap_from_home(client: FlaskClient) -> None:
    home = client.get("/da/").get_data(as_text=True)
    assert 'href="/da/write"' in home
    page = client.get("/da/write").get_data(as_text=True)
    assert "mailto:sigdettilnogen@danner.dk" in page  # Danner's e-mail, confirmed (2020)
    assert "data-exit" in page
    assert "1888" in page  # said plainly: no chat or SMS confirmed for the hotline


# ------------------------------------------------------------------ the file, for the editors


def situation_problems(root: Path) -> list[str]:
    _, found = check(root, ["da", "en"], TODAY)
    return [str(p) for p in found if "situations.yml" in p.path]


def test_an_unknown_service_is_named_with_its_line(fixture_content: Path) -> None:
    path = fixture_content / "situations.yml"
    replace(path, "services: [red-center, lev-uden-vold]", "services: [red-centre, lev-uden-vold]")
    line = line_of(path, "red-centre")
    assert situation_problems(fixture_content) == [
        f"site/content/situations.yml:{line}: 'red-centre' is not a service or a page: "
        "did you mean 'red-center'? use the name of a file in services/ or pages/"
    ]


def test_broken_yaml_keeps_the_last_good_site(fixture_content: Path) -> None:
    path = fixture_content / "situations.yml"
    replace(path, "  - id: honour\n", "  - id: honour\n   oops: [\n")
    content, found = check(fixture_content, ["da", "en"], TODAY)
    assert content is None  # the store keeps serving what it had
    assert any("situations.yml" in str(p) and "not valid YAML" in str(p) for p in found)


def test_the_file_can_be_left_out(fixture_content: Path) -> None:
    (fixture_content / "situations.yml").unlink()
    content, found = check(fixture_content, ["da", "en"], TODAY)
    assert content is not None and content.situations is None and not found


def test_a_key_written_twice_is_named(fixture_content: Path) -> None:
    """YAML would quietly keep one of two `services:` lines: the check names the second."""
    path = fixture_content / "situations.yml"
    replace(
        path,
        "    services: [red-center, lev-uden-vold]",
        "    services: [red-center]\n    services: [lev-uden-vold]",
    )
    line = line_of(path, "services: [lev-uden-vold]")
    assert situation_problems(fixture_content) == [
        f"site/content/situations.yml:{line}: 'services' appears twice in one place "
        f"(first on line {line - 1}): keep one of the two and delete the other"
    ]


def test_phrases_of_the_old_format_are_said_to_be_read_no_more(fixture_content: Path) -> None:
    path = fixture_content / "situations.yml"
    replace(
        path,
        "    services: [red-center, lev-uden-vold]",
        "    services: [red-center]\n    signals:\n      da: [tvangsgift]",
    )
    line = line_of(path, "signals:")
    assert situation_problems(fixture_content) == [
        f"site/content/situations.yml:{line}: warning: 'signals:' is no longer read: the search learns "
        "from the example sentences: delete it, and write the sentences people use in "
        "examples/<language>.yml instead"
    ]


def test_the_fixture_file_is_read_whole(fixture_content: Path) -> None:
    content, found = check(fixture_content, ["da", "en"], TODAY)
    assert content is not None and not found
    assert content.situations is not None and content.examples is not None
    assert [s.id for s in content.situations][:2] == ["danger", "professional"]
    known = compile_situations(content)
    assert known is not None and known.match("he has a knife").urgent
    assert known.match("my husband hits me").situation.id == "subjected"
