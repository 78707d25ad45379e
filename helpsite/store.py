"""The content the app serves now, and the switch to a newer build while it runs."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from types import MappingProxyType

from flask import Flask, render_template, request

from .content import Content, ContentError, Problem, check, fingerprint, load

log = logging.getLogger("helpsite")

CHECK_EVERY = 1.0  # seconds between looks at the index's `current` link, per worker
# What a preview serves when it starts on broken content: nothing, and the problems on every page.
EMPTY = Content(services=MappingProxyType({}), pages=MappingProxyType({}), synonyms=(), fingerprint="")


class ContentStore:
    """Holds the last good content; swaps to a new build when one is published under INDEX_DIR/current."""

    def __init__(self, app: Flask, content: Content, problems: list[Problem] | None = None):
        self.content_dir: Path = app.config["CONTENT_DIR"]
        self.index_dir: Path = app.config["INDEX_DIR"]
        self.languages = tuple(app.config["LANGUAGES"])
        self.current_link: Path = self.index_dir / "current"
        self.content = content
        # The problems of the content on disk (preview shows them; production logs them).
        self.problems: list[Problem] = list(problems if problems is not None else content.warnings)
        self.generation = self._read_link()
        self.rejected: str | None = None  # a generation whose content did not load: not retried
        self.seen: str | None = None  # preview: fingerprint of the content folder last checked
        self._next_check = 0.0
        self._lock = threading.Lock()

    @property
    def errors(self) -> list[Problem]:
        """The errors in the content on disk (empty when it is good)."""
        return [p for p in self.problems if p.severity == "error"]

    def _read_link(self) -> str | None:
        try:
            return os.readlink(self.current_link)
        except OSError:
            return None

    def refresh(self) -> None:
        """Pick up a newly published build (at most one look per second; never raises)."""
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + CHECK_EVERY
        generation = self._read_link()
        if generation is None or generation in (self.generation, self.rejected):
            return
        with self._lock:
            if generation in (self.generation, self.rejected):
                return
            if not generation.endswith(self.content.fingerprint):
                try:
                    self.content = load(self.content_dir, self.languages)
                except ContentError as error:
                    # The folder changed again after the build and is broken now: keep serving the
                    # last good content, say why once, and wait for the next build.
                    self.rejected = generation
                    self.problems = list(error.problems)
                    log.error("new content was not loaded, still serving the last good content:\n%s", error)
                    return
                self.problems = list(self.content.warnings)
            self.generation = generation

    def refresh_preview(self) -> None:
        """Preview only: re-check the content folder when a file changed, and rebuild the index."""
        try:
            current = fingerprint(self.content_dir)
        except OSError:  # a file vanished while an editor saved it: look again next request
            return
        if current == self.seen:
            return
        with self._lock:
            if current == self.seen:
                return
            self.seen = current
            from .publish import publish  # local: publish imports this module's neighbours

            # The production watcher's path: check, and build the index only for good content.
            content, self.problems = publish(self.content_dir, self.index_dir, self.languages)
            if content is None:
                log.error("preview: the content has errors; showing them instead of the pages")
                return
            self.content = content
            self.generation = self._read_link()
            self._next_check = 0.0


def preview_gate() -> tuple[str, int] | None:
    """Preview only: while the content has errors, every page is the list of problems."""
    from flask import current_app

    store: ContentStore = current_app.extensions["helpsite.store"]
    store.refresh_preview()
    if not store.errors or request.endpoint in ("static", "healthz", "readyz"):
        return None
    return render_template("preview.html", problems=store.problems, problems_page=True), 503


def _preview_context() -> dict:
    from flask import current_app

    if not current_app.config["PREVIEW"]:
        return {"preview_problems": ()}
    return {"preview_problems": tuple(current_app.extensions["helpsite.store"].problems)}


def init_app(app: Flask) -> None:
    """Load and validate the content once; a content mistake stops start-up with a clear message.

    In preview (config PREVIEW) the app starts whatever the content says and shows the problems.
    """
    content, problems = check(app.config["CONTENT_DIR"], app.config["LANGUAGES"])
    if content is None and not app.config["PREVIEW"]:
        # A plain message for the editor, not a traceback: SystemExit prints its text and stops.
        print(str(ContentError(problems)), file=sys.stderr)
        raise SystemExit(1)
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)("%s", problem)
    store = ContentStore(app, content or EMPTY, problems)
    app.extensions["helpsite.store"] = store
    app.before_request(store.refresh)
    if app.config["PREVIEW"]:
        store.seen = fingerprint(app.config["CONTENT_DIR"])
        app.before_request(preview_gate)
    app.context_processor(_preview_context)
