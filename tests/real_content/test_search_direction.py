"""Search reads people right (issue 20): every sentence the issue names, through the search as a request
runs it, and no held-out sentence of a person subjected to violence starting with another writer's help."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from testdata import FRESH, HOLDOUT

from helpsite.search import gender
from helpsite.search.classifier import NONE, OTHER_WRITERS

JSON = {"Accept": "application/json"}


def ask(client: FlaskClient, lang: str, query: str) -> dict:
    return client.post(f"/{lang}/search", data={"q": query}, headers=JSON).get_json()


def ids(answer: dict) -> list[str]:
    return [r["id"] for r in answer["results"]]


@pytest.fixture(scope="module")
def others_help(app: Flask) -> frozenset[str]:
    known = app.extensions["helpsite.store"].situations
    return known.others_help()


VICTIMS = [
    ("da", "jeg er udsat for vold"),
    ("en", "I was hit by my husband"),
    ("en", "I am being abused"),
    ("da", "jeg slog op og nu truer han mig"),
    ("en", "he loses his temper and hits me"),
    ("da", "min mand kan ikke styre sin vrede"),
    ("tr", "şiddet görüyorum"),
    ("tr", "siddet goruyorum"),
    ("so", "waan la garaacay"),
    ("en", "I'm a nurse and my husband hits me"),
    ("en", "my kids' dad hits me"),
    ("da", "børnenes far slår mig"),
    ("da", "min mand er voldelig og jeg er gravid"),
    ("uk", "мій чоловік б'є мене"),
    ("ar", "زوجي يضربني"),
    ("fa", "شوهرم منو میزنه"),
    ("ur", "mera shohar mujhe marta hai"),
    ("pl", "maz mnie bije"),
    ("da", "vold"),
]


@pytest.mark.parametrize(("lang", "query"), VICTIMS)
def test_a_person_subjected_to_violence_gets_1888_first(client: FlaskClient, lang: str, query: str) -> None:
    answer = ask(client, lang, query)
    assert ids(answer)[0] == "lev-uden-vold", (query, ids(answer))
    assert answer["situation"] not in OTHER_WRITERS


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("da", "jeg slår min kone"),
        ("en", "I hit my girlfriend"),
        ("tr", "karimi dovuyorum"),
        ("pl", "bije zone"),
    ],
)
def test_a_person_who_uses_violence_finds_the_treatment_in_the_first_three(
    client: FlaskClient, lang: str, query: str
) -> None:
    assert "dialog-mod-vold" in ids(ask(client, lang, query))[:3]


def test_a_husband_is_no_reason_for_the_mens_centre(client: FlaskClient) -> None:
    assert "mandecentret" not in ids(ask(client, "da", "min mand"))[:3]


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("en", "he is banging on the door"),
        ("en", "he's waiting in the car downstairs"),
        ("en", "tonight he'll finish me"),
        ("en", "there is a rifle in the bedroom and he is drunk"),
        ("ar", "هو برا البيت الحين"),
        ("uk", "він під дверима зараз"),
    ],
)
def test_danger_in_other_words_is_urgent(client: FlaskClient, lang: str, query: str) -> None:
    assert ask(client, lang, query)["urgent"] is True


@pytest.mark.parametrize(
    ("lang", "query"),
    [
        ("en", "he threatened me with a knife two years ago"),
        ("da", "statistik om partnerdrab"),
        ("en", "my school project on domestic violence"),
        ("da", "jeg er lærer, en elev fortalte at hans far slår"),
    ],
)
def test_past_events_stories_and_professionals_are_not_urgent(
    client: FlaskClient, lang: str, query: str
) -> None:
    assert ask(client, lang, query)["urgent"] is False


@pytest.mark.parametrize(
    ("lang", "query", "wanted"),
    [
        ("da", "kan jeg tage min hund med på krisecenter", "krisecentre"),
        ("en", "can i bring my kids to the shelter", "krisecentre"),
        ("en", "my family wants to marry my sister off abroad", "red-center"),
        ("da", "hvordan får jeg et polititilhold", "politi"),
        ("en", "he keeps following me after i left him", "politi"),
        ("en", "my husband forces me to have sex", "offerraadgivningen"),
        ("en", "can i get help in my own language", "danner"),
        ("da", "jeg er bekymret for naboens barn", "underretning"),
    ],
)
def test_the_long_tail_finds_the_help_that_answers_it(
    client: FlaskClient, lang: str, query: str, wanted: str
) -> None:
    assert wanted in ids(ask(client, lang, query))[:3]


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("jeg er en mand og min kone slår mig, hvor kan jeg bo", "danner"),
        ("I'm a woman and I need a shelter", "mandecentret"),
        ("انا امرأة واحتاج مكان آمن", "mandecentret"),
        ("ben erkeğim, karım beni dövüyor", "danner"),
    ],
)
def test_a_shelter_for_the_other_sex_is_never_offered(client: FlaskClient, text: str, excluded: str) -> None:
    lang = "da" if text.startswith("jeg") else "en"
    assert excluded in gender.not_for(text)
    assert excluded not in ids(ask(client, lang, text))


def test_unknown_sex_gets_no_shelter_left_out() -> None:
    assert gender.not_for("min partner slår mig") == frozenset()


@pytest.mark.parametrize(
    "path", sorted([*HOLDOUT.glob("*.yml"), *FRESH.glob("*.yml")]), ids=lambda p: f"{p.parent.name}-{p.stem}"
)
@pytest.mark.slow
def test_no_held_out_sentence_of_a_person_subjected_to_violence_starts_with_another_writers_help(
    client: FlaskClient, others_help: frozenset[str], path: Path
) -> None:
    """At least 30 sentences of a person subjected to violence and 10 of a person who uses it per language."""
    lang = path.stem
    held = yaml.safe_load(path.read_text(encoding="utf-8"))
    victims = [
        s
        for label, sentences in held.items()
        if label not in OTHER_WRITERS | {NONE, "worried"}
        for s in sentences
    ]
    assert len(victims) >= 30 and len(held["uses-violence"]) >= 7
    wrong = [s for s in victims if (ids(ask(client, lang, str(s))) or [""])[0] in others_help]
    assert wrong == []


@pytest.mark.slow
def test_people_who_use_violence_mostly_find_the_treatment_and_it_is_never_first(client: FlaskClient) -> None:
    """The treatment stays in sight where the model reads "I hit" a close second (situations.IN_SIGHT)."""
    found = total = 0
    for path in sorted(HOLDOUT.glob("*.yml")):
        for sentence in yaml.safe_load(path.read_text(encoding="utf-8"))["uses-violence"]:
            top = ids(ask(client, path.stem, str(sentence)))[:3]
            total += 1
            found += "dialog-mod-vold" in top
            assert top[:1] != ["dialog-mod-vold"]
    assert found / total >= 0.75  # 89 of 108 on 2026-12-05


# Sentences the model reads only faintly as violence or fear (no one situation sure enough): before,
# the pages whose words they happened to share came first (the municipality, "recognise", a job centre).
FAINT = [
    ("da", "han taber besindelsen og kaster ting efter mig"),
    ("da", "han har taget min mitid og jeg har ingen penge"),
    ("en", "he throws things at me when he loses it"),
    ("ar", "a3ish ma3a zawj 3anif mundhu sanawat"),
    ("tr", "kocam bıçakla üzerime yürüyor yardım"),
]


@pytest.mark.parametrize(("lang", "query"), FAINT)
def test_words_that_lean_to_violence_start_with_the_general_help(
    client: FlaskClient, lang: str, query: str
) -> None:
    top = ids(ask(client, lang, query))[:3]
    assert top[:1] in (["lev-uden-vold"], ["politi"]), top
    assert not {"about", "hvidovre", "jobcenter-hvidovre"} & set(top[:2]), top


@pytest.mark.parametrize("query", ["xqzvwk", "asdfgh", "qwerty uiop zxcv"])
def test_letters_no_example_has_are_not_read_as_a_situation(client: FlaskClient, query: str) -> None:
    answer = ask(client, "da", query)
    assert answer["situation"] is None and answer["urgent"] is False


@pytest.mark.parametrize("lang", ["da", "en", "ar", "uk"])
def test_a_service_asked_for_by_its_name_comes_first(app: Flask, client: FlaskClient, lang: str) -> None:
    """Whatever situation its words suggest ("BørneTelefonen" reads as worry for a child)."""
    content = app.extensions["helpsite.store"].content
    for service in content.services.values():
        title = (service.texts.get(lang) or service.texts["da"]).title
        assert ids(ask(client, lang, title))[:1] == [service.id], title


# The content audit's L16: short sentences of a person subjected to violence, in her own words.
@pytest.mark.parametrize(
    ("lang", "query"),
    [("ar", "انا معنفة"), ("fa", "شوهرم خشن است"), ("pl", "byłam pobita"), ("uk", "я була побита"),
     ("tr", "dövülüyorum"), ("en", "I was attacked by my partner"), ("ar", "zawji 3anif")],
)  # fmt: skip
def test_two_or_three_words_of_violence_get_1888_first(client: FlaskClient, lang: str, query: str) -> None:
    assert ids(ask(client, lang, query))[:1] == ["lev-uden-vold"], query
