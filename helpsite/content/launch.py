"""The launch check: every fact that no person has confirmed with the service or its live site.

A file's facts count as confirmed live when it has `confirmed:` no older than STALE_AFTER_DAYS.
What counts as a fact, per file: each phone, SMS, e-mail and web contact; the opening hours; the
free and anonymous flags; the languages spoken; phone numbers in the text; and, for a file with
sources, the text's other claims (one fact: the sources behind them are listed on the page).
Translations hold no facts of their own: they say what the Danish file says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..languages import DEFAULT_LANGUAGE
from .facts import MIN_TEXT_DIGITS, PHONE_LIKE, digits
from .model import Content, Hours, Page, Service
from .provenance import STALE_AFTER_DAYS, Confirmation

CONTACT_WORDS = {"phone": "phone", "sms": "SMS", "email": "e-mail", "web": "web"}


@dataclass(frozen=True)
class Unconfirmed:
    """One file's facts that need a person to confirm them live."""

    path: str
    facts: tuple[str, ...]
    confirmed: Confirmation | None  # set when the confirmation is older than STALE_AFTER_DAYS


def _hours(hours: Hours) -> str:
    if hours.always:
        return "hours: always open"
    text = "hours: " + ", ".join(f"{slot.opens:%H:%M}-{slot.closes:%H:%M}" for slot in hours.slots)
    if hours.holidays is not None:
        held = hours.holidays
        times = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in held.times)
        text += f"; public holidays: {'always open' if held.always else times or 'closed'}"
    return text


def facts_of(item: Service | Page) -> tuple[str, ...]:
    """What a person must confirm in one Danish file, in the order it appears."""
    found: list[str] = []
    if isinstance(item, Service):
        found += [f"{CONTACT_WORDS[c.kind]} {c.value}" for c in item.contacts]
        if item.hours:
            found.append(_hours(item.hours))
        found += [word for word, flag in (("free", item.free), ("anonymous", item.anonymous)) if flag]
        if item.languages:
            found.append(f"languages spoken: {', '.join(item.languages)}")
    text = item.texts[DEFAULT_LANGUAGE]
    listed = {digits(f) for f in found}
    for match in PHONE_LIKE.finditer(f"{text.summary}\n{text.body_text}"):
        number = digits(match[0])
        if len(number) >= MIN_TEXT_DIGITS and number not in listed:
            listed.add(number)
            found.append(f"number in the text {match[0]}")
    if item.sources:
        count = len(item.sources)
        found.append(f"the text's other claims ({count} source{'' if count == 1 else 's'})")
    return tuple(found)


def unconfirmed(content: Content, today: dt.date) -> list[Unconfirmed]:
    """Every file with facts and no current `confirmed:`, services first, each in display order."""
    found = []
    items: list[Service | Page] = [*content.ordered_services(), *content.ordered_pages()]
    for item in items:
        confirmed = item.confirmed
        if confirmed is not None and (today - confirmed.date).days <= STALE_AFTER_DAYS:
            continue
        facts = facts_of(item)
        if facts:
            found.append(Unconfirmed(item.path, facts, confirmed))
    return found
