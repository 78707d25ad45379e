"""Page-cache poisoning, proven in headless Chromium: what one client sends never changes another's page.

For every page the cache keeps in Danish (every GET page and browse filter), and one page of each kind
in a right-to-left language and in one in Cyrillic, requests with the headers an attacker would try
are sent first: the results part asked for with X-Fragment,
JSON, a forged Host, Accept-Encoding as Chromium sends it and as a newer browser does. Then the next
visitor opens the page in Chromium and must get the whole page: the quick exit visible, site.css
applied, site.js running (it arms the quick exit; on each language's first page, Shift pressed three
times leaves). Poisoning and visit fall in the same minute (the cache's lifetime), or the page is tried
again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from flask import Flask
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from servers import raw, serving

from helpsite.web.pagecache import PageCache

LANGUAGES = ["da", "ar", "uk"]  # Danish, one right-to-left, one in Cyrillic
# Every address of a kind (a service, a page, a browse filter) is the same view, with a cache key made
# the same way from its path and query: after Danish, one of each kind is the same proof, a third of
# the visits.
EVERY_ADDRESS = {"da"}
ATTACKS = [  # (Host, Accept-Encoding, more headers); None: as the visitor's browser sends it
    (None, None, "X-Fragment: results\r\nAccept: application/json\r\n"),
    (None, "gzip, deflate, br, zstd", "X-Fragment: results\r\nAccept: application/json\r\n"),
    ("evil.example", None, "X-Fragment: results\r\n"),
]
SHOWN = """() => {
    const exit = document.querySelector('#exit');
    const link = exit && exit.querySelector('a.exit-link[data-exit]');
    const css = [...document.styleSheets].some((s) => (s.href || '').endsWith('/static/site.css')
        && s.cssRules.length > 0);
    return {
        exit: !!(link && exit.getClientRects().length && link.getClientRects().length),
        href: link && link.getAttribute('href'),
        css: css && getComputedStyle(exit).position !== 'static',
        js: [...document.scripts].some((s) => (s.src || '').endsWith('/static/site.js'))
            && exit.classList.contains('exit-ready'),  // site.js ran: it arms the quick exit
    };
}"""


def one_of_each_kind(paths: list[str]) -> list[str]:
    """The first address of each kind in `paths`: one service, one page, one value of each filter."""
    kinds: dict[str, str] = {}
    for path in paths:
        kind = re.sub(r"=[^&]*", "=", re.sub(r"/(services|pages)/[^/?]+", r"/\1/", path))
        kinds.setdefault(kind, path)
    return list(kinds.values())


def poison(base: str, path: str, coding: str) -> None:
    """The attacker's requests for `path`; `coding`: the Accept-Encoding the visitor's browser sends."""
    host = base.removeprefix("http://")
    for forged, encoding, more in ATTACKS:
        head = f"GET {path} HTTP/1.1\r\nHost: {forged or host}\r\nAccept-Encoding: {encoding or coding}\r\n"
        raw(int(host.rsplit(":", 1)[1]), f"{head}{more}Connection: close\r\n\r\n".encode())


def accept_encoding(page: Page) -> str:
    """Accept-Encoding as this Chromium sends it to a loopback address (its network stack adds it)."""
    seen: list[str] = []

    def record(environ: dict, start_response: Callable[..., object]) -> list[bytes]:
        seen.append(environ.get("HTTP_ACCEPT_ENCODING", ""))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    with serving(record) as base:
        page.goto(base + "/")
    return seen[0]


def visit(page: Page, url: str, exit_url: str, *, press: bool) -> dict[str, object]:
    """Open `url` as the next visitor; what the page shows, and (`press`) whether Shift x3 left it."""
    # Deferred scripts run after the style sheets before them have loaded, and before this event.
    page.goto(url, wait_until="domcontentloaded")
    shown = page.evaluate(SHOWN)
    if not press:  # site.js ran (SHOWN's js); the keys' own handling is pressed once per language
        shown["leaves"] = True
        return shown
    try:
        with page.expect_request(lambda r: r.url.startswith(exit_url), timeout=2000):
            for _ in range(3):
                page.keyboard.press("Shift")
        shown["leaves"] = True
    except PlaywrightTimeout:
        shown["leaves"] = False
    return shown


def test_no_request_poisons_the_next_visitors_page(
    app: Flask, live_server: str, browser: Browser, site_paths: Callable[..., list[str]]
) -> None:
    assert isinstance(app.wsgi_app, PageCache), "the live server must serve through the page cache"
    exit_url = app.config["EXIT_URL"]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    # The exit site answers 204: the browser stays, the tab is ready for the next page at once.
    context.route(lambda url: url.startswith(exit_url), lambda route: route.fulfill(status=204))
    page = context.new_page()
    failures = []
    try:
        coding = accept_encoding(page)
        paths = []
        for lang in LANGUAGES:
            every = [*site_paths(lang, handouts=False), f"/{lang}/sheet"]
            paths += every if lang in EVERY_ADDRESS else one_of_each_kind(every)
        pressed: set[str] = set()
        for path in paths:
            lang = path.split("/")[1]
            for _ in range(2):  # a second try only if the minute (the cache's lifetime) turned meanwhile
                minute = int(time.time() // 60)
                poison(live_server, path, coding)
                shown = visit(page, live_server + path, exit_url, press=lang not in pressed)
                if int(time.time() // 60) == minute:
                    break
            pressed.add(lang)
            expected = {"exit": True, "href": exit_url, "css": True, "js": True, "leaves": True}
            if shown != expected:
                failures.append((path, shown))
                if len(failures) == 5:
                    break  # enough to say what is wrong; the rest would each wait for Shift x3
    finally:
        context.close()
    assert failures == []
