"""The content the app serves now, its index generation, and the switch to a newer build while it runs.

How builds reach the workers is written down in search/generations.py: the store only asks it.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from flask import Flask

from ..content.loader import load
from ..content.model import Content
from ..content.problems import ContentError, Problem
from ..search import generations
from ..search.checks import check
from ..search.engine import Engine
from ..search.indexing import build_index
from ..search.situations import Situations, compile_situations

log = logging.getLogger("helpsite")

CHECK_EVERY = 1.0  # seconds between looks at the index's `current` link, per worker
# What a preview serves when it starts on broken content: nothing, and the problems on every page.
EMPTY = Content(services=MappingProxyType({}), pages=MappingProxyType({}), synonyms=(), fingerprint="")


class ContentStore:
    """Holds the last good content; swaps to a new build when one is published under INDEX_DIR/current."""

    def __init__(self, config: Mapping[str, Any], content: Content, problems: list[Problem] | None = None):
        self.content_dir: Path = config["CONTENT_DIR"]
        self.index_dir: Path = config["INDEX_DIR"]
        self.languages = tuple(config["LANGUAGES"])
        self.facts: Path = config["FACTS_FILE"]
        self.municipality: Path | None = config.get("MUNICIPALITY_DIR")  # the municipality's layer
        self.content = content
        # Made from the content where it was loaded here; a worker takes the builder's (no training).
        self.situations: Situations | None = compile_situations(content)
        # The problems of the content on disk (preview shows them; production logs them).
        self.problems: list[Problem] = list(problems if problems is not None else content.warnings)
        self.generation = generations.read_current(self.index_dir)
        self.rejected: str | None = None  # a generation whose content did not load: not retried
        self._next_check = 0.0
        self.lock = threading.Lock()

    @property
    def errors(self) -> list[Problem]:
        """The errors in the content on disk (empty when it is good)."""
        return [p for p in self.problems if p.is_error]

    def refresh(self) -> None:
        """Pick up a newly published build (at most one look per second; never raises)."""
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + CHECK_EVERY
        generation = generations.read_current(self.index_dir)
        if generation is None or generation in (self.generation, self.rejected):
            return
        with self.lock:
            if generation in (self.generation, self.rejected):
                return
            if generations.content_fingerprint(generation) != self.content.fingerprint:
                try:
                    self.content, self.situations = self._content_of(generation)
                except ContentError as error:
                    # The folder changed again after the build and is broken now: keep serving the
                    # last good content, say why once, and wait for the next build.
                    self.rejected = generation
                    self.problems = list(error.problems)
                    log.error("new content was not loaded, still serving the last good content:\n%s", error)
                    return
                self.problems = list(self.content.warnings)
            self.generation = generation

    def _content_of(self, generation: str) -> tuple[Content, Situations | None]:
        """The content a generation was built from and its situations: as its builder made them, else
        from its files."""
        built = generations.read_content(self.index_dir, generation)
        if built is not None:
            return built
        # A generation made by an older version: the files it was built from, else the live folder.
        kept = generations.source_of(self.index_dir, generation)
        root, facts = kept or (self.content_dir, self.facts)
        content = load(root, self.languages, facts=facts, municipality=self.municipality)
        return content, compile_situations(content)

    def serve(self, content: Content, problems: list[Problem]) -> None:
        """Serve content just published by this process, with the generation now current."""
        self.situations = compile_situations(content)
        self.content, self.problems = content, problems
        self.generation = generations.read_current(self.index_dir)
        self._next_check = 0.0


def _checked_content(app: Flask) -> tuple[Content | None, list[Problem]]:
    content, problems = check(
        app.config["CONTENT_DIR"],
        app.config["LANGUAGES"],
        facts=app.config["FACTS_FILE"],
        municipality=app.config["MUNICIPALITY_DIR"],
    )
    if content is None and not app.config["PREVIEW"]:
        # A plain message for the editor, not a traceback: SystemExit prints its text and stops.
        print(str(ContentError(problems)), file=sys.stderr)
        raise SystemExit(1)
    for problem in problems:
        (log.error if problem.is_error else log.warning)("%s", problem)
    return content, problems


def init_app(app: Flask) -> ContentStore:
    """Load and validate the content once, index it when the index is not current, and serve both.

    A content mistake stops start-up with a clear message; in preview (config PREVIEW) the app
    starts whatever the content says and shows the problems.
    """
    # A restart over the same examples takes the model the last build trained (seconds of training).
    generations.reuse_model(app.config["INDEX_DIR"])
    content, problems = _checked_content(app)
    store = ContentStore(app.config, content or EMPTY, problems)
    index_dir = store.index_dir
    if content is not None and app.config["BUILD_INDEX_ON_START"]:
        if not generations.is_current(index_dir, content.fingerprint):
            started = time.perf_counter()
            name = build_index(content, index_dir, (store.content_dir, store.facts))
            log.info("search index %s built in %.2f s", name, time.perf_counter() - started)
        # The store compares this with the link to notice new builds: it must not see its own as new.
        store.generation = generations.read_current(index_dir)
    app.extensions["helpsite.store"] = store
    app.extensions["helpsite.search"] = Engine(store, index_dir)
    app.before_request(store.refresh)
    return store
