"""The content the app serves now, and the switch to a newer build while it runs."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from flask import Flask

from .content import Content, ContentError, load

log = logging.getLogger("helpsite")

CHECK_EVERY = 1.0  # seconds between looks at the index's `current` link, per worker


class ContentStore:
    """Holds the last good content; swaps to a new build when `flask search build` publishes one."""

    def __init__(self, app: Flask, content: Content):
        self.content_dir: Path = app.config["CONTENT_DIR"]
        self.languages = tuple(app.config["LANGUAGES"])
        self.current_link: Path = app.config["INDEX_DIR"] / "current"
        self.content = content
        self.generation = self._read_link()
        self._next_check = 0.0
        self._lock = threading.Lock()

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
        if generation is None or generation == self.generation:
            return
        with self._lock:
            if generation == self.generation:
                return
            if not generation.endswith(self.content.fingerprint):
                try:
                    self.content = load(self.content_dir, self.languages)
                except ContentError as error:
                    # Keep serving the last good content; the next build will be picked up.
                    log.error("new content was not loaded, still serving the last good content:\n%s", error)
                    return
            self.generation = generation


def init_app(app: Flask) -> None:
    """Load and validate the content once; a content mistake stops start-up with a clear message."""
    try:
        content = load(app.config["CONTENT_DIR"], app.config["LANGUAGES"])
    except ContentError as error:
        # A plain message for the editor, not a traceback: SystemExit prints its text and stops.
        print(str(error), file=sys.stderr)
        raise SystemExit(1) from None
    for warning in content.warnings:
        log.warning("%s", warning)
    store = ContentStore(app, content)
    app.extensions["helpsite.store"] = store
    app.before_request(store.refresh)
