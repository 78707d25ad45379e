"""A Markdown file's parts: the opening '---' line, the front matter, the closing '---' line, the body.

The one place the front matter's bounds are found, for the loader, the writer of changed fields
(rewrite.py) and the editor alike. A bound is a line of exactly three dashes at the start of the line,
with nothing after them but spaces, tabs or the '\\r' of a Windows line end; an indented '---' is the
YAML's own text, a line of more dashes is not a bound. A byte order mark before the opening line is
kept with it. The parts joined give the file back byte for byte.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BOUND = re.compile(r"---[ \t\r]*(?:\n|\Z)")
_LATER_BOUND = re.compile(r"^---[ \t\r]*(?:\n|\Z)", re.M)
_BOM = "\ufeff"
# Before the bounds were this module's, the loader kept a body from the closing line's newline on,
# with any blank lines right after that line left out; a translation records its original's
# fingerprint over that text (loader.original_fingerprint), so `loaded_body` still gives it.
_BLANK_LINES = re.compile(r"\s*\n")
_BLANK = re.compile(r"\s*")


class NoFrontMatter(ValueError):
    """A file without front matter: `opened` is False when no '---' line starts it, True when none
    closes it."""

    def __init__(self, opened: bool):
        super().__init__("the front matter is not closed" if opened else "the file has no front matter")
        self.opened = opened


class Parts(NamedTuple):
    """A Markdown file cut at its front matter's bounds; `"".join(parts)` is the file."""

    opening: str  # the first line with its line end (and a byte order mark, when the file has one)
    front: str  # the front matter's lines, each with its line end
    closing: str  # the closing line with its line end ('' after the last line of a file)
    body: str  # everything after the closing line


def split(raw: str) -> Parts:
    """`raw` cut at its front matter's bounds (NoFrontMatter when it has none, or no end to it)."""
    start = len(_BOM) if raw.startswith(_BOM) else 0
    opening = _BOUND.match(raw, start)
    if opening is None:
        raise NoFrontMatter(opened=False)
    closing = _LATER_BOUND.search(raw, opening.end())
    if closing is None or not opening.group().endswith("\n"):
        raise NoFrontMatter(opened=True)
    return Parts(
        raw[: opening.end()],
        raw[opening.end() : closing.start()],
        closing.group(),
        raw[closing.end() :],
    )


def loaded_front(parts: Parts) -> str:
    """The front matter as the loader parses it: after the opening line's newline, so that a YAML
    line number counts from the file's first line."""
    return "\n" + parts.front


def loaded_body(parts: Parts) -> str:
    """The body as the loader keeps it: from the closing line's newline, blank lines right after it
    left out, and nothing for a body of blank lines only (the form its fingerprint has always been
    taken over)."""
    if not parts.closing.endswith("\n") or _BLANK.fullmatch(parts.body):
        return ""
    blank = _BLANK_LINES.match(parts.body)
    return "\n" + (parts.body[blank.end() :] if blank else parts.body)
