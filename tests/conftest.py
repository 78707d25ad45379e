"""Shared fixtures: flaskr-style `app` and `client`, a live server and a headless Chromium."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from chromium import CHROMIUM_ARGS, HEADLESS_SHELL
from flask import Flask, url_for
from flask.testing import FlaskClient
from owned import owner_settings
from servers import Stack, free_port, seed_index, serving
from testdata import FIXTURES, build_digest, copy_site, kept_index

from helpsite import ROOT, create_app
from helpsite.search import classifier

# `make test-fast` runs `-m "not slow"`: the inner loop, with nothing but Python, in under a minute.
# Tests that drive headless Chromium are marked here by the fixtures they use (pytest's public
# `fixturenames`); tests that start servers or other programs live in tests/stack/, whose conftest marks
# them; a test that needs Node, or whose own run takes over half a second of a core (a build, a check of
# all the real content, a fuzzing run), says so with its own `@pytest.mark.slow`. A run that leaves out
# `slow` names the tests over a second it did run (`pytest_terminal_summary`), so none is misfiled silently.
BROWSER_FIXTURES = {"browser", "live_server"}
# Saves through the editor into a copy of the real content: each save checks all of it (the nine
# languages' examples, the model's warnings), seconds a save, so they run in `make test` only.
REAL_SAVE_FIXTURES = {"real_copy"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that use a browser fixture `browser` and `slow`, and those saving real content `slow`."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if BROWSER_FIXTURES & used:
            item.add_marker(pytest.mark.browser)
        if (BROWSER_FIXTURES | REAL_SAVE_FIXTURES) & used:
            item.add_marker(pytest.mark.slow)


def pytest_configure(config: pytest.Config) -> None:
    """Import scikit-learn where tests run (an xdist worker, or a run without workers).

    It takes 1.7 s to import, and the app imports it only to train. Nearly every worker trains (the
    fixtures' small models): imported here, the time is paid as the worker starts, not by whichever test
    trains first, and the report below names slow tests rather than the import. The xdist controller
    runs no test, so it does not wait for it.
    """
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", default=None):
        importlib.import_module("sklearn.svm")
        importlib.import_module("sklearn.feature_extraction.text")


FAST_LIMIT = 1.0  # seconds of a test's own run (its call, not its fixtures) in the inner loop
_over_limit: list[tuple[float, str]] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Note every test not marked `slow` whose call took over FAST_LIMIT (xdist reports here too)."""
    if report.when == "call" and report.duration > FAST_LIMIT and "slow" not in report.keywords:
        _over_limit.append((report.duration, report.nodeid))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name the tests of the inner loop that took over FAST_LIMIT: they belong in `make test` only.
    Only in a run that leaves out `slow`: beside the browser tests, any test runs slower."""
    if _over_limit and "not slow" in (terminalreporter.config.getoption("markexpr") or ""):
        terminalreporter.section("tests not marked slow that took over a second")
        for duration, nodeid in sorted(_over_limit, reverse=True):
            terminalreporter.write_line(f"{duration:5.1f} s {nodeid}")
        terminalreporter.write_line("Make them faster, or mark them slow: make test-fast has a minute.")


# A production process serves one set of examples and keeps two models (classifier.KEEP_MODELS); a test
# worker serves half a dozen in turn (the real content in all languages and in two, the fixtures, a
# municipality's), and with two kept it trained the real content's again and again, 5-7 s each time.
classifier.KEEP_MODELS = 8


# Taken as the worker starts, from the code it imported: an edit during the run starts no new folder.
BUILT_BY = build_digest()


@pytest.fixture(scope="session")
def index_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search index of the session's shared app: built on first start and kept in pytest's cache
    for the next run (`testdata.kept_index`); each worker's app starts on it, as a second instance would.
    Without the cache (`-p no:cacheprovider`), a folder of this run's."""
    cache = getattr(request.config, "cache", None)
    return kept_index(cache.mkdir("helpsite-index"), BUILT_BY) if cache else tmp_path_factory.mktemp("index")


@pytest.fixture(scope="session")
def real_index(app: Flask, index_dir: Path) -> Path:
    """The index folder of the real content, built by the shared app: a seed for other apps and servers."""
    return index_dir


@pytest.fixture(scope="session")
def app(index_dir: Path) -> Flask:
    """The app over the real content in site/content/ (read-only, shared by the session)."""
    # With the owner's settings, as in production: the footer, /was and security.txt show them.
    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, **owner_settings(dt.date.today())})
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for the shared app."""
    return app.test_client()


@pytest.fixture
def fixture_content(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/content/, for tests that edit or break content.

    A small tree of its own (six services and the template, three pages, Danish with English and
    Arabic translations, synonyms) with a fact sheet of its own, so an editor's change to the real
    content never breaks a test of the machinery.
    It lands at .../site/content, so messages name files as the editor sees them: site/content/...
    """
    return copy_site(FIXTURES, tmp_path)


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    """A writable copy of the real national content and its fact sheet, for saves through the editor."""
    return copy_site(ROOT / "site", tmp_path / "real")


@pytest.fixture(scope="module")
def site_index(real_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A module's own copy of the real content's index: a server or command over that content started
    on it (HELPSITE_INDEX_DIR) takes the model it kept, as on a machine that serves the site."""
    folder = tmp_path_factory.mktemp("site-index")
    seed_index(real_index, folder)
    return folder


@pytest.fixture
def make_app(tmp_path: Path, request: pytest.FixtureRequest) -> Callable[..., Flask]:
    """Build an app with its own index folder and the given settings.

    Over the real content (and no INDEX_DIR given), the folder starts with a copy of the generation the
    shared app serves:
    an app whose settings leave the content as it is then starts without indexing it again (as a
    restart does in production), and one whose settings change it builds its own.
    """

    def build(**config: object) -> Flask:
        index = tmp_path / "index"
        if "CONTENT_DIR" not in config and "INDEX_DIR" not in config and not index.exists():
            seed_index(request.getfixturevalue("real_index"), index)
        settings = {"TESTING": True, "INDEX_DIR": index, **config}
        return create_app(settings)

    return build


@pytest.fixture
def trainings(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Call to start afresh, as a new process does (no model in memory); returns the list of the digests
    of the examples trained from then on."""

    def start() -> list[str]:
        monkeypatch.setattr(classifier, "_trained", {})
        trained: list[str] = []
        real = classifier._train
        monkeypatch.setattr(classifier, "_train", lambda *a: trained.append(a[1]) or real(*a))
        return trained

    return start


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The shared app served on a free loopback port; yields its base URL."""
    with serving(app) as base:
        yield base


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """nginx on free HTTP and HTTPS ports before two instances of two workers, on a copy of the
    fixture content (two languages, so each publish builds its index quickly); one for the session."""
    content = copy_site(FIXTURES, tmp_path_factory.mktemp("stack"))
    running = Stack(
        http_port=free_port(),
        tls_port=free_port(),
        workers=2,
        env={
            "HELPSITE_CONTENT_DIR": str(content),
            "HELPSITE_LANGUAGES": "da,en",
            **{f"HELPSITE_{k}": v for k, v in owner_settings(dt.date.today()).items()},
        },
    )
    running.content = content  # type: ignore[attr-defined]
    try:
        yield running.start()
    finally:
        running.stop()
        running.cleanup()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium headless shell, driven by Playwright (no browser download)."""
    if not Path(HEADLESS_SHELL).exists():
        pytest.fail(f"{HEADLESS_SHELL} is missing: install Debian's chromium-headless-shell (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=HEADLESS_SHELL, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_paths(app: Flask) -> Callable[..., list[str]]:
    """Every GET address a reader can reach in one language (pages, services, browsing, the sheet).

    `site_paths(lang, handouts=False)` leaves out the handouts, which show Danish beside the language
    and are made for paper rather than for the site's page outline.
    """
    from helpsite.taxonomy import AUDIENCES, CATEGORIES

    content = app.extensions["helpsite.store"].content

    def paths(lang: str, handouts: bool = True) -> list[str]:
        found = [
            f"/{lang}/",
            f"/{lang}/safety",
            f"/{lang}/write",
            f"/{lang}/search",
            *(f"/{lang}/services/{sid}" for sid in content.services),
            *(f"/{lang}/pages/{slug}" for slug in content.pages if slug != "safety"),
            *(f"/{lang}/search?audience={a}" for a in AUDIENCES),
            *(f"/{lang}/search?category={c}" for c in CATEGORIES),
        ]
        if handouts:  # the handout builder and two printable handouts
            found += [
                f"/{lang}/sheet",
                f"/{lang}/sheet?r=danner&r=lev-uden-vold&also=da&format=a4",
                f"/{lang}/sheet?r=krisecentre&format=card",
            ]
        return found

    return paths


@pytest.fixture(scope="session")
def route_urls(app: Flask) -> Callable[[list[str]], list[str]]:
    """One URL per GET route and argument value: every language, service, page and static file.

    Built from the app's URL map, so routes added later are covered too: an argument this fixture
    does not know gets a made-up value, which still yields a response (a 404) whose headers count.
    `site_paths` adds the addresses with a query (browsing, handouts) that a rule does not show.
    """

    def urls(languages: list[str]) -> list[str]:
        content = app.extensions["helpsite.store"].content
        values = {
            "lang": languages,
            "service_id": [s.item.id for s in content.list_services("da")],
            "slug": [p.item.slug for p in content.list_pages("da")],
            "filename": sorted(p.name for p in (ROOT / "site" / "static").iterdir() if p.is_file()),
        }
        found: set[str] = set()
        with app.test_request_context():
            for rule in app.url_map.iter_rules():
                if "GET" not in (rule.methods or ()):
                    continue
                names = sorted(rule.arguments)
                for combo in itertools.product(*(values.get(n, ["no-such-thing"]) for n in names)):
                    found.add(url_for(rule.endpoint, **dict(zip(names, combo, strict=True))))
        return sorted(found)

    return urls
