"""The real content in site/content/: complete, confirmed, and free of numbers we must not publish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_views import PAGES, REQUIRED_SERVICES

from helpsite import ROOT
from helpsite.content.loader import load
from helpsite.content.rules import FORBIDDEN_NUMBERS

CONTENT = ROOT / "site" / "content"
FACTS = ROOT.parent / "shared" / "facts" / "services.md"
LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]

# Every phone number the site may publish, each a CONFIRMED row of shared/facts/services.md.
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
# Digits grouped by single spaces, as Danish phone numbers are written ("33 33 00 47", "116 006").
# Thousands ("82.000") and years are written differently, so they do not match.
PHONE_LIKE = re.compile(r"(?<![\d.,])\d{2,4}(?: \d{2,4}){1,3}(?![\d.,])|(?<![\d.,])\d{8}(?![\d.,])")


@pytest.fixture(scope="module")
def content():
    return load(CONTENT, LANGUAGES)


def all_files() -> list[Path]:
    return sorted(p for p in CONTENT.rglob("*") if p.is_file())


def test_every_required_service_and_page_exists_in_danish_and_english(content) -> None:
    for sid in REQUIRED_SERVICES:
        assert sid in content.services, sid
        assert {"da", "en"} <= set(content.services[sid].texts), sid
    for slug in (*PAGES, "safety"):
        assert {"da", "en"} <= set(content.pages[slug].texts), slug


def test_every_service_is_sourced_and_checked(content) -> None:
    for service in content.services.values():
        assert service.sources, service.id
        assert all(url.startswith(("https://", "http://")) for url in service.sources)
        assert service.verified is not None


def test_no_do_not_publish_number_anywhere_in_content() -> None:
    """The obsolete and unconfirmed numbers never appear, with or without spaces."""
    for path in all_files():
        squeezed = re.sub(r"(?<=\d)[\s.-]+(?=\d)", "", path.read_text(encoding="utf-8"))
        for number in (*FORBIDDEN_NUMBERS, "36393963"):  # 3639 3963 is a stale child-emergency line
            assert number not in squeezed, (path, number)


def test_every_phone_contact_is_a_confirmed_number(content) -> None:
    for service in content.services.values():
        for contact in service.contacts:
            if contact.kind in ("phone", "sms"):
                assert contact.digits in CONFIRMED_NUMBERS, (service.id, contact.value)


def test_numbers_in_text_are_confirmed_numbers(content) -> None:
    """A phone-like number in any text, in any language, is one of the confirmed ones."""
    for item in (*content.services.values(), *content.pages.values()):
        for text in item.texts.values():
            for match in PHONE_LIKE.finditer(text.body_text + " " + text.summary):
                digits = re.sub(r"\D", "", match[0])
                if len(digits) >= 6:
                    assert digits in CONFIRMED_NUMBERS, (text.path, match[0])


def test_confirmed_numbers_stand_in_the_fact_sheet() -> None:
    """The allow-list above is not a memory: each number is in a CONFIRMED row of the facts."""
    if not FACTS.exists():
        pytest.fail(f"{FACTS} is missing: the fact sheet must sit beside the repository")
    confirmed_rows = [
        re.sub(r"(?<=\d) (?=\d)", "", line)
        for line in FACTS.read_text(encoding="utf-8").splitlines()
        if "CONFIRMED" in line
    ]
    for number in CONFIRMED_NUMBERS:
        if number in ("112", "114"):
            assert any(f"| {number} " in row or f"{number} " in row for row in confirmed_rows), number
        else:
            assert any(number in row for row in confirmed_rows), number


def test_no_crisis_centre_addresses(content) -> None:
    """Shelter addresses are secret: no street address with a number appears in crisis-centre texts."""
    for service in content.services.values():
        if service.category != "crisis-centre":
            continue
        for text in service.texts.values():
            street = re.search(r"[A-ZÆØÅ]\w*(vej|gade|allé|alle|stræde|plads|vænge) \d", text.body_text)
            assert street is None, (text.path, street)


def test_no_claim_that_a_stay_is_free() -> None:
    for path in all_files():
        text = path.read_text(encoding="utf-8").lower()
        assert "gratis ophold" not in text and "free stay" not in text, path
