"""The fact sheet, read-only, for the editors: which numbers are confirmed, and who adds one."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

# The sheet is written by people the project trusts, but the editor shows it as text only: no raw
# HTML passes (html: False), so nothing in it can run in the editor's origin.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")


def as_html(path: Path) -> Markup | None:
    """The fact sheet at `path` as HTML; None when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return Markup(_PARSER.render(text))  # escaped: html is off
