"""Page weight of a first visit, per kind of page and language, as headless Chromium loads it.

Usage: .venv/bin/python benchmarks/page_weight.py [--lang da --lang ar ...]

Serves the app on loopback, loads each page with the browser cache off, and prints the requests and
the encoded bytes of HTML, CSS and JS (brotli, as Chromium asks for it), then the same total with gzip
only (for browsers without brotli). Budget: 3 requests and 14 KB (one TCP round trip).
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, Route, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from helpsite import create_app

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
BUDGET_BYTES = 14 * 1024
BUDGET_REQUESTS = 3
SEARCH_WORDS = "vold"
PAGE_KINDS = {
    "home": "/{lang}/",
    "service": "/{lang}/services/danner",
    "search results": "/{lang}/search",  # POST, as the form sends it
    "content page": "/{lang}/pages/recognise",
    "safety": "/{lang}/safety",
    "sheet builder": "/{lang}/sheet",
}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


class Quiet(WSGIRequestHandler):
    """No request log on the terminal: only the table."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        """Say nothing."""


class Counter:
    """WSGI middleware: every path the server was asked for, favicon requests included."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.paths: list[str] = []

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        """Note the path, then answer as usual."""
        self.paths.append(environ.get("PATH_INFO", ""))
        return self.app(environ, start_response)


def visit(page: Page, base: str, kind: str, lang: str) -> list[tuple[str, str, int]]:
    """Load one page; (resource type, URL, encoded body bytes) for each request."""
    url = base + PAGE_KINDS[kind].format(lang=lang)

    def as_form_post(route: Route) -> None:
        headers = {**route.request.headers, "content-type": "application/x-www-form-urlencoded"}
        route.continue_(method="POST", post_data=f"q={SEARCH_WORDS}", headers=headers)

    if kind == "search results":
        page.route(url, as_form_post)
    seen: list[Any] = []

    def record(request: Any) -> None:
        seen.append(request)

    page.on("request", record)
    try:
        page.goto(url, wait_until="load")
    finally:
        page.remove_listener("request", record)
        if kind == "search results":
            page.unroute(url, as_form_post)
    return [(r.resource_type, r.url, r.sizes()["responseBodySize"]) for r in seen]


def gzip_total(base: str, kind: str, lang: str, files: list[str]) -> int:
    """The same page and files fetched with `Accept-Encoding: gzip` only."""
    total = 0
    for i, url in enumerate(files):
        data = f"q={SEARCH_WORDS}".encode() if kind == "search results" and i == 0 else None
        request = urllib.request.Request(url, data=data, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            total += len(response.read())
    return total


def main() -> None:
    """Print one row per page and language, then the largest figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="default: all nine")
    opts = parser.parse_args()
    app = create_app({"INDEX_DIR": Path(tempfile.mkdtemp()) / "index"})
    counter = Counter(app.wsgi_app)
    app.wsgi_app = counter  # type: ignore[method-assign]
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    rows: list[tuple[str, str, int, int, int, int, int, int]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        # A new browser asks for /favicon.ico by itself once, outside the page's requests: say if it does.
        first = browser.new_context()
        first.new_page().goto(base + "/da/", wait_until="networkidle")
        first.close()
        favicon = [path for path in counter.paths if path == "/favicon.ico"]
        context = browser.new_context()
        page = context.new_page()
        context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})
        for lang in opts.lang or LANGUAGES:
            for kind in PAGE_KINDS:
                fetched = visit(page, base, kind, lang)
                by_type = {"document": 0, "stylesheet": 0, "script": 0}
                for resource_type, url, size in fetched:
                    assert url.startswith(base + "/"), f"a request to another site: {url}"
                    by_type[resource_type] = by_type.get(resource_type, 0) + size
                total = sum(size for _, _, size in fetched)
                gz = gzip_total(base, kind, lang, [url for _, url, _ in fetched])
                rows.append((lang, kind, len(fetched), by_type["document"], by_type["stylesheet"],
                             by_type["script"], total, gz))  # fmt: skip
        browser.close()
    server.shutdown()

    print(f"{'lang':4}  {'page':15} {'req':>3} {'HTML':>6} {'CSS':>6} {'JS':>6} {'total br':>9} "
          f"{'gzip':>6} {'of 14 KB':>8}")  # fmt: skip
    for lang, kind, requests, html, css, js, total, gz in rows:
        flag = "" if requests <= BUDGET_REQUESTS and max(total, gz) <= BUDGET_BYTES else "  OVER BUDGET"
        print(f"{lang:4}  {kind:15} {requests:3} {html:6} {css:6} {js:6} {total:9} {gz:6} "
              f"{total / BUDGET_BYTES:8.0%}{flag}")  # fmt: skip
    worst = max(rows, key=lambda row: row[7])
    print(
        f"\nlargest (br): {max(row[6] for row in rows)} bytes; largest (gzip): {worst[7]} bytes "
        f"({worst[1]}, {worst[0]}); most requests: {max(row[2] for row in rows)}; budget "
        f"{BUDGET_BYTES} bytes, {BUDGET_REQUESTS} requests"
    )
    if favicon:
        print("note: a new Chromium also asks for /favicon.ico once (a fourth request, outside the page)")


if __name__ == "__main__":
    from record import recorded

    with recorded("Page weight"):
        main()
