"""A translation in the browser editor (issue 22): only the Danish texts that lack the language are
offered, the Danish words stand beside the form, and `flask content stamp`'s step is a button."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Locator, Page, expect
from servers import serving, wait_for
from testdata import FIXTURES, copy_site

from helpsite.content.translations import stamp
from helpsite.editor import create_app


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site(FIXTURES, tmp_path_factory.mktemp("translations"))


@pytest.fixture(scope="module")
def editor(content: Path) -> Iterator[str]:
    with serving(create_app({"CONTENT_DIR": content})) as base:
        yield base


@pytest.fixture
def page(browser: Browser, editor: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(editor + "/admin/")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Tilbud (dansk)").first.wait_for()
    yield page
    context.close()


def open_entry(page: Page, editor: str, collection: str, path: str) -> None:
    page.goto("about:blank")
    page.goto(f"{editor}/admin/#/collections/{collection}/{path}")
    page.locator("label").first.wait_for()


def field(page: Page, label: str) -> Locator:
    target = page.locator("label", has_text=label).first.get_attribute("for")
    return page.locator(f"[id='{target}']")


def test_a_new_translation_offers_only_texts_without_the_language(page: Page, editor: str) -> None:
    open_entry(page, editor, "pages_en", "new")
    expect(page.get_by_text("Ingen ugemte ændringer")).to_be_visible()  # an empty form has saved nothing
    assert page.get_by_text(re.compile("Ændringer gemt", re.I)).count() == 0
    of = field(page, "Oversættelse af")
    expect(of.locator("option")).to_have_count(2)  # "choose" and the one page without English
    assert of.locator("option").all_inner_texts()[1] == "Hvidovre Kommunes indsats"
    assert "(kan udelades)" not in page.locator("label", has_text="Oversættelse af").inner_text().lower()
    of.select_option("hvidovre")
    danish = page.locator(".hmv-danish")
    expect(danish).to_contain_text("Den danske tekst, du oversætter fra")
    expect(danish).to_contain_text("Det gør Hvidovre Kommune i dag mod partnervold")
    expect(danish).to_contain_text("Sammen uden vold – Småbørnsforældre")


def test_an_existing_translation_shows_its_danish_text(page: Page, editor: str) -> None:
    open_entry(page, editor, "services_ar", "entries/danner")
    expect(page.locator(".hmv-original-name")).to_have_text("Danner")
    expect(page.locator(".hmv-danish")).to_contain_text("Kvindeorganisation med krisecenter")
    expect(page.get_by_text("Ingen ugemte ændringer")).to_be_visible()  # showing it changed nothing


def test_the_stamp_button_does_what_flask_content_stamp_does(page: Page, editor: str, content: Path) -> None:
    path = content / "services" / "danner.en.md"
    path.write_text(re.sub(r'source: "\w+"\n', "", path.read_text(encoding="utf-8")), encoding="utf-8")
    expected = content.parent / "expected"
    shutil.copytree(content / "services", expected)
    stamp(expected / "danner.en.md")  # what the command would write
    open_entry(page, editor, "services_en", "entries/danner")
    stamp_box = page.locator(".hmv-stamp")
    expect(stamp_box).to_contain_text("Oversættelsen er ikke markeret endnu")
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    stamp_box.get_by_role("button", name="Markér som passende til den danske tekst").click()
    expect(stamp_box).to_contain_text("Markeret. Tryk Publicer for at gemme markeringen.")
    assert asked and asked[0].startswith("Siger oversættelsen nu det samme som den danske tekst »Danner«?")
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    wait_for(lambda: "source:" in path.read_text(encoding="utf-8"), "the stamp to be saved")
    assert path.read_text(encoding="utf-8") == (expected / "danner.en.md").read_text(encoding="utf-8")
    open_entry(page, editor, "services_en", "entries/danner")
    expect(stamp_box).to_contain_text("Oversættelsen passer til den danske tekst, som den er nu.")
    expect(stamp_box.get_by_role("button")).to_be_disabled()


@pytest.mark.slow
def test_a_page_about_no_service_is_not_said_to_await_the_services(
    make_app: Callable[..., Flask], fixture_content: Path
) -> None:
    statement = fixture_content / "pages" / "tilgaengelighed.md"
    statement.write_text(
        "---\ntitle: Tilgængelighedserklæring\nsummary: Sådan lever siden op til loven om tilgængelighed.\n"
        'sources:\n  - {url: "https://www.retsinformation.dk/eli/lta/2018/692", date: 2018}\n---\n'
        "Siden følger WCAG 2.1 AA.\n",
        encoding="utf-8",
    )
    client = make_app(CONTENT_DIR=fixture_content, LANGUAGES=["da", "en"]).test_client()
    shown = client.get("/da/pages/tilgaengelighed").get_data(as_text=True)
    assert "retsinformation.dk" in shown and "endnu ikke bekræftet" not in shown
    about_services = client.get("/da/pages/hvidovre").get_data(as_text=True)
    assert "endnu ikke bekræftet hos de tilbud, de handler om" in about_services
