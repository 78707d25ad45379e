"""Publishing edited content while the site runs: check it, then build a new index generation.

In production the gunicorn master runs a `Watcher` (see gunicorn.conf.py, `when_ready`): it polls the
content folder's fingerprint every few seconds. When the content changed and passes the check it builds
a new search-index generation, and the workers switch to it (`ContentStore.refresh`). When the check
finds errors, it logs each one and publishes nothing: the site keeps serving the last good content.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

from .content import Content, Problem, check, fingerprint

POLL_EVERY = 3.0  # seconds between looks at the content folder


class Log(Protocol):
    """What the watcher needs of a logger: a `logging.Logger` or gunicorn's `server.log`."""

    def info(self, msg: str, *args: Any) -> None: ...
    def warning(self, msg: str, *args: Any) -> None: ...
    def error(self, msg: str, *args: Any) -> None: ...
    def exception(self, msg: str, *args: Any) -> None: ...


default_log: Log = logging.getLogger("helpsite.publish")


def build_index(content: Content, index_dir: Path) -> None:
    """Build a new search-index generation for `content` and switch INDEX_DIR/current to it."""
    from . import search  # local: the search module imports Flask pieces the master does not need

    search.build_index(content, index_dir)


def publish(
    content_dir: Path, index_dir: Path, languages: Iterable[str], log: Log = default_log
) -> tuple[Content | None, list[Problem]]:
    """Check the content; without errors, build and switch to a new index. Never publishes bad content."""
    content, problems = check(content_dir, languages)
    if content is None:
        errors = [p for p in problems if p.severity == "error"]
        for problem in errors:
            log.error("content: %s", problem)
        log.error(
            "content: %d error(s); nothing was published, the site keeps serving the last good content",
            len(errors),
        )
        return None, problems
    for problem in problems:
        log.warning("content: %s", problem)
    build_index(content, index_dir)
    log.info("content: published version %s", content.fingerprint)
    return content, problems


class Watcher:
    """Polls the content folder and publishes each new version that passes the check."""

    def __init__(
        self,
        content_dir: Path,
        index_dir: Path,
        languages: Iterable[str],
        interval: float = POLL_EVERY,
        log: Log = default_log,
    ):
        self.content_dir = Path(content_dir)
        self.index_dir = Path(index_dir)
        self.languages = tuple(languages)
        self.interval = interval
        self.log = log
        # The version being served was checked and indexed when the app started.
        self.seen = fingerprint(self.content_dir)
        self.stop = threading.Event()

    def poll(self) -> bool | None:
        """Look once: None when nothing changed, else whether the new version was published."""
        try:
            current = fingerprint(self.content_dir)
        except OSError:  # a file vanished while an editor saved it: look again next time
            return None
        if current == self.seen:
            return None
        # Remember it even when it fails, so one broken save is reported once, not every few seconds.
        self.seen = current
        content, _ = publish(self.content_dir, self.index_dir, self.languages, self.log)
        return content is not None

    def run(self) -> None:
        """Poll until `stop` is set; a surprise is logged, never allowed to end the watching."""
        while not self.stop.wait(self.interval):
            try:
                self.poll()
            except Exception:
                self.log.exception("content: the watcher failed; it keeps watching")

    def start(self) -> threading.Thread:
        """Run in a daemon thread, so it never keeps the server from stopping."""
        thread = threading.Thread(target=self.run, name="content-watcher", daemon=True)
        thread.start()
        return thread


def start_watcher(config: Mapping[str, Any], log: Log = default_log) -> Watcher:
    """Start watching the configured content folder (the gunicorn master calls this once)."""
    watcher = Watcher(config["CONTENT_DIR"], config["INDEX_DIR"], config["LANGUAGES"], log=log)
    watcher.start()
    log.info("content: watching %s every %.0f s", watcher.content_dir, watcher.interval)
    return watcher
