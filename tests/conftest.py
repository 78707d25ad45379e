"""Shared fixtures: flaskr-style `app` and `client`, a live server and a headless Chromium."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from helpsite import ROOT, create_app

CONTENT = ROOT / "site" / "content"
FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One search index for the session's shared app (built on first start)."""
    return tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def app(index_dir: Path) -> Flask:
    """The app over the real content in site/content/ (read-only, shared by the session)."""
    app = create_app({"TESTING": True, "INDEX_DIR": index_dir})
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the shared app."""
    return app.test_client()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the real content, for tests that break it."""
    target = tmp_path / "site" / "content"
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., Flask]:
    """Build an app with its own index folder and the given settings."""

    def build(**config: object) -> Flask:
        settings = {"TESTING": True, "INDEX_DIR": tmp_path / "index", **config}
        return create_app(settings)

    return build


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The shared app served on a free loopback port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_paths(app: Flask) -> Callable[[str], list[str]]:
    """Every GET address a reader can reach in one language (pages, services, browsing, the sheet)."""
    from helpsite.taxonomy import AUDIENCES, CATEGORIES

    content = app.extensions["helpsite.store"].content

    def paths(lang: str) -> list[str]:
        found = [
            f"/{lang}/",
            f"/{lang}/safety",
            f"/{lang}/search",
            *(f"/{lang}/services/{sid}" for sid in content.services),
            *(f"/{lang}/pages/{slug}" for slug in content.pages if slug != "safety"),
            *(f"/{lang}/search?audience={a}" for a in AUDIENCES),
            *(f"/{lang}/search?category={c}" for c in CATEGORIES),
            # The handout builder and two printable handouts.
            f"/{lang}/sheet",
            f"/{lang}/sheet?r=danner&r=lev-uden-vold&also=da&format=a4",
            f"/{lang}/sheet?r=krisecentre&format=card",
        ]
        return found

    return paths
