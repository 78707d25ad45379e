"""A Markdown file's parts: one reading of the front matter's bounds, for the loader and the writer."""

from __future__ import annotations

import pytest
from testdata import FIXTURES

from helpsite import ROOT
from helpsite.content import file_parts, rewrite

FILES = sorted([*(ROOT / "site").rglob("*.md"), *(FIXTURES / "content").rglob("*.md")])
MARKDOWN = [p for p in FILES if p.read_text(encoding="utf-8").startswith("---")]


def test_every_content_file_splits_and_joins_back_byte_for_byte() -> None:
    assert len(MARKDOWN) > 100
    for path in MARKDOWN:
        raw = path.read_text(encoding="utf-8")
        parts = file_parts.split(raw)
        assert "".join(parts) == raw, path
        assert parts.opening == "---\n" and parts.closing == "---\n", path


@pytest.mark.parametrize(
    ("raw", "front", "body"),
    [
        ("---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n"),
        ("\ufeff---\ntitle: A\n---\nBody\n", "title: A\n", "Body\n"),  # a byte order mark
        ("---\r\ntitle: A\r\n---\r\nBody\r\n", "title: A\r\n", "Body\r\n"),  # Windows line ends
        ("---  \ntitle: A\n---\t\nBody\n", "title: A\n", "Body\n"),  # spaces after the dashes
        # an indented '---' is the YAML's own text
        ("---\ntitle: |\n  a\n  ---\n  b\n---\nBody\n", "title: |\n  a\n  ---\n  b\n", "Body\n"),
        ("---\ntitle: A\n----\n---\nB\n", "title: A\n----\n", "B\n"),  # four dashes are no bound
        ("---\ntitle: A\n---", "title: A\n", ""),  # the closing line is the file's last
    ],
)
def test_the_bounds_are_lines_of_three_dashes_at_the_start(raw: str, front: str, body: str) -> None:
    parts = file_parts.split(raw)
    assert (parts.front, parts.body) == (front, body)
    assert "".join(parts) == raw


@pytest.mark.parametrize(
    ("raw", "opened"),
    [("", False), ("title: A\n", False), ("  ---\ntitle: A\n---\n", False), ("---\n", True),
     ("---\ntitle: A\n", True), ("---", True), ("---\ntitle: A\n  ---\n", True)],
)  # fmt: skip
def test_a_file_without_front_matter_or_its_end_is_said_so(raw: str, opened: bool) -> None:
    with pytest.raises(file_parts.NoFrontMatter) as refused:
        file_parts.split(raw)
    assert refused.value.opened is opened


@pytest.mark.parametrize(
    "raw",
    ["\ufeff---\ntitle: A\n---\nBody\n", "---\r\ntitle: A\r\n---\r\n\r\nBody\r\n", "---\ntitle: A\n---\n"],
)
def test_the_writer_cuts_where_the_loader_does(raw: str) -> None:
    parts = file_parts.split(raw)
    lines, body = rewrite.split_file(raw)
    assert "".join(lines) == parts.opening + parts.front + parts.closing and body == parts.body


@pytest.mark.parametrize(
    ("after", "kept"),
    [("Body\n", "\nBody\n"), ("\nBody\n", "\nBody\n"), ("\n\n  \nBody\n", "\nBody\n"), ("  \n\t", ""),
     ("", ""), ("\n   Body\n", "\n   Body\n")],
)  # fmt: skip
def test_the_loaders_body_is_the_text_translations_took_their_fingerprint_over(after: str, kept: str) -> None:
    """From the closing line's newline, blank lines after it left out: as the loader has always kept it."""
    assert file_parts.loaded_body(file_parts.split(f"---\ntitle: A\n---\n{after}")) == kept


def test_the_loaders_front_matter_keeps_the_files_line_numbers() -> None:
    parts = file_parts.split("---\n\ntitle: A\n---\nBody\n")
    assert file_parts.loaded_front(parts).split("\n").index("title: A") == 2  # the file's line 3, from 0
