"""Pages are rendered from memory: content is read once at start, and a request opens no file.

An audit hook (PEP 578) sees every `open()` and directory listing in the process. Each address is
asked once to warm up (Jinja compiles a template and Babel reads a catalogue on first use, once per
process), then again while recording: the second time nothing may touch the disk. The content is never read
by a request at all, not even the first time (the search index is opened once per process, on the
first search).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
WATCHED = {"open", "os.listdir", "os.scandir", "glob.glob", "shutil.copyfile", "subprocess.Popen"}


class DiskWatch:
    """Records file-system events while switched on; installed once (audit hooks cannot be removed)."""

    def __init__(self) -> None:
        self.recording = False
        self.events: list[tuple[str, str]] = []

    def __call__(self, event: str, args: tuple) -> None:
        """The audit hook: note watched events while recording."""
        if self.recording and event in WATCHED:
            self.events.append((event, str(args[0]) if args else ""))

    @contextmanager
    def record(self) -> Iterator[list[tuple[str, str]]]:
        """Record the events of the `with` block."""
        self.events = []
        self.recording = True
        try:
            yield self.events
        finally:
            self.recording = False


_WATCH = DiskWatch()
sys.addaudithook(_WATCH)


def requests(site_paths: Callable[[str], list[str]]) -> Iterator[tuple[str, str, dict]]:
    """(method, path, keyword arguments) for every page in every language, searches and errors."""
    for lang in LANGUAGES:
        for path in site_paths(lang):
            yield "GET", path, {}
        yield "POST", f"/{lang}/search", {"data": {"q": "krisecenter"}}
        yield "POST", f"/{lang}/search", {"data": {"q": "vold"}, "headers": {"Accept": "application/json"}}
        yield "POST", f"/{lang}/search", {"data": {"q": "krisecentr hjlp"}}  # typos: "did you mean"
        yield "GET", f"/{lang}/services/no-such-service", {}
        yield "DELETE", f"/{lang}/", {}
    yield "GET", "/", {"headers": {"Accept-Language": "ar, en;q=0.5"}}
    yield "GET", "/healthz", {}
    yield "GET", "/xx/", {}
    yield "GET", "/api/hsds/services", {}
    yield "GET", "/api/hsds/services/danner", {}


def ask(client: FlaskClient, method: str, path: str, kwargs: dict) -> None:
    """One request; its status must be a page or a designed error, never a crash."""
    response = client.open(path, method=method, buffered=True, **kwargs)
    assert response.status_code < 500, (method, path, response.status_code)


@pytest.fixture(scope="module")
def warm(client_module: FlaskClient, site_paths: Callable[[str], list[str]]) -> FlaskClient:
    """The shared app after every request has been made once."""
    for method, path, kwargs in requests(site_paths):
        ask(client_module, method, path, kwargs)
    return client_module


@pytest.fixture(scope="module")
def client_module(app: Flask) -> FlaskClient:
    """A test client for the whole module."""
    return app.test_client()


@pytest.mark.slow
def test_requests_never_read_the_content(app: Flask, site_paths: Callable[[str], list[str]]) -> None:
    """Even a first request reads no Markdown: the content was parsed once, at start."""
    content_dir = Path(app.config["CONTENT_DIR"]).resolve()
    with _WATCH.record() as events:
        for method, path, kwargs in requests(site_paths):
            ask(app.test_client(), method, path, kwargs)
    read = [target for _, target in events if Path(target).resolve().is_relative_to(content_dir)]
    assert read == []


@pytest.mark.slow
def test_a_warm_request_opens_no_file(warm: FlaskClient, site_paths: Callable[[str], list[str]]) -> None:
    """Once each template and catalogue has been used, every request is served without the disk."""
    with _WATCH.record() as events:
        for method, path, kwargs in requests(site_paths):
            ask(warm, method, path, kwargs)
    assert events == []


@pytest.mark.slow
def test_the_watch_sees_a_file_being_opened(warm: FlaskClient) -> None:
    """The hook is live: a static file (which is read from disk, as it should be) shows up."""
    with _WATCH.record() as events:
        warm.get("/static/site.css", buffered=True)
    assert any(target.endswith("site.css") for _, target in events), events
