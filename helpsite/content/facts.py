"""The fact sheet (site/facts/services.md) as the check reads it: which numbers are CONFIRMED.

Every phone number in the content, in every language, must stand in a CONFIRMED row of the fact
sheet. A row marked obsolete, do-not-publish or stale confirms only that a number must not be
used, and the DO-NOT-PUBLISH section confirms nothing. The sheet is Markdown written for people,
so it is read line by line (a table row is one line) rather than parsed as a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..config import fact_sheet_beside
from .contacts import phone_problem
from .front_matter import Source, relative
from .problems import Collector
from .rules import FORBIDDEN_NUMBERS

# Digits grouped by single spaces, as Danish phone numbers are written ("33 33 00 47", "116 006"),
# or eight digits together. Thousands ("82.000") and years are written differently and do not match.
# A full stop or comma ends a sentence after a number, but between digits it is a thousands mark.
_START, _END = r"(?<!\d)(?<!\d[.,])", r"(?!\d|[.,]\d)"
PHONE_LIKE = re.compile(rf"{_START}(?:\d{{2,4}}(?: \d{{2,4}}){{1,3}}|\d{{8}}){_END}")
# A number in running text is checked when it has this many digits: shorter ones (112, 1888, a year)
# cannot be told from other numbers, and the contacts list is checked whatever the length.
MIN_TEXT_DIGITS = 6
DO_NOT_PUBLISH = "## DO NOT PUBLISH"
_NOT_CONFIRMING = ("obsolete", "do not publish", "stale")
_URL = re.compile(r"https?://\S+|\]\([^)]*\)")
_DIGIT_SPACE = re.compile(r"(?<=\d) (?=\d)")
# The fields of a file whose text readers see, besides the Markdown body.
TEXT_FIELDS = ("name", "title", "summary")


def digits(number: str) -> str:
    """A number without its spaces and signs."""
    return re.sub(r"\D", "", number)


def confirmed_rows(text: str) -> list[str]:
    """The fact sheet's lines that confirm a fact (not obsolete, do-not-publish or stale ones)."""
    cut = text.find(DO_NOT_PUBLISH)
    if cut != -1:  # the DO-NOT-PUBLISH list runs to the next section or the end
        end = text.find("\n## ", cut + 1)
        text = text[:cut] + (text[end:] if end != -1 else "")
    return [
        line
        for line in text.splitlines()
        if "CONFIRMED" in line and not any(word in line.lower() for word in _NOT_CONFIRMING)
    ]


def confirmed_numbers(text: str) -> frozenset[str]:
    """Every whole number in a CONFIRMED row, its spaces removed ("3639 3639" -> "36393639")."""
    found: set[str] = set()
    for row in confirmed_rows(text):
        squeezed = _DIGIT_SPACE.sub("", _URL.sub(" ", row))
        found.update(re.findall(r"(?<!\d)\d{2,}(?!\d)", squeezed))
    return frozenset(found)


def forbidden_numbers(text: str) -> frozenset[str]:
    """Every number of six or more digits in the DO-NOT-PUBLISH section, its spaces removed."""
    start = text.find(DO_NOT_PUBLISH)
    if start == -1:
        return frozenset()
    end = text.find("\n## ", start + 1)
    section = _DIGIT_SPACE.sub("", _URL.sub(" ", text[start : end if end != -1 else len(text)]))
    return frozenset(re.findall(rf"(?<!\d)\d{{{MIN_TEXT_DIGITS},}}(?!\d)", section))


def sheet_for(root: Path, facts: Path | None, out: Collector) -> FactSheet:
    """The fact sheet at `facts`, else the one beside the content folder `root`, named as editors know it."""
    path = facts or fact_sheet_beside(root)
    return fact_sheet(path, relative(path, root), out)


def fact_sheet(path: Path, name: str, out: Collector) -> FactSheet:
    """The fact sheet at `path`: its confirmed numbers (None: unreadable) and its DO-NOT-PUBLISH ones."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        out.add(
            name,
            1,
            "the fact sheet cannot be read, so no number can be checked against it",
            "restore site/facts/services.md (or set HELPSITE_FACTS_FILE to the fact sheet)",
            code="no-fact-sheet",
        )
        return FactSheet(None, name)
    return FactSheet(confirmed_numbers(text), name, forbidden_numbers(text) | set(FORBIDDEN_NUMBERS))


def numbers_in_text(src: Source) -> list[tuple[int, str]]:
    """(line, number) of every phone-like number a reader sees: the body and the text fields."""
    lines = src.text.splitlines()
    wanted = {src.lines[key] for key in TEXT_FIELDS if key in src.lines}
    found = []
    for number, line in enumerate(lines, 1):
        if number <= src.body_line and number not in wanted:
            continue
        for match in PHONE_LIKE.finditer(_URL.sub(" ", line)):
            if len(digits(match[0])) >= MIN_TEXT_DIGITS:
                found.append((number, match[0]))
    return found


def numbers_in_contacts(src: Source) -> list[tuple[int, str]]:
    """(line, number) of every phone and SMS contact in the front matter."""
    items = src.meta.get("contacts")
    if not isinstance(items, list):
        return []
    lines = src.item_lines.get("contacts", [])
    return [
        (lines[i] if i < len(lines) else src.lines.get("contacts", 1), str(item.get("value")))
        for i, item in enumerate(items)
        if isinstance(item, dict)
        and item.get("kind") in ("phone", "sms")
        and item.get("value")
        # A number that is not a phone number at all has its own error (contacts.py) instead.
        and phone_problem(str(item["value"]).strip()) is None
    ]


def check_numbers(
    src: Source,
    confirmed: frozenset[str],
    sheet: str,
    out: Collector,
    forbidden: frozenset[str] = frozenset(),
) -> None:
    """Report every phone number in the file that no CONFIRMED row of the fact sheet holds."""
    refused = forbidden | set(FORBIDDEN_NUMBERS)  # those have their own error (rules.check_forbidden)
    for line, number in (*numbers_in_contacts(src), *numbers_in_text(src)):
        found = digits(number)
        if found and found not in confirmed and found not in refused:
            field = src.field_at(line)
            out.add(
                src,
                line,
                f"the number {number} is not in the fact sheet",
                f"add it there with its source first (a CONFIRMED row of {sheet}), or remove it",
                code="not-in-fact-sheet",
                field=field,
                args=(number,),
            )


@dataclass(frozen=True)
class FactSheet:
    """The confirmed numbers of the fact sheet (None: unreadable), how an editor names the file, and
    the numbers never to publish (its DO-NOT-PUBLISH section and the rules' safety net)."""

    numbers: frozenset[str] | None
    name: str
    forbidden: frozenset[str] = frozenset(FORBIDDEN_NUMBERS)


def local_sheet(path: Path, root: Path, national: FactSheet, out: Collector) -> FactSheet:
    """The numbers a municipality's own files may use: the national sheet's and its own facts.md's."""
    if not path.is_file() or national.numbers is None:
        return national
    own = fact_sheet(path, relative(path, root), out).numbers
    name = f"{national.name} or {relative(path, root)}"
    return FactSheet(national.numbers | (own or frozenset()), name, national.forbidden)
