"""Review in the browser: Anna saves a draft, cannot approve or publish it herself; Bo approves the
version he read on the changes page, and publishes it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from editing import clone_with_host, git
from playwright.sync_api import Browser, BrowserContext, Page
from servers import make_edit, wait_for
from test_editor import field

from helpsite import ROOT

DANNER = Path("site/content/services/danner.md")
NEW_SUMMARY = "Krisecenter og rådgivning for kvinder i København. Telefonen er åben døgnet rundt."


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The editor host's clone of the real content, with a bare repository as the Git host."""
    return clone_with_host(ROOT / "site", tmp_path_factory.mktemp("review"))


@pytest.fixture(scope="module")
def editor(clone: Path, site_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make edit` with review on, over the clone and a copy of the site's index, pushing to its Git
    host; yields the base URL."""
    settings = {
        "HELPSITE_CONTENT_DIR": str(clone / "site" / "content"),
        "HELPSITE_INDEX_DIR": str(site_index),
        "HELPSITE_EDITOR_REVIEW": "1",
        "HELPSITE_EDITOR_PUSH": "origin",
    }
    with make_edit(settings, tmp_path_factory.mktemp("review-log") / "edit.log") as base:
        yield base


def signed_in(browser: Browser, editor: str, who: str, requests: list[str]) -> tuple[BrowserContext, Page]:
    """A browser of its own for `who`, signed in the way the login proxy does it: by a header."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, extra_http_headers={"X-Remote-User": who}
    )
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: d.accept())
    page.goto(editor + "/admin/")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Tilbud (dansk)").first.wait_for()
    return context, page


def open_danner(page: Page, editor: str) -> None:
    page.goto("about:blank")
    page.goto(f"{editor}/admin/#/collections/services/entries/danner")
    page.locator("label").first.wait_for()


def test_a_change_goes_live_only_after_a_second_person_publishes_it(
    browser: Browser, editor: str, clone: Path
) -> None:
    requests: list[str] = []
    published = (clone / DANNER).read_text(encoding="utf-8")
    anna, page = signed_in(browser, editor, "anna", requests)
    open_danner(page, editor)
    field(page, "Resumé").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Gem").first.click()
    wait_for(lambda: git(clone, "branch", "--list", "cms/services/danner") != "", "the draft's branch")
    assert (clone / DANNER).read_text(encoding="utf-8") == published  # a draft is not public

    page.get_by_role("button", name="Status: Kladder").click()
    page.get_by_text("Klar", exact=True).click()
    page.get_by_text("Ingen kollega har godkendt kladden").wait_for()  # only an approval makes it Klar
    page.goto("about:blank")  # Decap keeps the status it showed: load the draft afresh
    open_danner(page, editor)
    page.get_by_role("button", name="Status: Kladder").click()
    page.get_by_text("Til gennemsyn", exact=True).click()
    wait_for(
        lambda: git(clone, "config", "branch.cms/services/danner.description") == "pending_review",
        "the draft to stand in review",
    )
    own = anna.new_page()
    own.goto(editor + "/admin/changes/services/danner")
    own.get_by_text("Du har selv gemt kladden").wait_for()
    assert own.get_by_role("button", name="Godkend denne version").count() == 0
    anna.close()

    bo, page = signed_in(browser, editor, "bo", requests)
    page.goto(editor + "/admin/#/workflow")
    card = page.get_by_role("link", name="Danner")
    card.wait_for()
    card.click()
    page.get_by_text("Status: Til gennemsyn").wait_for()
    link = page.get_by_role("link", name="Vis preview")
    assert link.get_attribute("href") == "/admin/changes/services/danner"
    changes = bo.new_page()
    changes.goto(editor + "/admin/changes/services/danner")
    assert changes.locator("tr.ins mark").first.inner_text() == "Krisecenter"
    assert "ingen nye fejl" in changes.locator(".verdict").first.inner_text()
    version = git(clone, "rev-parse", "cms/services/danner")
    changes.get_by_role("button", name=f"Godkend denne version ({version[:7]})").click()
    changes.get_by_text(f"Du har godkendt version {version[:7]}").wait_for()
    changes.close()

    open_danner(page, editor)  # afresh: now Klar
    page.get_by_text("Status: Klar").wait_for()
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    wait_for(
        lambda: NEW_SUMMARY in (clone / DANNER).read_text(encoding="utf-8"), "the change to be published"
    )
    new = (clone / DANNER).read_text(encoding="utf-8").splitlines()
    old = published.splitlines()
    assert [x for x in new if x not in old] == [f"summary: {NEW_SUMMARY}"]
    assert git(clone, "log", "-1", "--format=%an|%cn|%(trailers:key=Reviewed-by,valueonly)") == "anna|bo|bo"
    assert git(clone.parent / "host.git", "rev-parse", "main") == git(clone, "rev-parse", "main")
    assert git(clone, "status", "--porcelain") == ""
    bo.close()
    assert [url for url in requests if not url.startswith(editor + "/")] == []  # nothing from elsewhere
