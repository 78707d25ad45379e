"""`make preview`: editors see their saved changes, and the check's problems on the page, never a crash."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from editing import confirm, field_line, line_of, replace
from flask import Flask
from servers import wait_for

from helpsite.content.loader import fingerprint
from helpsite.languages import TIMEZONE

LANGUAGES = ["da", "en"]


def text_of(page: str) -> str:
    """The page as a reader sees the words (entities decoded)."""
    return html.unescape(page)


def test_production_refuses_to_start_on_broken_content(
    make_app: Callable[..., Flask], fixture_content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(fixture_content / "services" / "danner.md", "category: crisis-centre", "category: shelter")
    with pytest.raises(SystemExit):
        make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES)
    assert "site/content/services/danner.md:" in capsys.readouterr().err


def test_preview_starts_on_broken_content_and_shows_the_problems_on_every_page(
    make_app: Callable[..., Flask], fixture_content: Path
) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "category: crisis-centre", "category: shelter")
    about = fixture_content / "pages" / "about.md"
    replace(about, "(page:hvidovre)", "(page:hvidovr)")
    client = make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES, PREVIEW=True).test_client()
    expected = [
        f"site/content/services/danner.md:{line_of(danner, 'category:')} 'shelter' is not a category: "
        "use one of:",
        f"site/content/pages/about.md:{line_of(about, 'page:hvidovr')} the link 'page:hvidovr' points to "
        "nothing: did you mean 'page:hvidovre'?",
    ]
    for url in ("/da/", "/en/services/danner", "/da/pages/about", "/da/search", "/api/hsds/services"):
        page = client.get(url)
        assert page.status_code == 503, url
        words = " ".join(re.sub(r"</?(code|strong)>", "", text_of(page.text)).split())
        for problem in expected:
            assert problem in words, (url, problem)
    with client.get("/static/site.css") as style:
        assert style.status_code == 200  # the problems page keeps its style
    assert client.get("/healthz").status_code == 200


@pytest.mark.slow
def test_preview_shows_warnings_in_a_banner_above_the_page(
    make_app: Callable[..., Flask], fixture_content: Path
) -> None:
    danner = fixture_content / "services" / "danner.md"
    old = dt.datetime.now(TIMEZONE).date() - dt.timedelta(days=365)
    line = confirm(danner, old)
    client = make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES, PREVIEW=True).test_client()
    page = client.get("/da/services/lev-uden-vold")
    assert page.status_code == 200
    banner = page.text[page.text.index('<aside class="preview"') : page.text.index("</aside>")]
    assert f"site/content/services/danner.md:{line_of(danner, line)}</code>" in banner
    assert "is 365 days old (older than 180 days)" in text_of(banner)
    assert page.text.index("<aside") < page.text.index("<h1")


def test_no_banner_outside_preview(client) -> None:
    page = client.get("/da/")
    assert page.status_code == 200 and 'class="preview' not in page.text


@pytest.mark.slow
def test_preview_reloads_saved_files_and_rebuilds_the_index(
    make_app: Callable[..., Flask], fixture_content: Path
) -> None:
    app = make_app(CONTENT_DIR=fixture_content, LANGUAGES=LANGUAGES, PREVIEW=True)
    client = app.test_client()
    store = app.extensions["helpsite.store"]
    danner = fixture_content / "services" / "danner.md"
    assert client.get("/da/services/danner").status_code == 200
    first = store.generation

    def reloaded(shows: Callable[[Any], bool], what: str) -> None:
        # A person reloads after saving: the file event is there by then. A request the same
        # millisecond may come before it on a busy machine, so the test reloads until it shows.
        wait_for(lambda: shows(client.get("/da/services/danner")), what, limit=10)

    # Saved: a new summary and a new search word show on the next request, no restart.
    replace(danner, field_line(danner, "summary"), "summary: Tekst skrevet i forhåndsvisningen.")
    replace(danner, "keywords: [", "keywords: [zebrafinke, ")
    reloaded(lambda page: "Tekst skrevet i forhåndsvisningen." in page.text, "the saved summary")
    assert store.generation != first and store.generation.endswith(fingerprint(fixture_content))
    found = client.post("/da/search", data={"q": "zebrafinke"}, headers={"Accept": "application/json"})
    assert [r["id"] for r in found.get_json()["results"]] == ["danner"]

    # Broken on save: the problems replace the pages; fixed: the pages come back.
    replace(danner, "category: crisis-centre", "category: shelter")
    reloaded(lambda page: page.status_code == 503, "the problems page")
    broken = client.get("/da/services/danner")
    assert broken.status_code == 503 and "&#39;shelter&#39; is not a category" in broken.text
    replace(danner, "category: shelter", "category: crisis-centre")
    reloaded(lambda page: page.status_code == 200, "the page again")
