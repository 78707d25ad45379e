"""What the browser editor says (issue 22), in headless Chromium: the site's name at login, refusals in
Danish in a box that stays, the form's rules as sentences, a deletion that names its entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from servers import make_edit
from testdata import FIXTURES, copy_site


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_site(FIXTURES, tmp_path_factory.mktemp("notices"))


@pytest.fixture(scope="module")
def editor(content: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log = tmp_path_factory.mktemp("notices-log") / "edit.log"
    settings = {
        "HELPSITE_CONTENT_DIR": str(content),
        "HELPSITE_FACT_SHEET_OWNER": "Anne i Kommunikation",
        # The fixture content has no municipality's folder: the name comes from the setting.
        "HELPSITE_MUNICIPALITY_NAME": "Eksempel Kommune",
    }
    with make_edit(settings, log) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def log_in(page: Page, editor: str) -> None:
    page.goto(editor + "/admin/")
    expect(page.get_by_role("heading", name="Hjælp mod vold · redigering")).to_be_visible()
    expect(page.get_by_text("Eksempel Kommune")).to_be_visible()
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Tilbud (dansk)").first.wait_for()
    expect(page.get_by_role("heading", name="Hjælp mod vold · redigering")).to_be_hidden()


def open_danner(page: Page, editor: str) -> None:
    page.goto(f"{editor}/admin/#/collections/services/entries/danner")
    page.locator("label").first.wait_for()


def field(page: Page, label: str):
    target = page.locator("label", has_text=label).first.get_attribute("for")
    return page.locator(f"[id='{target}']")


def test_a_refused_save_is_said_in_danish_and_stays_until_closed(
    page: Page, editor: str, content: Path
) -> None:
    before = (content / "services" / "danner.md").read_bytes()
    page.clock.install()  # the page's own clock: its timers are moved on below, not waited for
    log_in(page, editor)
    open_danner(page, editor)
    field(page, "Nummer eller adresse").first.fill("33 33 00 48")
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    notice = page.locator("#hmv-notice")
    expect(notice).to_contain_text("Nummeret 33 33 00 48 i »Kontakt« står ikke i faktaarket", timeout=60_000)
    expect(notice).to_contain_text("bed Anne i Kommunikation")
    toast = page.get_by_text("Ikke gemt. Læs hvorfor i boksen øverst på siden.")
    expect(toast).to_be_visible()
    page.clock.fast_forward("00:11")  # 11 s on: Decap's own toast is gone by now; the box is not
    expect(toast).to_be_hidden()
    page.clock.run_for("00:30")  # and half a minute after that, every timer run: still there
    expect(notice).to_be_visible()
    text = notice.inner_text()
    assert "API_ERROR" not in text and "site/content" not in text and ".md" not in text
    notice.get_by_role("button", name="Luk").click()
    expect(notice).to_be_hidden()
    assert (content / "services" / "danner.md").read_bytes() == before


def test_the_forms_rules_read_as_sentences(page: Page, editor: str) -> None:
    log_in(page, editor)
    open_danner(page, editor)
    field(page, "Døgnåbent").click()
    page.get_by_role("button", name="Tilføj tid").click()
    expect(page.get_by_text('Skriv fx "08:00"').first).to_be_visible()  # the hint before any typing
    field(page, "Åbner").fill("8")
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    message = page.locator("ul[class*=ControlErrorsList] li", has_text="Skriv tiden som").first
    expect(message).to_be_visible()
    assert message.evaluate("e => getComputedStyle(e).textTransform") == "none"
    assert "MATCHEDE" not in message.inner_text().upper() or "matchede" not in message.inner_text()


def test_delete_stands_apart_and_names_the_entry(page: Page, editor: str, content: Path) -> None:
    log_in(page, editor)
    open_danner(page, editor)
    delete = page.get_by_role("button", name=re.compile(r"^Slet"))
    publish = page.get_by_role("button", name="Publicer").first
    gap = delete.bounding_box()["x"] - (publish.bounding_box()["x"] + publish.bounding_box()["width"])
    assert gap > 200, gap  # not the button beside Publish
    asked: list[str] = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    delete.click()
    page.wait_for_timeout(500)
    assert asked and asked[0].startswith("Vil du slette tilbuddet »Danner« (danner)?"), asked
    assert (content / "services" / "danner.md").exists()
