"""Screenshots of the browser editor for CONTENT.md: `python scripts/editor_screenshots.py [--review]`.

Starts the editor over a copy of site/content/ (nothing in the real content changes) and writes
PNG files to docs/editor/. The review step is shown as on the editor host (deploy/editor.md): a
clone with a bare repository as its Git host, Anna and Bo named by the header nginx sets there.
"""

from __future__ import annotations

import shutil
import struct
import sys
import tempfile
import threading
import zlib
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the tests' helpers import each other by name

from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from editing import clone_with_host  # noqa: E402

from helpsite.editor import create_app  # noqa: E402

OUT = ROOT / "docs" / "editor"
PREVIEW = "iframe.hmv-preview-page"  # the site's own page, inside Decap's preview pane


def smaller(png: Path) -> None:
    """Recompress a PNG's image data at zlib's best level: the same pixels, a smaller file."""
    data = png.read_bytes()
    chunks, at, image = [], 8, b""
    while at < len(data):
        (size,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + size]
        at += 12 + size
        if kind == b"IDAT":
            image += body
            if data[at + 4 : at + 8] == b"IDAT":
                continue
            kind, body = b"IDAT", zlib.compress(zlib.decompress(image), 9)
        chunks.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body)))
    png.write_bytes(data[:8] + b"".join(chunks))


def field(page: Page, label: str):
    return page.locator(f"[id='{page.locator('label', has_text=label).first.get_attribute('for')}']")


def signed_in(browser, base: str, who: str) -> Page:
    """A browser of its own for `who`, named the way the editor host's nginx names people."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, extra_http_headers={"X-Remote-User": who}
    )
    page = context.new_page()
    page.on("dialog", lambda d: d.accept())
    page.goto(base + "/admin/")
    page.get_by_role("button", name="Log ind").click()
    page.get_by_text("Tilbud (dansk)").first.wait_for()
    return page


def review(browser, tmp: Path) -> None:
    """The review step as on the editor host: Anna saves a draft, Bo reviews and publishes it."""
    clone = clone_with_host(ROOT / "site", tmp / "review")
    settings = {"CONTENT_DIR": clone / "site" / "content", "EDITOR_REVIEW": True, "EDITOR_PUSH": "origin"}
    server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    page = signed_in(browser, base, "Anna")
    page.goto(base + "/admin/#/collections/services/entries/danner")
    page.locator("label").first.wait_for()
    field(page, "Resumé").fill(
        "Krisecenter og rådgivning for kvinder i København. Telefonen er åben døgnet rundt."
    )
    page.get_by_role("button", name="Gem").first.click()
    page.get_by_role("button", name="Status: Kladder").wait_for()
    page.get_by_role("button", name="Status: Kladder").click()
    page.get_by_text("Klar", exact=True).click()
    page.wait_for_timeout(9000)  # until the "saved" notices are gone, so the refusal stands alone
    page.get_by_role("button", name="Publicer").first.click()
    page.get_by_text("Publicer nu").click()
    page.get_by_text("en anden skal se den igennem").wait_for()
    page.wait_for_timeout(1000)  # the notice slides in
    page.screenshot(path=OUT / "9-en-anden-udgiver.png")
    page.context.close()

    page = signed_in(browser, base, "Bo")
    page.goto(base + "/admin/#/workflow")
    page.get_by_role("link", name="Danner").wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=OUT / "6-gennemsyn.png")
    page.goto(base + "/admin/changes/services/danner")
    page.set_viewport_size({"width": 1280, "height": 560})
    page.screenshot(path=OUT / "8-aendringer.png")
    page.context.close()
    server.shutdown()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "site" / "content"
        shutil.copytree(ROOT / "site" / "content", content)
        shutil.copytree(ROOT / "site" / "facts", content.parent / "facts")  # every save is checked against it
        (content / "pages" / "about.so.md").unlink()  # so the copy has a translation to add
        server = make_server("127.0.0.1", 0, create_app({"CONTENT_DIR": content}), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("dialog", lambda d: d.accept())
            page.goto(base + "/admin/")
            page.get_by_role("button", name="Log ind").wait_for()
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / "0-log-ind.png")
            page.get_by_role("button", name="Log ind").click()
            page.get_by_text("Tilbud (dansk)").first.wait_for()
            page.get_by_text("Danner").first.wait_for()
            page.screenshot(path=OUT / "1-oversigt.png")

            page.goto(base + "/admin/#/collections/services/entries/danner")
            page.get_by_text("Døgnåbent").first.wait_for()
            site = page.frame_locator("iframe").first.frame_locator(PREVIEW)
            site.locator("main h1").wait_for()
            page.locator("label", has_text="Kategori").first.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / "2-ret-tilbud.png")

            # The preview further down: the hours with "open now", the 1888 line, the sources.
            page.set_viewport_size({"width": 1280, "height": 1150})
            site.locator("section.reach").evaluate("e => e.scrollIntoView({block: 'start'})")
            page.wait_for_timeout(500)
            pane = {"x": 640, "y": 0, "width": 640, "height": 1150}  # the preview alone: the form is in 2
            page.screenshot(path=OUT / "10-forhaandsvisning.png", clip=pane)
            page.set_viewport_size({"width": 1280, "height": 800})

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

            page.get_by_role("button", name="Luk").click()
            page.goto("about:blank")
            page.goto(base + "/admin/#/collections/services_ar/entries/danner")
            page.frame_locator("iframe").first.frame_locator(PREVIEW).locator("html[dir=rtl] h1").wait_for()
            page.wait_for_timeout(500)
            page.screenshot(path=OUT / "5-oversaettelse-rtl.png")

            # A new translation: only the Danish texts without the language, the Danish words beside.
            page.goto("about:blank")
            page.goto(base + "/admin/#/collections/pages_so/new")
            field(page, "Oversættelse af").select_option("about")
            page.locator(".hmv-danish").wait_for()
            page.wait_for_timeout(1000)
            page.screenshot(path=OUT / "11-ny-oversaettelse.png")

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

            if "--review" in sys.argv:  # the review pictures (6, 8, 9) only when asked: they take minutes
                review(browser, Path(tmp))
            browser.close()
        server.shutdown()
    for png in sorted(OUT.glob("*.png")):
        smaller(png)
        print(png.relative_to(ROOT), png.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main()
