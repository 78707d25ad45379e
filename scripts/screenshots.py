"""Take full-page screenshots of the site in headless Chromium, to look at before calling a page done.

Usage: .venv/bin/python scripts/screenshots.py [--width 360] [--first-screen] [--out DIR] [--print] PATH ...
Writes PNG files (or PDFs with --print) to screenshots/ (git-ignored), or to --out. README's pictures of
the phone's first screen are made with:
  scripts/screenshots.py --first-screen --out docs/site /da/ /ar/ /so/ /uk/ /da/services/krisecentre
"""

from __future__ import annotations

import argparse
import re
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from helpsite import ROOT, create_app

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def main() -> None:
    """Serve the app on loopback and photograph each path."""
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--width", type=int, default=360)
    parser.add_argument("--height", type=int, default=740)
    parser.add_argument("--print", action="store_true", help="save as PDF with print styles")
    parser.add_argument("--no-js", action="store_true")
    parser.add_argument("--first-screen", action="store_true", help="only what the screen shows, no scroll")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    opts = parser.parse_args()
    out = opts.out
    out.mkdir(parents=True, exist_ok=True)
    app = create_app({"INDEX_DIR": Path(tempfile.mkdtemp()) / "index"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(
            viewport={"width": opts.width, "height": opts.height},
            java_script_enabled=not opts.no_js,
            device_scale_factor=1,
        )
        for path in opts.paths:
            page.goto(base + path)
            name = re.sub(r"[^a-zA-Z0-9]+", "_", path).strip("_") or "root"
            if opts.print:
                page.pdf(path=str(out / f"{name}.pdf"), format="A4", print_background=True)
            else:
                shot = out / f"{name}_{opts.width}.png"
                page.screenshot(path=str(shot), full_page=not opts.first_screen)
            print(out / name)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
