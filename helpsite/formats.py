"""How dates, times, days and languages are written for the reader (template filters)."""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale
from babel.dates import get_day_names
from flask import g
from flask_babel import format_date

from .i18n import DEFAULT_LANGUAGE


def _locale() -> Locale:
    return Locale.parse(g.get("lang") or DEFAULT_LANGUAGE)


def hhmm(value: dt.time) -> str:
    """08:00; the end of the day as 24:00."""
    return "24:00" if value == dt.time.max else value.strftime("%H:%M")


def day_range(days: tuple[int, ...]) -> str:
    """Weekdays as the reader writes them: 'man.–fre.', 'Mon–Fri', or a list."""
    names = get_day_names("abbreviated", locale=_locale())
    if len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0]]}–{names[days[-1]]}"
    return ", ".join(names[d] for d in days)


def language_name(code: str) -> str:
    """A language's name in the reader's language ('arabisk', 'Arabic')."""
    try:
        name = Locale.parse(code).get_display_name(_locale())
    except (ValueError, LookupError):
        return code
    return name or code


def long_date(value: dt.date) -> str:
    """26. november 2026 / 26 November 2026."""
    return format_date(value, format="long")


def short_url(url: str) -> str:
    """A source address without scheme and www, cut to a readable length."""
    short = re.sub(r"^https?://(www\.)?", "", url).rstrip("/")
    return short if len(short) <= 60 else short[:57] + "…"
