"""The real content in site/content/: complete, confirmed, and free of numbers we must not publish.

These tests check the content's invariants, not the loader's machinery (that is tested on the fixture
tree in tests/fixtures/content/), so an editor's ordinary change (a new date, a new sentence) keeps them
green, and so does the calendar: an old `confirmed` date is a warning for `make check`, never a failure.
The numbers are compared with the fact sheet by the content package's own check (content/facts.py),
the one editors run; these tests assert that it finds nothing and that it reads the sheet rightly.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from helpsite import DEFAULTS, ROOT
from helpsite.content import front_matter
from helpsite.content.facts import PHONE_LIKE, confirmed_numbers, confirmed_rows, digits, forbidden_numbers
from helpsite.content.loader import check, load
from helpsite.content.model import Page
from helpsite.content.rules import FORBIDDEN_NUMBERS
from helpsite.languages import TIMEZONE

CONTENT = ROOT / "site" / "content"
HVIDOVRE = ROOT / "site" / "municipalities" / "hvidovre"  # Hvidovre's own layer, served with the national one
# The repository's copy of the fact sheet, kept beside the content (see README).
FACTS = ROOT / "site" / "facts" / "services.md"
LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]

# Every phone number the site may publish, each a CONFIRMED row of the fact sheet.
CONFIRMED_NUMBERS = {
    "1888": "Lev Uden Vold",
    "33330047": "Danner",
    "35301717": "Dialog mod Vold",
    "116111": "BørneTelefonen",
    "116006": "Offerrådgivningen",
    "112": "emergency",
    "114": "police service number",
    "36393639": "Hvidovre Kommune switchboard",
}


REQUIRED_SERVICES = (
    "lev-uden-vold", "danner", "krisecentre", "svendebjerggaard", "mandecentret", "dialog-mod-vold",
    "red-center", "sammen-uden-vold", "sundhedsplejen", "poppelgaarden", "jobcenter-hvidovre",
    "underretning", "politi", "offerraadgivningen", "boernetelefonen", "hjaelp-voldsofre",
)  # fmt: skip
PAGES = ("about", "hvidovre", "recognise", "professionals")


@pytest.fixture(scope="module")
def content():
    return load(CONTENT, LANGUAGES, municipality=HVIDOVRE)


def all_files() -> list[Path]:
    return sorted(p for folder in (CONTENT, HVIDOVRE) for p in folder.rglob("*") if p.is_file())


def facts_section(heading: str) -> str:
    """The fact sheet's text under one `## ` heading, up to the next one."""
    text = FACTS.read_text(encoding="utf-8")
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


@pytest.mark.parametrize("days_ahead", [0, 400])
def test_the_real_content_has_no_errors_today_or_later(days_ahead: int) -> None:
    """No error in any language, today or 400 days on (by then only warnings: old `confirmed` dates)."""
    today = dt.datetime.now(TIMEZONE).date() + dt.timedelta(days=days_ahead)
    content, problems = check(CONTENT, DEFAULTS["LANGUAGES"], today=today, municipality=HVIDOVRE)
    assert [str(p) for p in problems if p.severity == "error"] == []
    assert content is not None
    if days_ahead:
        stale = {p.path for p in problems if "'confirmed' is" in str(p) and "days old" in str(p)}
        confirmed = {i.path for i in (*content.services.values(), *content.pages.values()) if i.confirmed}
        assert stale == confirmed, "400 days on, every confirmation has gone stale and says so"


def test_every_service_and_page_exists_in_every_language(content) -> None:
    """No reader sees the Danish fallback: each text exists in each language."""
    for item in (*content.services.values(), *content.pages.values()):
        missing = set(LANGUAGES) - set(item.texts)
        assert missing == set(), (getattr(item, "id", None) or item.slug, sorted(missing))


def test_every_required_service_and_page_exists_in_danish_and_english(content) -> None:
    for sid in REQUIRED_SERVICES:
        assert sid in content.services, sid
        assert {"da", "en"} <= set(content.services[sid].texts), sid
    for slug in (*PAGES, "safety"):
        assert {"da", "en"} <= set(content.pages[slug].texts), slug


def test_every_service_is_sourced_and_every_source_dated(content) -> None:
    for item in (*content.services.values(), *content.pages.values()):
        assert item.sources or isinstance(item, Page), item.key  # a page may hold no facts
        for source in item.sources:
            assert source.date.kind in ("day", "month", "year", "years", "before", "undated"), item.key
            assert (source.url or "").startswith(("https://", "http://")) or source.title, item.key


def test_the_do_not_publish_numbers_are_read_from_the_fact_sheet() -> None:
    """The check reads every number of the sheet's DO NOT PUBLISH list; the code's net names no other."""
    section = facts_section("DO NOT PUBLISH (obsolete, malformed or unverified)")
    numbers = {digits(m[0]) for m in PHONE_LIKE.finditer(section)}
    assert len(numbers) >= 5, section  # the list as amended on 2026-12-01 names five numbers
    read = forbidden_numbers(FACTS.read_text(encoding="utf-8"))
    assert numbers == read
    assert set(FORBIDDEN_NUMBERS) <= read  # the safety net in rules.py is a part of the sheet's list


def test_no_do_not_publish_number_anywhere_in_content() -> None:
    """The obsolete and unconfirmed numbers never appear, with or without spaces."""
    for path in all_files():
        squeezed = re.sub(r"(?<=\d)[\s.-]+(?=\d)", "", path.read_text(encoding="utf-8"))
        for number in (*FORBIDDEN_NUMBERS, "36393963"):  # 3639 3963 is a stale child-emergency line
            assert number not in squeezed, (path, number)


def test_the_check_finds_no_number_outside_the_fact_sheet() -> None:
    """The content check (the one editors run) compares every number, in every language, with the sheet."""
    _, problems = check(CONTENT, DEFAULTS["LANGUAGES"], facts=FACTS, municipality=HVIDOVRE)
    assert [str(p) for p in problems if "is not in the fact sheet" in p.message] == []


def test_every_phone_contact_is_a_confirmed_number(content) -> None:
    confirmed = confirmed_numbers(FACTS.read_text(encoding="utf-8"))
    for service in content.services.values():
        for contact in service.contacts:
            if contact.kind in ("phone", "sms"):
                assert contact.digits in CONFIRMED_NUMBERS, (service.id, contact.value)
                assert contact.digits in confirmed, (service.id, contact.value)


def test_numbers_in_text_are_confirmed_numbers(content) -> None:
    """A phone-like number in any text, in any language, is one of the confirmed ones."""
    found = 0
    for item in (*content.services.values(), *content.pages.values()):
        for text in item.texts.values():
            for match in PHONE_LIKE.finditer(text.body_text + " " + text.summary):
                if len(digits(match[0])) >= 6:
                    found += 1
                    assert digits(match[0]) in CONFIRMED_NUMBERS, (text.path, match[0])
    assert found >= 9, "3639 3639 on the Hvidovre page in nine languages, at least"


def test_confirmed_numbers_stand_in_the_fact_sheet() -> None:
    """The allow-list above is not a memory: each number is in a CONFIRMED row of the facts."""
    text = FACTS.read_text(encoding="utf-8")
    rows = [re.sub(r"(?<=\d) (?=\d)", "", line) for line in confirmed_rows(text)]
    for number in CONFIRMED_NUMBERS:
        # The whole number, not a part of a longer one ("112" is not in "2112").
        whole = re.compile(rf"(?<!\d){number}(?!\d)")
        assert any(whole.search(row) for row in rows), number
        assert number in confirmed_numbers(text), number
    # "CONFIRMED obsolete", "... Do not publish" and "stale" rows confirm only that a number must not be used.
    assert "70203082" not in confirmed_numbers(text) and "36393963" not in confirmed_numbers(text)


def test_no_crisis_centre_addresses(content) -> None:
    """Shelter addresses are secret: no street address with a number appears in crisis-centre texts."""
    centres = [s for s in content.services.values() if s.category == "crisis-centre"]
    assert len(centres) >= 3, "danner, krisecentre and svendebjerggaard are crisis centres"
    for service in centres:
        for text in service.texts.values():
            street = re.search(r"[A-ZÆØÅ]\w*(vej|gade|allé|alle|stræde|plads|vænge) \d", text.body_text)
            assert street is None, (text.path, street)


def test_no_claim_that_a_stay_is_free() -> None:
    for path in all_files():
        text = path.read_text(encoding="utf-8").lower()
        assert "gratis ophold" not in text and "free stay" not in text, path


def test_every_file_reads_the_same_in_yaml_1_2_as_it_did_in_yaml_1_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """The move to YAML 1.2 changed no value of the real content: read both ways, it is the same."""
    now = load(CONTENT, LANGUAGES, municipality=HVIDOVRE)
    reader = front_matter.yaml_reader

    def yaml_1_1(**options: bool) -> YAML:
        old = reader(**options)
        old.version = (1, 1)
        return old

    monkeypatch.setattr(front_matter, "yaml_reader", yaml_1_1)
    before = load(CONTENT, LANGUAGES, municipality=HVIDOVRE)
    assert (before.services, before.pages, before.situations, before.synonyms) == (
        now.services,
        now.pages,
        now.situations,
        now.synonyms,
    )
