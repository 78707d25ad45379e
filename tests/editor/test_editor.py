"""The browser editor (`make edit`, Decap CMS) in headless Chromium, over a copy of the content."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from servers import make_edit, wait_for
from testdata import copy_site

from helpsite import ROOT

# One worker runs this module: its `make edit`, index copy and signed-in tab are set up once, not on each.
pytestmark = pytest.mark.xdist_group("editor-browser")

CONTENT = ROOT / "site" / "content"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real content that the editor may change."""
    return copy_site(CONTENT.parent, tmp_path_factory.mktemp("editor"))  # every save is checked


@pytest.fixture(scope="module")
def editor(content: Path, site_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`make edit` on a free port over the copy and a copy of the site's index; yields its base URL."""
    log = tmp_path_factory.mktemp("editor-log") / "edit.log"
    settings = {"HELPSITE_CONTENT_DIR": str(content), "HELPSITE_INDEX_DIR": str(site_index)}
    with make_edit(settings, log) as base:
        yield base


@pytest.fixture(scope="module")
def seen() -> dict[str, list[str]]:
    """Every request the editor's pages made, every console message about a blocked load, and every
    save the server refused (422, with the check's message)."""
    return {"requests": [], "blocked": [], "refused": []}


@pytest.fixture(scope="module")
def page(browser: Browser, editor: str, seen: dict[str, list[str]]) -> Iterator[Page]:
    """One logged-in editor tab for the module (the session's headless Chromium)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on("request", lambda r: seen["requests"].append(r.url))
    tab.on(
        "console",
        lambda m: "Content Security Policy" in m.text and seen["blocked"].append(m.text),
    )
    tab.on("response", lambda r: r.status == 422 and seen["refused"].append(r))
    tab.on("dialog", lambda d: d.accept())  # "leave with unsaved changes?": yes, the test moves on
    tab.goto(editor + "/admin/")
    tab.get_by_role("button", name="Log ind").click()
    tab.get_by_text("Tilbud (dansk)").first.wait_for()
    yield tab
    context.close()


def open_entry(page: Page, editor: str, collection: str, path: str) -> None:
    """Load the editor afresh at one entry (a hash change alone can leave the last form showing)."""
    page.goto("about:blank")
    page.goto(f"{editor}/admin/#/collections/{collection}/{path}")
    page.locator("label").first.wait_for()


def field(page: Page, label: str | re.Pattern, nth: int = 0):
    """The input of the field labelled `label` (Decap links label and input by id)."""
    target = page.locator("label", has_text=label).nth(nth).get_attribute("for")
    return page.locator(f"[id='{target}']")


def publish(page: Page) -> None:
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()


def wait_saved(page: Page, seen: dict, saved: Callable[[], bool], what: str) -> None:
    """Wait for a save to reach the disk; if it never does, fail with what stopped it."""
    try:
        wait_for(saved, what)
    except pytest.fail.Exception:
        refused = [r.text() for r in seen["refused"]]
        shown = page.locator("[class*=ControlErrors]").all_text_contents()  # the form's own messages
        pytest.fail(f"gave up waiting: {what}; the server refused {refused}; the form says {shown}")


def check_passes(content: Path, index: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HELPSITE_CONTENT_DIR": str(content), "HELPSITE_INDEX_DIR": str(index)}
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "flask"), "content", "check"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_changing_danners_hours_changes_that_field_only(
    page: Page, editor: str, content: Path, site_index: Path, seen: dict
) -> None:
    path = content / "services" / "danner.md"
    before = path.read_text(encoding="utf-8").splitlines()
    open_entry(page, editor, "services", "entries/danner")
    field(page, "Døgnåbent").click()
    page.get_by_role("button", name="Tilføj tid").click()
    field(page, "Dage").fill("mon-fri")
    field(page, "Åbner").fill("08:00")
    field(page, "Lukker").fill("16:00")
    publish(page)
    wait_saved(page, seen, lambda: path.read_text(encoding="utf-8").splitlines() != before, "the save")
    after = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in before if line not in after] == ["hours: always"]
    assert [line for line in after if line not in before] == [
        "hours:",
        "  - days: mon-fri",
        '    open: "08:00"',
        '    close: "16:00"',
    ]
    done = check_passes(content, site_index)
    assert done.returncode == 0, done.stdout


def test_a_phone_number_with_a_letter_is_refused_by_the_form(page: Page, editor: str, content: Path) -> None:
    path = content / "services" / "boernetelefonen.md"
    before = path.read_bytes()
    open_entry(page, editor, "services", "entries/boernetelefonen")
    saves: list[str] = []
    page.on(
        "request",
        lambda r: r.method == "POST" and "persistEntry" in (r.post_data or "") and saves.append(r.url),
    )
    field(page, "Nummer eller adresse").fill("116 1I1")
    publish(page)
    message = page.get_by_text("Ikke et gyldigt dansk telefonnummer", exact=False)
    message.first.wait_for()
    assert saves == [] and path.read_bytes() == before


def test_a_date_in_the_future_is_refused_by_the_form(page: Page, editor: str, content: Path) -> None:
    path = content / "services" / "red-center.md"
    before = path.read_bytes()
    assert b"\nconfirmed:" not in before  # nobody has confirmed it: the editor adds the confirmation
    open_entry(page, editor, "services", "entries/red-center")
    saves: list[str] = []
    page.on(
        "request",
        lambda r: r.method == "POST" and "persistEntry" in (r.post_data or "") and saves.append(r.url),
    )
    page.get_by_role("button", name="Tilføj bekræftelse").click()
    field(page, re.compile(r"^Dato$")).fill("2999-01-01")
    field(page, re.compile(r"^Af$")).click()  # a complete confirmation but for its date
    page.get_by_text("Kommunikation", exact=True).click()  # the role's Danish label
    publish(page)
    page.get_by_text("Datoen ligger i fremtiden", exact=False).first.wait_for()
    assert page.get_by_text("Af er påkrævet", exact=False).count() == 0
    assert saves == [] and path.read_bytes() == before


def test_a_new_translation_of_a_page_lands_as_slug_lang_md(
    page: Page, editor: str, content: Path, site_index: Path, seen: dict
) -> None:
    # A national page ("about" is each municipality's own now, in its folder, not the national layer).
    target = content / "pages" / "recognise.so.md"
    target.unlink()
    open_entry(page, editor, "pages_so", "new")
    field(page, "Oversættelse af").select_option("recognise")  # only pages without Somali are offered
    field(page, "Titel").fill("Garo calaamadaha")
    field(page, "Resumé").fill("Caawimaad haddii lammaanahaagu rabshad kuu geysto.")
    page.get_by_text("Markdown", exact=True).click()  # the body as plain Markdown text
    body = page.locator("[contenteditable=true]").last  # Decap's Markdown editor
    body.click()
    page.keyboard.type("Calaamadaha rabshadda waa kuwan.")
    publish(page)
    wait_saved(page, seen, target.exists, "recognise.so.md to be written")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Garo calaamadaha\n") and "translation: draft" in text
    assert "of:" not in text
    done = check_passes(content, site_index)
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize(
    "collection, slug, path, label, line",
    [
        # a translation keeps its `source:` stamp, which only the stamp button changes
        ("services_ar", "danner", "services/danner.ar.md", "Resumé", "summary: "),
        ("pages", "recognise", "pages/recognise.md", "Resumé", "summary: "),
        ("synonyms", "synonyms", "synonyms.yml", "da", "  - da: "),  # its comments stay
    ],
)
def test_a_save_in_the_browser_rewrites_only_the_changed_line(
    page: Page,
    editor: str,
    content: Path,
    seen: dict,
    collection: str,
    slug: str,
    path: str,
    label: str,
    line: str,
) -> None:
    before = (content / path).read_text(encoding="utf-8").splitlines()
    open_entry(page, editor, collection, f"entries/{slug}")
    if collection == "synonyms":
        page.get_by_test_id("expand-button").click()  # the groups start folded
    box = field(page, label)
    box.fill(box.input_value() + ", rettet")
    publish(page)
    wait_saved(
        page, seen, lambda: (content / path).read_text(encoding="utf-8").splitlines() != before, "the save"
    )
    after = (content / path).read_text(encoding="utf-8").splitlines()
    gone = [x for x in before if x not in after]
    new = [x for x in after if x not in before]
    assert len(gone) == len(new) == 1 and new[0].startswith(line) and "rettet" in new[0], (gone, new)
    assert len(after) == len(before)


def test_a_service_changed_in_the_situations_form_changes_that_line_only(
    page: Page, editor: str, content: Path, site_index: Path, seen: dict
) -> None:
    path = content / "situations.yml"
    before = path.read_text(encoding="utf-8").splitlines()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))  # the form has no preview: nothing may break
    open_entry(page, editor, "situations", "entries/situations")
    item = page.locator("[class*=SortableListItem]", has_text="cannot-talk · victims").first
    item.locator("button").first.click()  # the situations start folded: open this one
    first = item.locator("select").first  # services: chosen from the content's services and pages
    first.locator("option[value=danner]").wait_for(state="attached")
    assert first.input_value() == "danner"
    item.locator("select").nth(2).locator("option[value=safety]").wait_for(state="attached")
    assert item.locator("optgroup[label=Sider] option[value=safety]").count() == 3  # one per select
    item.locator("select").nth(2).select_option("lev-uden-vold")
    publish(page)
    wait_saved(page, seen, lambda: path.read_text(encoding="utf-8").splitlines() != before, "the save")
    after = path.read_text(encoding="utf-8").splitlines()
    gone = [x for x in before if x not in after]
    new = [x for x in after if x not in before]
    assert gone == ["    services: [danner, safety, offerraadgivningen]"]
    assert new == ["    services: [danner, safety, lev-uden-vold]"]
    assert len(after) == len(before) and errors == []
    done = check_passes(content, site_index)
    assert done.returncode == 0, done.stdout


def test_the_preview_uses_the_sites_css_in_the_entrys_direction(page: Page, editor: str) -> None:
    open_entry(page, editor, "services_ar", "entries/danner")
    frame = page.frame_locator("iframe").first.frame_locator("iframe.hmv-preview-page")  # the site's page
    heading = frame.locator("html[dir=rtl][lang=ar] main h1")
    heading.wait_for()
    assert heading.inner_text() == "Danner"
    assert "--exit-h" in frame.locator("head style").first.inner_text()  # site.css, inline


def test_the_editor_made_no_request_to_another_origin(page: Page, editor: str, seen: dict) -> None:
    assert seen["requests"], "the tests above should have loaded the editor"
    assert [url for url in seen["requests"] if not url.startswith((editor + "/", "data:", "blob:"))] == []
    assert seen["blocked"] == []
