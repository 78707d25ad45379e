"""Preview for editors (config PREVIEW): a saved file shows on the next request; problems replace pages.

watchfiles tells which requests come after a change, so the content folder is read again only
then, never on every request. The rebuild takes the production watcher's path (`publish`).
"""

from __future__ import annotations

import logging
import threading
import weakref
from pathlib import Path

import watchfiles
from flask import Flask, current_app, render_template, request

from ..content.loader import fingerprint
from .store import ContentStore
from .watcher import publish

log = logging.getLogger("helpsite")

# Milliseconds a request waits for file events already under way: the file system reports a save
# within a millisecond or two, so a reload right after saving shows it. Preview only.
EVENT_WAIT_MS = 5
UNGATED = ("static", "healthz", "readyz")  # the problems page keeps its style; the health checks stay up


class Changes:
    """Whether anything under a folder changed since the last look, from file-system events."""

    def __init__(self, folder: Path):
        self._lock = threading.Lock()
        self._events = watchfiles.watch(
            folder,
            debounce=200,
            step=1,
            rust_timeout=EVENT_WAIT_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        )
        next(self._events)  # starts watching: every change from now on is seen
        weakref.finalize(self, self._events.close)

    def any(self) -> bool:
        """True when files changed since the last call (waits a few milliseconds at most)."""
        with self._lock:
            # An ended watch (a signal stopped it) reports a change every time: the fingerprint decides.
            return bool(next(self._events, True))


class Preview:
    """Keeps the store in step with the content folder, rebuilding the index after each change."""

    def __init__(self, store: ContentStore):
        self.store = store
        self.seen = fingerprint(store.content_dir, store.municipality)
        try:
            self.changes: Changes | None = Changes(store.content_dir)
        except (OSError, RuntimeError) as error:  # no file events here: compare fingerprints instead
            log.warning("preview: file events unavailable (%s); reading the folder on each request", error)
            self.changes = None

    def refresh(self) -> None:
        """Re-check the content folder when a file changed, and rebuild the index for good content."""
        if self.changes is not None and not self.changes.any():
            return
        try:
            current = fingerprint(self.store.content_dir, self.store.municipality)
        except OSError:  # a file vanished while an editor saved it: look again next request
            return
        with self.store.lock:
            if current == self.seen:
                return
            self.seen = current
            store = self.store
            content, problems = publish(
                store.content_dir,
                store.index_dir,
                store.languages,
                facts=store.facts,
                municipality=store.municipality,
            )
            if content is None:
                store.problems = problems
                log.error("preview: the content has errors; showing them instead of the pages")
                return
            store.serve(content, problems)


def _gate() -> tuple[str, int] | None:
    """While the content has errors, every page is the list of problems."""
    if request.endpoint in UNGATED:
        return None
    current_app.extensions["helpsite.preview"].refresh()
    store: ContentStore = current_app.extensions["helpsite.store"]
    if not store.errors:
        return None
    return render_template("preview/problems.html", problems=store.problems, problems_page=True), 503


def _context() -> dict:
    if not current_app.config["PREVIEW"]:
        return {"preview_problems": ()}
    return {"preview_problems": tuple(current_app.extensions["helpsite.store"].problems)}


def init_app(app: Flask, store: ContentStore) -> None:
    """In preview, follow the content folder and gate every page; always give templates the problems."""
    if app.config["PREVIEW"]:
        app.extensions["helpsite.preview"] = Preview(store)
        app.before_request(_gate)
    app.context_processor(_context)
