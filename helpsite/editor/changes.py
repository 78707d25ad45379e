"""What a draft changes, line by line, for the person who reviews it before publishing.

Decap's form shows the draft as it will be, not what is different; a reviewer needs both. The
lines come from difflib (the standard library's own diff), with the changed words within a changed
line marked, so a new digit in a phone number or an hour stands out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")  # words, spaces and single punctuation marks


@dataclass(frozen=True)
class Line:
    """One line of the comparison: kept (" "), removed ("-"), added ("+") or a gap ("…")."""

    kind: str
    old: int | None  # line number in the published file
    new: int | None  # line number in the draft
    parts: tuple[tuple[str, bool], ...]  # the text, with the pieces that changed marked True


def compare(old: str | None, new: str | None, context: int = 2) -> list[Line]:
    """The lines that differ between the published text `old` and the draft `new`, with context."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    lines: list[Line] = []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if lines:
            lines.append(Line("…", None, None, ()))
        for op, a1, a2, b1, b2 in group:
            if op == "equal":
                lines.extend(Line(" ", a1 + i + 1, b1 + i + 1, ((a[a1 + i], False),)) for i in range(a2 - a1))
                continue
            removed, added = a[a1:a2], b[b1:b2]
            marked = [_marked(x, y) for x, y in zip(removed, added, strict=False)]
            for i, text in enumerate(removed):
                parts = marked[i][0] if i < len(marked) else ((text, False),)
                lines.append(Line("-", a1 + i + 1, None, parts))
            for i, text in enumerate(added):
                parts = marked[i][1] if i < len(marked) else ((text, False),)
                lines.append(Line("+", None, b1 + i + 1, parts))
    return lines


def _marked(old: str, new: str) -> tuple[tuple[tuple[str, bool], ...], tuple[tuple[str, bool], ...]]:
    """A removed and an added line with the words that differ marked in each."""
    x, y = _WORDS.findall(old), _WORDS.findall(new)
    left: list[tuple[str, bool]] = []
    right: list[tuple[str, bool]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=x, b=y, autojunk=False).get_opcodes():
        same = op == "equal"
        if a2 > a1:
            left.append(("".join(x[a1:a2]), not same))
        if b2 > b1:
            right.append(("".join(y[b1:b2]), not same))
    return tuple(left), tuple(right)
