"""Danish public holidays, from the `holidays` library (no calendar written by hand).

Besides the public holidays (helligdage) it counts the days the library lists as optional in
Denmark (Grundlovsdag, juleaftensdag, nytårsaftensdag, 1. maj): many services close then, and on such
a day a service that has not said otherwise shows "ring og hør" rather than a possibly false "open".
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from ..country import HOLIDAY_COUNTRY

CATEGORIES = (holidays.PUBLIC, holidays.OPTIONAL)


@lru_cache(maxsize=16)
def _year(year: int) -> dict[dt.date, str]:
    # One year at a time, built once: the library's own dict grows as it is asked, which is not
    # something to do from many greenlets at once.
    return dict(holidays.country_holidays(HOLIDAY_COUNTRY, years=year, categories=CATEGORIES, language="da"))


def holiday_name(day: dt.date) -> str | None:
    """The Danish name of the public holiday on `day`, or None on an ordinary day."""
    return _year(day.year).get(day)


def warm(today: dt.date) -> None:
    """Build last year to a few years ahead now, so no request reads the library's locale files."""
    for year in range(today.year - 1, today.year + 4):
        _year(year)
