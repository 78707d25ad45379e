"""Publishing edited content while the site runs: check it, then build a new index generation.

In production the gunicorn master runs a `Watcher` (see gunicorn.conf.py, `when_ready`). watchfiles
tells it at once when a file under the content folder changes; it then compares the folder's
fingerprint with the version it last saw. When the content changed and passes the check it builds a
new search-index generation, and the workers switch to it (`ContentStore.refresh`). When the check
finds errors, it logs each one and publishes nothing: the site keeps serving the last good content.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import watchfiles

from ..config import fact_sheet_beside
from ..content.loader import fingerprint
from ..content.model import Content
from ..content.problems import Problem
from ..search.checks import check
from ..search.indexing import TooSlow, build_index

# Seconds between looks at the fingerprint even when watchfiles reported nothing. File-system events
# do not arrive from every disk (a network share) nor for a folder replaced whole (a deploy that
# swaps a symlink), so the poll stays as a fallback; it reads the small content folder, nothing else.
POLL_EVERY = 3.0
# A check and build takes about 5 s on two cores; one that takes this long is not published (the
# limits in content/limits.py keep any file far below it, so this is the last line of defence).
BUILD_SECONDS = 60.0


class Log(Protocol):
    """What the watcher needs of a logger: a `logging.Logger` or gunicorn's `server.log`."""

    def info(self, msg: str, *args: Any) -> None: ...
    def warning(self, msg: str, *args: Any) -> None: ...
    def error(self, msg: str, *args: Any) -> None: ...
    def exception(self, msg: str, *args: Any) -> None: ...


default_log: Log = logging.getLogger("helpsite.publish")


def publish(
    content_dir: Path,
    index_dir: Path,
    languages: Iterable[str],
    log: Log = default_log,
    facts: Path | None = None,
    municipality: Path | None = None,
) -> tuple[Content | None, list[Problem]]:
    """Check the content; without errors, build and switch to a new index. Never publishes bad content."""
    started = time.monotonic()
    content, problems = check(content_dir, languages, facts=facts, municipality=municipality)
    if content is None:
        errors = [p for p in problems if p.is_error]
        for problem in errors:
            log.error("content: %s", problem)
        log.error(
            "content: %d error(s); nothing was published, the site keeps serving the last good content",
            len(errors),
        )
        return None, problems
    for problem in problems:
        log.warning("content: %s", problem)
    try:
        source = (content_dir, facts or fact_sheet_beside(content_dir))
        build_index(content, index_dir, source, deadline=started + BUILD_SECONDS)
    except TooSlow:
        log.error(
            "content: the check and build took over %.0f s; nothing was published, the site keeps "
            "serving the last good content",
            BUILD_SECONDS,
        )
        return None, problems
    log.info("content: published version %s", content.fingerprint)
    return content, problems


class Watcher:
    """Watches the content folder and publishes each new version that passes the check."""

    def __init__(
        self,
        content_dir: Path,
        index_dir: Path,
        languages: Iterable[str],
        interval: float = POLL_EVERY,
        log: Log = default_log,
        facts: Path | None = None,
        municipality: Path | None = None,
    ):
        self.content_dir = Path(content_dir)
        self.municipality = municipality  # the municipality's layer, watched as the content is
        self.facts = facts  # the fact sheet (None: the one beside the content)
        self.index_dir = Path(index_dir)
        self.languages = tuple(languages)
        self.interval = interval
        self.log = log
        # The version being served was checked and indexed when the app started.
        self.seen = fingerprint(self.content_dir, self.municipality)
        self.stop = threading.Event()

    def poll(self) -> bool | None:
        """Look once: None when nothing changed, else whether the new version was published."""
        try:
            current = fingerprint(self.content_dir, self.municipality)
        except OSError:  # a file vanished while an editor saved it: look again next time
            return None
        if current == self.seen:
            return None
        # Remember it even when it fails, so one broken save is reported once, not every few seconds.
        self.seen = current
        content, _ = publish(
            self.content_dir, self.index_dir, self.languages, self.log, self.facts, self.municipality
        )
        return content is not None

    def _look(self) -> None:
        try:
            self.poll()
        except Exception:
            self.log.exception("content: the watcher failed; it keeps watching")

    def run(self) -> None:
        """Look on every change and every `interval` seconds until `stop` is set; never gives up."""
        try:
            folders = [p for p in (self.content_dir, self.municipality) if p is not None and p.is_dir()]
            for _changes in watchfiles.watch(
                *folders,
                stop_event=self.stop,
                rust_timeout=max(1, int(self.interval * 1000)),
                yield_on_timeout=True,  # the fallback poll
                raise_interrupt=False,
            ):
                self._look()
        except Exception as error:  # no file-system events here (e.g. the watch limit): poll only
            self.log.warning(
                "content: file events unavailable (%s); looking every %.0f s", error, self.interval
            )
            while not self.stop.wait(self.interval):
                self._look()

    def start(self) -> threading.Thread:
        """Run in a daemon thread, so it never keeps the server from stopping."""
        thread = threading.Thread(target=self.run, name="content-watcher", daemon=True)
        thread.start()
        return thread


def start_watcher(config: Mapping[str, Any], log: Log = default_log) -> Watcher:
    """Start watching the configured content folder (the gunicorn master calls this once)."""
    watcher = Watcher(
        config["CONTENT_DIR"],
        config["INDEX_DIR"],
        config["LANGUAGES"],
        log=log,
        facts=config["FACTS_FILE"],
        municipality=config.get("MUNICIPALITY_DIR"),
    )
    watcher.start()
    log.info("content: watching %s (on each change, and every %.0f s)", watcher.content_dir, watcher.interval)
    return watcher
