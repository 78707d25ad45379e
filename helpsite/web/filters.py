"""How dates, times, days, languages and addresses are written for the reader (template filters)."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_skeleton, get_day_names
from flask import Flask
from flask_babel import format_date
from flask_babel import gettext as _

from ..content.contacts import bare_address
from ..content.provenance import SourceDate
from .i18n import lang_code

MAX_URL = 60  # characters of a source address shown before it is cut


def _locale() -> Locale:
    return Locale.parse(lang_code())


def hhmm(value: dt.time) -> str:
    """08:00; the end of the day as 24:00."""
    return "24:00" if value == dt.time.max else value.strftime("%H:%M")


def day_range(days: tuple[int, ...]) -> str:
    """Weekdays as the reader writes them: 'man.–fre.', 'Mon–Fri', or a list."""
    names = get_day_names("abbreviated", locale=_locale())
    if len(days) > 2 and list(days) == list(range(days[0], days[-1] + 1)):
        return f"{names[days[0]]}–{names[days[-1]]}"
    return ", ".join(names[d] for d in days)


def language_name(code: str, lang: str | None = None) -> str:
    """A language's name in the reader's language ('arabisk', 'Arabic'), or in `lang`."""
    try:
        name = Locale.parse(code).get_display_name(Locale.parse(lang) if lang else _locale())
    except (ValueError, LookupError):
        return code
    return name or code


def long_date(value: dt.date) -> str:
    """26. november 2026 / 26 November 2026."""
    return format_date(value, format="long")


def source_date(value: SourceDate) -> str:
    """A source's own date, as precise as the source: 2021, december 2023, 8. februar 2021, 2021–2024."""
    if value.first is None:
        return _("undated")
    if value.kind == "before":
        return _("before %(year)s", year=value.first.year)
    if value.kind == "day":
        text = long_date(value.first)
    elif value.kind == "month":
        text = format_skeleton("yMMMM", value.first, locale=_locale())
    elif value.kind == "years" and value.last:
        text = f"{value.first.year}–{value.last.year}"
    else:
        text = str(value.first.year)
    return _("about %(date)s", date=text) if value.approx else text


def short_url(url: str) -> str:
    """A source address without scheme and www, cut to a readable length."""
    short = bare_address(url)
    return short if len(short) <= MAX_URL else short[: MAX_URL - 3] + "…"


def init_app(app: Flask) -> None:
    """Register the filters."""
    for function in (day_range, hhmm, language_name, long_date, short_url, source_date):
        app.add_template_filter(function)
