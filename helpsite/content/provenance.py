"""Where a file's facts come from and who confirmed them: dated sources and `confirmed:`.

Two dates that must never be mixed up: a source's own date (how old the knowledge is) and the day a
person confirmed the facts with the service or its live site (`confirmed:`). Only the second is
"Checked ..." on a page, a sheet or in HSDS; a file without it says its facts are not yet confirmed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .contacts import WEB_PATTERN
from .front_matter import Source
from .problems import Collector

STALE_AFTER_DAYS = 180
# Who may confirm facts with a service: roles, never a person's name (a name on a public page of
# this site could put that person at risk, and the role is what tells a reader whom to trust).
ROLES = ("kommunikation", "sundhedsplejen", "familieafdelingen", "jobcentret", "it")
SOURCE_KEYS = ("url", "title", "date")
UNDATED = "undated"

_DAY = re.compile(r"(~)?(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_YEARS = re.compile(r"(~)?(\d{4})\s*[–-]\s*(\d{4})")
_BEFORE = re.compile(r"before\s+(\d{4})", re.IGNORECASE)
# Every form a source's date may take, as one pattern (the browser editor's form checks it too).
SOURCE_DATE_PATTERN = rf"^({_DAY.pattern}|{_YEARS.pattern}|[Bb]efore\s+\d{{4}}|{UNDATED})$"
DATE_FORMS = (
    "a year (2021), a month (2023-12), a day (2021-02-08), years (2021–2024), 'before 2017' or 'undated'"
)
SOURCE_FORM = '  - {url: "https://...", date: 2021}'
CONFIRMED_FORM = "confirmed: {date: YYYY-MM-DD, by: kommunikation}"


@dataclass(frozen=True)
class SourceDate:
    """A source's own date, as precise as the source gives it."""

    kind: str  # day | month | year | years | before | undated
    first: dt.date | None = None  # the earliest day it can mean (None: undated)
    last: dt.date | None = None  # for years: the last year; for others the same as first
    approx: bool = False  # written with a leading ~ ("about")

    @property
    def text(self) -> str:
        """The date as written in the file, normalised (2021, 2023-12, 2021–2024, ...)."""
        if self.first is None:
            return UNDATED
        mark = "~" if self.approx else ""
        if self.kind == "day":
            return mark + self.first.isoformat()
        if self.kind == "month":
            return f"{mark}{self.first:%Y-%m}"
        if self.kind == "years":
            return f"{mark}{self.first.year}–{self.last.year if self.last else ''}"
        if self.kind == "before":
            return f"before {self.first.year}"
        return f"{mark}{self.first.year}"


@dataclass(frozen=True)
class Cited:
    """One source: a web address or, for a written answer without one, a title; and its date."""

    date: SourceDate
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Confirmation:
    """A person in a role confirmed the file's facts with the service or its live site on a day."""

    date: dt.date
    by: str  # one of ROLES


def parse_source_date(value: object) -> SourceDate | None:
    """A source's date from YAML (an int year, a date, or text); None when it is not understood."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return SourceDate("day", value, value)
    text = str(value).strip()
    if text.lower() == UNDATED:
        return SourceDate(UNDATED)
    try:
        if match := _YEARS.fullmatch(text):
            first, last = int(match[2]), int(match[3])
            if last <= first:
                return None
            return SourceDate("years", dt.date(first, 1, 1), dt.date(last, 1, 1), bool(match[1]))
        if match := _BEFORE.fullmatch(text):
            return SourceDate("before", dt.date(int(match[1]), 1, 1), dt.date(int(match[1]), 1, 1))
        if match := _DAY.fullmatch(text):
            year, month, day = int(match[2]), match[3], match[4]
            kind = "day" if day else "month" if month else "year"
            start = dt.date(year, int(month or 1), int(day or 1))
            return SourceDate(kind, start, start, bool(match[1]))
    except ValueError:  # 2023-13, 2021-02-30
        return None
    return None


def _source_line(src: Source, index: int) -> int:
    lines = src.item_lines.get("sources", [])
    return lines[index] if index < len(lines) else src.lines.get("sources", 1)


def read_sources(src: Source, out: Collector, today: dt.date) -> tuple[Cited, ...]:
    """The `sources:` list: each a {url or title, date}; every mistake reported at its line."""
    raw = src.meta.get("sources")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        out.add(
            src,
            "sources",
            "'sources' must be a list",
            f"write one source per line: {SOURCE_FORM}",
            code="not-a-list",
        )
        return ()
    found: list[Cited] = []
    for i, item in enumerate(raw):
        line = _source_line(src, i)
        if isinstance(item, str):
            out.add(
                src,
                line,
                f"the source '{item}' has no date",
                f"write it as {SOURCE_FORM.strip()} with the date the source itself gives ({DATE_FORMS})",
                code="source-no-date",
                field="sources",
                args=(item,),
            )
            continue
        if not isinstance(item, dict):
            out.add(
                src,
                line,
                "a source is not understood",
                f"write it as {SOURCE_FORM.strip()}",
                code="source-unreadable",
                field="sources",
            )
            continue
        cited = _read_source(src, dict(item), line, out, today)
        if cited is not None:
            found.append(cited)
    return tuple(found)


def _read_source(src: Source, item: dict, line: int, out: Collector, today: dt.date) -> Cited | None:
    for key in item:
        if str(key) not in SOURCE_KEYS:
            out.add(
                src,
                line,
                f"unknown field '{key}' in a source",
                "a source holds 'url' (or 'title', for one without a web address) and 'date'",
                code="source-unreadable",
                field="sources",
            )
            return None
    url, title = item.get("url"), item.get("title")
    name = str(url or title or "")
    if not url and not title:
        out.add(
            src,
            line,
            "a source needs a web address or a title",
            'write url: "https://...", or title: "Hvidovre Kommune, svar om partnervold" for one without',
            code="source-no-url",
            field="sources",
        )
        return None
    if url and not re.fullmatch(WEB_PATTERN, str(url)):
        out.add(
            src,
            line,
            f"the source '{url}' is not a web address",
            "give the full address, starting with https://",
            code="bad-web",
            field="sources",
            args=(url,),
        )
        return None
    if "date" not in item or item["date"] in (None, ""):
        out.add(
            src,
            line,
            f"the source '{name}' has no date",
            f"add date: with the date the source itself gives: {DATE_FORMS}",
            code="source-no-date",
            field="sources",
            args=(name,),
        )
        return None
    date = parse_source_date(item["date"])
    if date is None:
        out.add(
            src,
            line,
            f"the date '{item['date']}' of the source '{name}' is not understood",
            f"write {DATE_FORMS}",
            code="bad-source-date",
            field="sources",
            args=(item["date"], name),
        )
        return None
    if date.first is not None and date.first > today:
        out.add(
            src,
            line,
            f"the source '{name}' is dated in the future ({date.text})",
            "write the date the source itself gives (when it was published or last updated)",
            code="source-future",
            field="sources",
            args=(name, date.text),
        )
        return None
    return Cited(date, url=str(url) if url else None, title=str(title).strip() if title and not url else None)


def read_confirmed(src: Source, out: Collector, today: dt.date) -> Confirmation | None:
    """`confirmed: {date, by}`; a future date or an unknown role is an error, an old date a warning."""
    raw = src.meta.get("confirmed")
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(map(str, raw)) != {"date", "by"}:
        out.add(
            src,
            "confirmed",
            "'confirmed' needs a date and a role, nothing else",
            f"write {CONFIRMED_FORM}, or delete the line if nobody has confirmed the facts with the service",
            code="confirmed-shape",
        )
        return None
    day, by = raw["date"], str(raw["by"]).strip()
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        out.add(
            src,
            "confirmed",
            f"the date '{day}' in 'confirmed' is not a date",
            f"write {CONFIRMED_FORM}",
            code="bad-date",
            args=(day,),
        )
        return None
    if by not in ROLES:
        out.add(
            src,
            "confirmed",
            f"'{by}' is not a role that may confirm facts",
            f"write a role, never a person's name: by: one of {', '.join(ROLES)}",
            code="unknown-choice",
            args=(by,),
        )
        return None
    if day > today:
        out.add(
            src,
            "confirmed",
            f"'confirmed' is in the future ({day})",
            "write the day a person confirmed the facts with the service or its live site",
            code="date-future",
            args=(day,),
        )
        return None
    if (today - day).days > STALE_AFTER_DAYS:
        out.add(
            src,
            "confirmed",
            f"'confirmed' is {(today - day).days} days old (older than {STALE_AFTER_DAYS} days)",
            "confirm every number and hour with the service or its live site again, then set that day's date",
            warn=True,
            code="confirmed-old",
            args=((today - day).days, STALE_AFTER_DAYS),
        )
    return Confirmation(day, by)
