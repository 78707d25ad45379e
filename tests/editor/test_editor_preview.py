"""The editor's preview is the site's own page (issue 22): the unsaved form rendered by the public
site's templates, in the entry's language and direction, or its problems in Danish."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, FrameLocator, Locator, Page, expect
from servers import serving
from testdata import FIXTURES, copy_site

from helpsite.editor import create_app
from helpsite.editor.backend import entry


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site(FIXTURES, tmp_path_factory.mktemp("preview"))


@pytest.fixture(scope="module")
def editor_app(content: Path) -> Flask:
    return create_app({"CONTENT_DIR": content, "FACT_SHEET_OWNER": "Anne i Kommunikation"})


@pytest.fixture(scope="module")
def editor(editor_app: Flask) -> Iterator[str]:
    with serving(editor_app) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


def form_of(content: Path, rel: str) -> dict:
    """The form's values of a saved file, as Decap holds them (body included)."""
    raw = entry(content, rel)["data"]
    front, end = json.JSONDecoder().raw_decode(raw)
    return {**front, "body": raw[end:].lstrip("\n")}


def preview(app: Flask, collection: str, path: str, data: dict, **headers: str) -> tuple[int, str]:
    sent = {"collection": collection, "path": path, "data": data}
    sent_from = {"Origin": "http://localhost", **headers}
    answer = app.test_client().post("/admin/preview", json=sent, headers=sent_from)
    return answer.status_code, answer.get_data(as_text=True)


def test_the_preview_is_the_sites_page_from_the_unsaved_form(editor_app: Flask, content: Path) -> None:
    danner = form_of(content, "services/danner.md")
    danner["hours"] = {"always": False, "slots": [{"days": "man-fre", "open": "09:00", "close": "15:30"}, {}]}
    danner["summary"] = "Et resumé, der ikke er gemt."
    status, html = preview(editor_app, "services", "services/danner.md", danner)
    assert status == 200
    assert '<html lang="da" dir="ltr">' in html and "Et resumé, der ikke er gemt." in html
    assert "Åbningstider" in html and "man.–fre." in html and ("Åben nu" in html or "Lukket nu" in html)
    assert "undefined" not in html
    assert 'href="tel:1888"' in html  # the 1888 line under the contacts, as on the site
    assert '<bdi class="addr">danner.dk</bdi>' in html and "Kilder:" in html
    assert "<style>" in html and "<script" not in html  # the site's CSS inline; no script in a preview
    assert "Et resumé, der ikke er gemt." not in (content / "services" / "danner.md").read_text()


def test_an_arabic_translation_is_previewed_right_to_left(editor_app: Flask, content: Path) -> None:
    arabic = form_of(content, "services/danner.ar.md")
    status, html = preview(editor_app, "services_ar", "services/danner.ar.md", arabic)
    assert status == 200 and '<html lang="ar" dir="rtl">' in html and "كيف تتواصل" in html


def test_an_invalid_form_shows_the_problems_in_danish(editor_app: Flask, content: Path) -> None:
    danner = form_of(content, "services/danner.md")
    danner["contacts"] = [{"kind": "phone", "value": "33 33 00 48"}]
    status, html = preview(editor_app, "services", "services/danner.md", danner)
    assert status == 200 and "Siden kan ikke vises endnu" in html
    assert "Nummeret 33 33 00 48 i »Kontakt« står ikke i faktaarket" in html
    assert "Anne i Kommunikation" in html
    assert "site/content" not in html and ".md" not in html


def test_a_new_translation_needs_its_danish_original_first(editor_app: Flask) -> None:
    status, html = preview(editor_app, "pages_en", "", {"title": "Hvidovre", "body": "Text"})
    assert status == 200 and "Vælg den danske tekst under »Oversættelse af«" in html


@pytest.mark.slow
def test_the_preview_is_guarded_and_not_on_the_public_site(editor_app: Flask, make_app) -> None:
    danner = {"name": "Danner"}
    elsewhere = preview(editor_app, "services", "services/danner.md", danner, Origin="http://evil.example")
    assert elsewhere[0] == 403
    assert editor_app.test_client().post("/admin/preview", data="x").status_code == 400
    shown = editor_app.test_client().post("/admin/preview", json={"collection": "pages", "data": danner})
    assert shown.headers["Cache-Control"] == "no-store"  # never kept by a browser or a proxy
    site = make_app(LANGUAGES=["da", "en"])
    assert site.test_client().post("/admin/preview", json={"data": danner}).status_code in (404, 405)


def _pane(page: Page) -> FrameLocator:
    return page.frame_locator("iframe").last.frame_locator("iframe.hmv-preview-page")


def log_in(page: Page, editor: str) -> None:
    page.goto(editor + "/admin/")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Tilbud (dansk)").first.wait_for()


def test_the_preview_pane_shows_the_site_page_and_follows_the_form(page: Page, editor: str) -> None:
    log_in(page, editor)
    page.goto(f"{editor}/admin/#/collections/services/entries/danner")
    pane = _pane(page)
    expect(pane.locator("h1")).to_have_text("Danner", timeout=20_000)
    expect(pane.locator(".facts")).to_contain_text("Åbent døgnet rundt")
    expect(pane.locator("section.reach p.contacts")).to_contain_text("Ring 1888: Lev Uden Vold")
    expect(pane.locator("p.checked")).to_contain_text("danner.dk")
    page.locator("label", has_text="Døgnåbent").first.click()
    page.get_by_role("button", name="Tilføj tid").click()  # an empty slot: no "undefined" anywhere
    page.wait_for_timeout(1500)
    assert "undefined" not in pane.locator("body").inner_text()
    field(page, "Dage").fill("man-fre")
    field(page, "Åbner").fill("09:00")
    field(page, "Lukker").fill("15:30")
    expect(pane.locator(".slots")).to_contain_text("man.–fre. 09:00–15:30", timeout=10_000)
    expect(pane.locator(".facts")).to_contain_text(re.compile("Åben nu|Lukket nu|Helligdag"))
    assert "undefined" not in pane.locator("body").inner_text()


def field(page: Page, label: str) -> Locator:
    target = page.locator("label", has_text=label).first.get_attribute("for")
    return page.locator(f"[id='{target}']")


def test_the_arabic_preview_is_right_to_left_and_uncovered(page: Page, editor: str) -> None:
    log_in(page, editor)
    page.goto(f"{editor}/admin/#/collections/services_ar/entries/danner")
    pane = _pane(page)
    expect(pane.locator("h2#reach")).to_have_text("كيف تتواصل", timeout=20_000)
    assert pane.locator("html").get_attribute("dir") == "rtl"
    shown = page.locator("iframe").last.content_frame.locator("iframe.hmv-preview-page").bounding_box()
    assert shown is not None
    for button in page.locator("button[class*=EditorToggle]").all():
        box = button.bounding_box()
        assert box is not None
        apart = box["x"] >= shown["x"] + shown["width"] or box["y"] + box["height"] <= shown["y"]
        assert apart, f"a floating button covers the page: {box} over {shown}"


def test_links_are_checked_against_every_saved_entry(editor_app: Flask, content: Path) -> None:
    page = form_of(content, "pages/about.md")
    page["body"] += "\n\nSe også [Danner](service:danner)."
    status, html = preview(editor_app, "pages", "pages/about.md", page)
    assert status == 200 and 'href="/da/services/danner"' in html  # saved, not in the scratch folder
    page["body"] += "\n\nOg [noget andet](service:dannr)."
    status, html = preview(editor_app, "pages", "pages/about.md", page)
    assert "Linket service:dannr i »Tekst« peger ikke på noget tilbud eller nogen side" in html


def test_the_originals_say_which_lack_the_language(editor_app: Flask) -> None:
    known = editor_app.test_client().get("/admin/originals.json?collection=pages_en").get_json()
    assert {o["id"]: o["translated"] for o in known} == {"about": True, "hvidovre": False, "safety": True}
    assert all(len(o["stamp"]) == 12 and o["body"] for o in known)
    assert editor_app.test_client().get("/admin/originals.json?collection=synonyms").get_json() == []
