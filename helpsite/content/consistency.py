"""Warnings where a service's facts disagree with each other: a crisis line or a text that says "open
24 hours" against hours that are not, and a free or anonymous flag with no dated source behind it.

Warnings, not errors: each may have a reason the check cannot see, but an editor should look.
"""

from __future__ import annotations

import datetime as dt
import re

from .front_matter import Source
from .model import Hours, Service
from .problems import Collector

# How the texts say "open day and night", in Danish and English (a translation repeats the original).
ROUND_THE_CLOCK = re.compile(
    r"døgnet rundt|døgnåbe[nt]|hele døgnet|24 timer i døgnet|open 24 hours|24 hours a day|24/7", re.I
)
FLAGS = ("free", "anonymous")


def round_the_clock(hours: Hours) -> bool:
    """True when the hours cover every hour of every day (`always`, or 00:00-24:00 all week)."""
    whole_days = {d for s in hours.slots if s.opens == dt.time(0) and s.closes == dt.time.max for d in s.days}
    return hours.always or whole_days == set(range(7))


def check_consistency(src: Source, service: Service, out: Collector) -> None:
    """Warn about facts of one service (its Danish file `src`) that contradict each other."""
    limited = service.hours is not None and not round_the_clock(service.hours)
    if service.crisis_line and (service.hours is None or limited):
        out.add(
            src, "crisis_line",
            "'crisis_line: true' shows it first on every page as open day and night, but 'hours' is not",
            "set 'hours: always' if the line is open day and night; otherwise remove 'crisis_line'",
            warn=True, code="crisis-line-hours",
        )  # fmt: skip
    for text in service.texts.values() if limited else ():
        for key, words in (("name", text.title), ("summary", text.summary), ("body", text.body_text)):
            found = ROUND_THE_CLOCK.search(words)
            if found:
                # A translation's own lines are not kept: its problem is at the top of its file.
                out.add(
                    text.path, src.lines.get(key, src.body_line + 1) if text.path == src.rel else 1,
                    f"the text says '{found[0]}', but 'hours' is not open day and night",
                    "correct the text or the opening hours, so that they say the same",
                    warn=True, code="text-24-hours", field=key, args=(found[0],),
                )  # fmt: skip
                break
    dated = [c for c in service.sources if c.date.first is not None]
    for flag in FLAGS:
        if getattr(service, flag) is not None and not dated:
            out.add(
                src, flag, f"'{flag}' is set, but the file has no dated source that says so",
                f"add the source that says it under 'sources:' with its date, or remove '{flag}'",
                warn=True, code="flag-without-source",
            )  # fmt: skip
