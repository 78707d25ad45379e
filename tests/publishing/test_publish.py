"""A content mistake never takes the running site down: it keeps serving the last good content."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from editing import field_line, line_of, replace
from flask import Flask

from helpsite.content.loader import fingerprint, load
from helpsite.publishing import store as store_module
from helpsite.publishing.watcher import Watcher, publish
from helpsite.search.generations import read_current
from helpsite.search.indexing import build_index

LANGUAGES = ["da", "en"]


@pytest.mark.slow
def test_store_keeps_the_last_good_content_when_a_new_build_is_broken(
    make_app: Callable[..., Flask], fixture_content: Path, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    monkeypatch.setattr(store_module, "CHECK_EVERY", 0.0)  # look at the link on every request
    app = make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES)
    client = app.test_client()
    store = app.extensions["helpsite.store"]
    served = store.content
    assert client.get("/da/services/danner").status_code == 200

    # An editor breaks the Danish file after a new generation was published elsewhere.
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "category: crisis-centre", "category: shelter")
    index_dir = Path(app.config["INDEX_DIR"])
    (index_dir / "generation-after-the-mistake").mkdir()
    os.symlink("generation-after-the-mistake", index_dir / "next")
    os.replace(index_dir / "next", index_dir / "current")
    with caplog.at_level(logging.ERROR, logger="helpsite"):
        page = client.get("/da/services/danner")
    assert page.status_code == 200 and store.content is served
    assert store.rejected == "generation-after-the-mistake"
    assert f"site/content/services/danner.md:{line_of(danner, 'category:')}: 'shelter' is not a category" in (
        caplog.text
    )
    assert "still serving the last good content" in caplog.text

    caplog.clear()  # the same broken generation is not loaded, nor logged, again
    assert client.get("/da/").status_code == 200 and caplog.text == ""

    # Fixed, with a new text, and built: the next request serves it.
    replace(danner, "category: shelter", "category: crisis-centre")
    replace(danner, field_line(danner, "summary"), "summary: Ny tekst efter rettelsen.")
    build_index(load(fixture_content, LANGUAGES), index_dir)
    assert "Ny tekst efter rettelsen." in client.get("/da/services/danner").text
    assert store.content is not served and store.rejected == "generation-after-the-mistake"


@pytest.mark.slow
def test_a_worker_switches_to_the_files_a_generation_was_built_from(
    make_app: Callable[..., Flask], fixture_content: Path, monkeypatch
) -> None:
    """A good edit is published, then broken again before a worker looks: the worker still gets the
    published version (the generation's own copy), not the older one and not the broken folder."""
    monkeypatch.setattr(store_module, "CHECK_EVERY", 0.0)
    app = make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES)
    client = app.test_client()
    store = app.extensions["helpsite.store"]
    assert client.get("/da/services/danner").status_code == 200
    danner = fixture_content / "services" / "danner.md"
    replace(danner, field_line(danner, "summary"), "summary: Den udgivne tekst.")
    content, _ = publish(fixture_content, Path(app.config["INDEX_DIR"]), LANGUAGES)
    assert content is not None
    replace(danner, "category: crisis-centre", "category: shelter")  # broken before the worker looked
    assert "Den udgivne tekst." in client.get("/da/services/danner").text
    assert store.rejected is None and store.content.fingerprint == content.fingerprint


@pytest.mark.slow
def test_watcher_publishes_nothing_for_broken_content_and_then_the_fix(
    fixture_content: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index_dir = tmp_path / "index"
    first = build_index(load(fixture_content, LANGUAGES), index_dir)
    watcher = Watcher(fixture_content, index_dir, LANGUAGES, interval=0.01)
    assert watcher.poll() is None  # nothing changed since start

    danner = fixture_content / "services" / "danner.md"
    replace(danner, "category: crisis-centre", "category: shelter")
    with caplog.at_level(logging.INFO, logger="helpsite.publish"):
        assert watcher.poll() is False
    assert read_current(index_dir) == first
    line = line_of(danner, "category:")
    assert f"content: site/content/services/danner.md:{line}: 'shelter' is not a category" in caplog.text
    assert "nothing was published, the site keeps serving the last good content" in caplog.text

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="helpsite.publish"):
        assert watcher.poll() is None  # one broken save is reported once
    assert caplog.text == ""

    replace(danner, "category: shelter", "category: crisis-centre")
    replace(danner, field_line(danner, "summary"), "summary: Rettet tekst.")
    with caplog.at_level(logging.INFO, logger="helpsite.publish"):
        assert watcher.poll() is True
    name = read_current(index_dir)
    assert name != first and name is not None and name.endswith(fingerprint(fixture_content))
    assert f"content: published version {fingerprint(fixture_content)}" in caplog.text
