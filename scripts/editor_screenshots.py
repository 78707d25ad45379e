"""Screenshots of the browser editor for CONTENT.md: `python scripts/editor_screenshots.py`.

Starts the editor over a copy of site/content/ (nothing in the real content changes) and writes
PNG files to docs/editor/. The review step is shown with Decap's in-memory test backend and the
editorial workflow, which is what the municipality's Git host gives in production.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

import yaml
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # conftest imports its helpers (servers.py) from beside it

from helpsite.editor import create_app  # noqa: E402
from helpsite.editor.config import cms_config  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "editor"


def field(page: Page, label: str):
    return page.locator(f"[id='{page.locator('label', has_text=label).first.get_attribute('for')}']")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "site" / "content"
        shutil.copytree(ROOT / "site" / "content", content)
        shutil.copytree(ROOT / "site" / "facts", content.parent / "facts")  # every save is checked against it
        server = make_server("127.0.0.1", 0, create_app({"CONTENT_DIR": content}), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("dialog", lambda d: d.accept())
            page.goto(base + "/admin/")
            page.get_by_role("button", name="Log ind").click()
            page.get_by_text("Tilbud (dansk)").first.wait_for()
            page.get_by_text("Danner").first.wait_for()
            page.screenshot(path=OUT / "1-oversigt.png")

            page.goto(base + "/admin/#/collections/services/entries/danner")
            page.get_by_text("Døgnåbent").first.wait_for()
            page.locator("label", has_text="Kontakt").first.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / "2-ret-tilbud.png")

            field(page, "Nummer eller adresse").fill("33 33 OO 47")
            page.get_by_role("button", name="Publicer").first.click()
            page.get_by_text("Publicer nu").click()
            page.get_by_text("Ikke et gyldigt dansk telefonnummer").first.wait_for()
            page.get_by_text("Ikke et gyldigt dansk telefonnummer").first.scroll_into_view_if_needed()
            page.screenshot(path=OUT / "3-formularen-afviser.png")

            box = field(page, "Nummer eller adresse")
            box.fill("")
            box.fill("00 00 00 00")  # looks right, but the check knows it is no Danish number
            page.get_by_role("button", name="Publicer").first.click()
            page.get_by_text("Publicer nu").click()
            page.get_by_text("Ikke gemt").first.wait_for()
            page.wait_for_timeout(300)
            print(page.get_by_text("Ikke gemt").first.inner_text())
            page.screenshot(path=OUT / "4-tjekket-afviser.png")

            page.goto("about:blank")
            page.goto(base + "/admin/#/collections/services_ar/entries/danner")
            page.frame_locator("iframe").first.locator("[dir=rtl] h1").wait_for()
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / "5-oversaettelse-rtl.png")

            # The situations: one opened, taller than a screen (its services, then its phrases).
            page.goto("about:blank")
            page.goto(base + "/admin/#/collections/situations/entries/situations")
            item = page.locator("[class*=SortableListItem]", has_text="danger · victims").first
            item.locator("button").first.click()
            item.locator("select option[value=politi]").first.wait_for(state="attached")
            page.set_viewport_size({"width": 1280, "height": 2400})
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / "7-situationer.png")
            page.set_viewport_size({"width": 1280, "height": 800})

            # Review: the same forms with the editorial workflow, on Decap's in-memory backend.
            workflow = cms_config({"name": "test-repo"})
            text = yaml.safe_dump(workflow, allow_unicode=True)
            page.route("**/admin/config.yml", lambda r: r.fulfill(body=text, content_type="text/yaml"))
            page.goto("about:blank")
            page.goto(base + "/admin/")
            page.get_by_role("button", name="Log ind").click()
            page.goto(base + "/admin/#/collections/pages/new")
            field(page, "Titel").fill("Ny side om hjælp til børn")
            field(page, "Resumé").fill("Hvor børn og unge kan få hjælp.")
            page.locator("[contenteditable=true]").last.click()
            page.keyboard.type("Her kan børn og unge få hjælp.")
            page.get_by_role("button", name="Gem").first.click()
            page.wait_for_timeout(1500)
            page.goto(base + "/admin/#/workflow")
            page.wait_for_timeout(1500)
            page.screenshot(path=OUT / "6-gennemsyn.png")
            browser.close()
        server.shutdown()
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
