"""Typed readers for front-matter values: text, word lists, flags, numbers, opening hours.

Dated sources and `confirmed:` have their own module, provenance.py.

Each reads one field of a `Source`, reports a mistake with the field's line and returns a usable
value (or None), so one run of the check finds every mistake in a file.
"""

from __future__ import annotations

import datetime as dt
import re

from .fields import Field
from .front_matter import Source
from .model import HolidayHours, Hours, Slot
from .problems import Collector

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_ORDER = 100
# A time of day as the files write it ("08:00", "8.30", "24:00"); the editor's form uses it too.
TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)|24[:.]00")


def text_list(src: Source, key: str, out: Collector) -> tuple[str, ...]:
    """A list of words (a single word is a list of one)."""
    value = src.meta.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        out.add(
            src,
            key,
            f"'{key}' must be a list of words",
            f"write it as {key}: [word, word]",
            code="not-a-list",
        )
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def choice(src: Source, field: Field, out: Collector) -> object:
    """A "choice" field's value, checked against the field's choices (as it stands, for the model)."""
    value = src.meta.get(field.name)
    if value is not None and value not in field.choices:
        fix = f"use one of: {', '.join(field.choices)}"
        out.add(
            src, field.name, f"'{value}' is not {_a(field.name)}", fix, code="unknown-choice", args=(value,)
        )
    return value


def choices(src: Source, field: Field, out: Collector) -> tuple[str, ...]:
    """A "choices" field's values (audiences), each checked against the field's choices."""
    picked = text_list(src, field.name, out)
    for value in picked:
        if value not in field.choices:
            fix = f"use some of: {', '.join(field.choices)}"
            out.add(
                src,
                field.name,
                f"'{value}' is not {_a(field.name.removesuffix('s'))}",
                fix,
                code="unknown-choice",
                args=(value,),
            )
    return picked


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def string(src: Source, key: str, out: Collector) -> str:
    """One line of plain text ("" when absent)."""
    value = src.meta.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        out.add(
            src,
            key,
            f"'{key}' must be plain text",
            f"write {key}: followed by the text on one line",
            code="not-text",
        )
        return ""
    return str(value).strip()


def flag(src: Source, key: str, out: Collector) -> bool | None:
    """true or false; None when absent (not confirmed either way)."""
    value = src.meta.get(key)
    if value is None or isinstance(value, bool):
        return value
    out.add(
        src,
        key,
        f"'{key}' must be true or false",
        f"write {key}: true, or remove the line if it is not confirmed",
        code="not-bool",
    )
    return None


def order(src: Source, out: Collector) -> int:
    """The place in lists: a whole number, DEFAULT_ORDER when absent."""
    value = src.meta.get("order", DEFAULT_ORDER)
    if not isinstance(value, int) or isinstance(value, bool):
        out.add(
            src,
            "order",
            "'order' must be a whole number",
            "write order: 1 for the first entry",
            code="not-int",
        )
        return DEFAULT_ORDER
    return value


def _parse_time(value: object) -> dt.time | None:
    match = TIME.fullmatch(str(value).strip())
    if not match:
        return None
    return dt.time(int(match[1]), int(match[2])) if match[1] else dt.time.max  # 24:00: the end of the day


def _parse_days(value: object) -> tuple[int, ...] | None:
    days: list[int] = []
    for part in str(value).lower().replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(end not in DAYS for end in ends):
            return None
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        if last < first:
            return None
        days.extend(range(first, last + 1))
    return tuple(sorted(set(days)))


def hours(src: Source, out: Collector) -> Hours | None:
    """`always`, or a list of {days, open, close} slots."""
    raw = src.meta.get("hours")
    if raw is None:
        return None
    if raw == "always":
        return Hours(always=True)
    fix = 'write \'hours: always\' or a list such as [{days: mon-fri, open: "08:00", close: "14:00"}]'
    if not isinstance(raw, list) or not raw:
        out.add(src, "hours", "'hours' is not understood", fix, code="hours-unreadable")
        return None
    slots = []
    lines = src.item_lines.get("hours", [])
    for i, item in enumerate(raw):
        line = lines[i] if i < len(lines) else src.lines.get("hours", 1)
        if not isinstance(item, dict) or set(item) != {"days", "open", "close"}:
            out.add(
                src,
                line,
                "an opening-hours line needs 'days', 'open' and 'close'",
                fix,
                code="slot-incomplete",
                field="hours",
            )
            continue
        days, opens, closes = _parse_days(item["days"]), _parse_time(item["open"]), _parse_time(item["close"])
        if days is None:
            out.add(
                src,
                line,
                f"the days '{item['days']}' are not understood",
                f"use {', '.join(DAYS)}, e.g. mon-fri",
                code="bad-days",
                field="hours",
                args=(item["days"],),
            )
        elif opens is None or closes is None or closes <= opens:
            out.add(
                src,
                line,
                "the opening or closing time is not understood",
                'write times as "08:00" and "14:00"',
                code="bad-time",
                field="hours",
            )
        else:
            slots.append(Slot(days, opens, closes))
    return Hours(always=False, slots=tuple(slots)) if slots else None


HOLIDAY_FIX = (
    "write 'holiday_hours: closed', 'holiday_hours: always' or the times that day, "
    'e.g. holiday_hours: "10:00-14:00" (several: "10:00-12:00, 13:00-15:00")'
)


def _holiday_times(text: str) -> tuple[tuple[dt.time, dt.time], ...] | None:
    times = []
    for part in text.split(","):
        ends = part.strip().split("-")
        if len(ends) != 2:
            return None
        opens, closes = _parse_time(ends[0].strip()), _parse_time(ends[1].strip())
        if opens is None or closes is None or closes <= opens:
            return None
        times.append((opens, closes))
    return tuple(times)


def holiday_hours(src: Source, hours: Hours | None, out: Collector) -> HolidayHours | None:
    """`holiday_hours`: closed, always, or times ("10:00-14:00"); only beside weekly `hours`."""
    raw = src.meta.get("holiday_hours")
    if raw is None:
        return None
    if hours is None or hours.always:
        what = "a service open 24 hours" if hours else "a service without 'hours'"
        out.add(
            src, "holiday_hours", f"'holiday_hours' means nothing for {what}", "delete the line",
            code="holiday-hours-unused",
        )  # fmt: skip
        return None
    text = str(raw).strip().lower()
    if text == "closed":
        return HolidayHours()
    if text == "always":
        return HolidayHours(always=True)
    times = _holiday_times(text)
    if times is None:
        out.add(
            src, "holiday_hours", f"'holiday_hours: {raw}' is not understood", HOLIDAY_FIX,
            code="holiday-hours-unreadable", args=(raw,),
        )  # fmt: skip
        return None
    return HolidayHours(times=times)
