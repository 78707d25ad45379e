"""No content file can stop the site: what would be slow to read or render is refused by the check,
content is loaded and rendered by the builder (never in a visitor's request), and a build that fails
or takes too long is never served."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from editing import field_line, line_of, replace
from flask import Flask

from helpsite.content import limits
from helpsite.content.loader import check, load
from helpsite.content.markdown import render_markdown
from helpsite.publishing import store as store_module
from helpsite.publishing import watcher as watcher_module
from helpsite.publishing.watcher import Watcher
from helpsite.search.generations import read_current
from helpsite.search.indexing import build_index

LANGUAGES = ["da", "en"]
BRACKETS = "[" * 12_000  # took Python-Markdown 30 s, past gunicorn's timeout, in every worker


def _body(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    front = text[: text.index("\n---", 3) + 4]
    path.write_text(f"{front}\n{body}\n", encoding="utf-8")


def _errors(root: Path) -> list[str]:
    content, problems = check(root, LANGUAGES)
    assert content is None
    return [str(p) for p in problems if p.severity == "error"]


def test_a_body_of_brackets_is_refused_with_file_line_and_fix(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    _body(danner, BRACKETS)
    line = line_of(danner, BRACKETS[:50])
    assert _errors(fixture_content) == [
        f"site/content/services/danner.md:{line}: the text has 12000 '[' characters; a text may have at "
        "most 300 (one per link): remove the '[' characters that do not start a link"
    ]


def test_a_two_megabyte_file_is_refused_before_it_is_read(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    _body(danner, "Lang tekst. " * 180_000)
    (error,) = _errors(fixture_content)
    assert error.startswith("site/content/services/danner.md:1: the file is 2,110 KB; a file here may be at")
    assert error.endswith("shorten the text or split it into two pages")


def test_a_long_body_and_a_long_field_are_refused(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    _body(danner, "Ord " * 6_000)
    replace(danner, field_line(danner, "summary"), "summary: " + "x" * 600)
    errors = _errors(fixture_content)
    assert any("the text is 24,002 characters long; a text here may be at most 20,000" in e for e in errors)
    line = line_of(danner, "summary:")
    assert f"site/content/services/danner.md:{line}: 'summary' holds 600 characters" in "\n".join(errors)


@pytest.mark.slow
def test_the_worst_body_within_the_limits_renders_in_well_under_a_second() -> None:
    """markdown-it-py's time grows with the text, not its square: the limits bound it."""
    for sign in ("[", "![", "*a", "_a", "[a](", "<", "a\n- "):
        body = (sign * limits.MAX_BODY)[: limits.MAX_BODY]
        if body.count("[") > limits.MAX_LINKS:
            body = body.replace("[", "(")
        started = time.process_time()  # CPU time: other work on the machine does not count
        render_markdown(body)
        assert time.process_time() - started < limits.RENDER_SECONDS / 2, sign


def test_a_body_slower_than_the_bound_is_refused(fixture_content: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "RENDER_SECONDS", -1.0)  # every render is "too slow"
    errors = _errors(fixture_content)
    assert errors and all("to turn into a page" in e for e in errors)


@pytest.mark.slow
def test_a_worker_switches_to_a_new_build_without_reading_or_rendering_a_file(
    make_app: Callable[..., Flask], fixture_content: Path, monkeypatch
) -> None:
    monkeypatch.setattr(store_module, "CHECK_EVERY", 0.0)
    app = make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES)
    client = app.test_client()
    danner = fixture_content / "services" / "danner.md"
    replace(danner, field_line(danner, "summary"), "summary: Bygget af udgiveren.")
    build_index(load(fixture_content, LANGUAGES), Path(app.config["INDEX_DIR"]))

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker read the content files inside a request")

    monkeypatch.setattr(store_module, "load", no_loading)
    monkeypatch.setattr("helpsite.content.loader.render_markdown", no_loading)
    assert "Bygget af udgiveren." in client.get("/da/services/danner").text


@pytest.mark.slow
def test_a_git_pull_of_a_slow_file_is_not_published(fixture_content: Path, tmp_path: Path, caplog) -> None:
    index_dir = tmp_path / "index"
    first = build_index(load(fixture_content, LANGUAGES), index_dir)
    watcher = Watcher(fixture_content, index_dir, LANGUAGES, interval=0.01)
    _body(fixture_content / "pages" / "about.md", BRACKETS)  # as a pull would write it
    with caplog.at_level(logging.ERROR, logger="helpsite.publish"):
        assert watcher.poll() is False
    assert read_current(index_dir) == first
    assert "'[' characters" in caplog.text and "nothing was published" in caplog.text


@pytest.mark.slow
def test_a_build_past_its_deadline_is_thrown_away(
    fixture_content: Path, tmp_path: Path, caplog, monkeypatch: pytest.MonkeyPatch
) -> None:
    index_dir = tmp_path / "index"
    first = build_index(load(fixture_content, LANGUAGES), index_dir)
    watcher = Watcher(fixture_content, index_dir, LANGUAGES, interval=0.01)
    danner = fixture_content / "services" / "danner.md"
    replace(danner, field_line(danner, "summary"), "summary: En ny tekst.")
    monkeypatch.setattr(watcher_module, "BUILD_SECONDS", 0.0)
    with caplog.at_level(logging.ERROR, logger="helpsite.publish"):
        assert watcher.poll() is False
    assert read_current(index_dir) == first
    assert sorted(p.name for p in index_dir.iterdir() if p.name.startswith(".staging")) == []
    assert "took over 0 s; nothing was published" in caplog.text
