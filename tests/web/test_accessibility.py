"""Accessibility in Chromium: axe-core on every page in every language, reflow, and the keyboard.

- axe-core (npm, injected by the test only) finds no violation of WCAG 2.2 A and AA on any page,
  colour contrast included, nor of the rules "region" (everything inside a landmark) and "heading-order".
- At 320 CSS px, with the browser's text size at 100 % and at 200 %, no page is wider than the
  screen (nothing to scroll sideways, nothing cut off at the start side), and text does grow (the CSS
  sizes text relative to the reader's setting).
- Keyboard only: Tab reaches every control of each kind of page, in LTR and RTL, and every control
  shows a visible focus indicator (an outline or a box shadow) and is scrolled into view.

For axe and reflow, one browser page is reused: each document is written into it with the site's
CSS and JS inlined (the same bytes the server sends; the CSP is bypassed in this test context only),
which keeps axe loaded and avoids a network round per page. The keyboard tests navigate for real.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from helpsite import ROOT

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Best practices too: all content inside landmarks (the quick exit too), headings in order.
    "rules": {"region": {"enabled": True}, "heading-order": {"enabled": True}},
    "resultTypes": ["violations"],
}
DEFAULT_TEXT = 16  # px: the browser's default text size
ZOOMED_TEXT = 32  # px: text at 200 %
# Printable handouts are A4 and card layouts in millimetres, made to be printed: a two-dimensional
# layout that WCAG 1.4.10 (reflow) exempts. They are still checked by axe.
PRINTABLE = re.compile(r"/sheet\?.*format=")


def documents(
    client: FlaskClient, site_paths: Callable[[str], list[str]], lang: str
) -> Iterator[tuple[str, str]]:
    """(name, HTML) of every page in `lang`: each address, search results and the error pages."""
    for path in site_paths(lang):
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.get_data(as_text=True)
    yield f"POST /{lang}/search", client.post(f"/{lang}/search", data={"q": "krisecenter"}).get_data(True)
    yield f"POST /{lang}/search (nothing)", client.post(f"/{lang}/search", data={"q": "qqxx"}).get_data(True)
    yield f"/{lang}/services/none (404)", client.get(f"/{lang}/services/none").get_data(as_text=True)
    yield f"DELETE /{lang}/ (405)", client.delete(f"/{lang}/").get_data(as_text=True)


def inline_assets(client: FlaskClient, html: str) -> str:
    """`html` with its stylesheet and script put inside it, so it renders without a request."""

    def text(url: str) -> str:
        response = client.get(url, buffered=True)
        assert response.status_code == 200, url
        return response.get_data(as_text=True)

    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    scripts = re.findall(r'<script src="([^"]+)" defer></script>', html)
    for url in links:
        html = html.replace(f'<link rel="stylesheet" href="{url}">', f"<style>{text(url)}</style>")
    for url in scripts:
        # A deferred script runs once the document is parsed: at the end of the body is the same moment.
        html = html.replace(f'<script src="{url}" defer></script>', "")
        html = html.replace("</body>", f"<script>{text(url)}</script></body>")
    return html


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    """A 320 px wide page with axe-core loaded, on an address that answers without a server."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True)
    context.route("http://site.test/**", lambda route: route.fulfill(body="", content_type="text/html"))
    page = context.new_page()
    page.goto("http://site.test/")
    page.add_script_tag(path=str(AXE))
    yield page
    context.close()


def text_size(page: Any, px: int) -> None:
    """Set the browser's default text size, as a reader does in the settings (100 % is 16 px)."""
    session = page.context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": round(px * 13 / 16)}})
    session.detach()


def describe(violations: list[dict]) -> str:
    """Readable lines for axe's violations: rule, impact, the first few offending elements."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:3]]
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}: {targets}")
    return "\n".join(lines)


REFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = el => {
        for (let at = el; at; at = at.parentElement) {
            const style = getComputedStyle(at);
            if (style.clipPath !== 'none' || style.clip !== 'auto') return true;
            if (style.visibility === 'hidden') return true;
        }
        return false;
    };
    // Overflow on the inline-start side is cut off rather than scrollable: look at both sides.
    const outside = [...document.querySelectorAll('body *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && (box.right > width + 1 || box.left < -1) && !clipped(el);
    });
    return {
        scroll: document.documentElement.scrollWidth,
        width: width,
        text: parseFloat(getComputedStyle(document.body).fontSize),
        outside: outside.slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + el.className),
    };
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_passes_axe_and_reflows_at_320px_with_200_percent_text(
    app: Flask, page: Any, site_paths: Callable[[str], list[str]], lang: str
) -> None:
    """axe: zero WCAG 2.2 A/AA violations; at 320 px, 100 % and 200 % text: nothing wider than the screen."""
    client = app.test_client()
    violations, overflows = [], []
    checked = 0
    for name, html in documents(client, site_paths, lang):
        page.set_content(inline_assets(client, html), wait_until="load")
        checked += 1
        result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        if result["violations"]:
            violations.append(f"{name}:\n{describe(result['violations'])}")
        if PRINTABLE.search(name):
            continue
        try:
            for px in (DEFAULT_TEXT, ZOOMED_TEXT):
                text_size(page, px)
                found = page.evaluate(REFLOW)
                assert found["text"] >= px, (name, found["text"], "text does not follow the reader's setting")
                if found["scroll"] > found["width"] or found["outside"]:
                    overflows.append(f"{name} ({px} px text): {found['scroll']} px wide, {found['outside']}")
        finally:
            text_size(page, DEFAULT_TEXT)
    assert checked > 30
    assert violations == [], "axe:\n" + "\n".join(violations)
    assert overflows == [], "wider than 320 px:\n" + "\n".join(overflows)


# Each kind of page, reached by a real navigation (so focus starts at the top as for a reader).
KINDS = {
    "home": "/{lang}/",
    "service": "/{lang}/services/danner",
    "search": "/{lang}/search?category=crisis-centre",
    "content page": "/{lang}/pages/recognise",
    "safety": "/{lang}/safety",
    "cannot talk": "/{lang}/write",
    "sheet builder": "/{lang}/sheet",
    "not found": "/{lang}/services/none",
}
MARK_CONTROLS = """() => {
    // What a <details> holds is reached by opening it (Enter on its summary): open them all first.
    document.querySelectorAll('details').forEach(el => { el.open = true; });
    // A group of radio buttons is one tab stop (the checked one, else the first); arrows move inside it.
    const tabStop = el => {
        if (el.type !== 'radio' || el.checked) return true;
        const group = [...document.querySelectorAll('input[type=radio]')].filter(r => r.name === el.name);
        return !group.some(r => r.checked) && group[0] === el;
    };
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
    const controls = [...document.querySelectorAll(selector)].filter(el =>
        !el.disabled && el.tabIndex >= 0 && !el.closest('[inert], [hidden]')
        && el.checkVisibility({visibilityProperty: true}) && tabStop(el));
    controls.forEach((el, i) => { el.dataset.tabCheck = String(i); });
    return controls.map(el => el.outerHTML.slice(0, 80));
}"""
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        index: el.dataset.tabCheck ?? null,
        html: el.outerHTML.slice(0, 80),
        ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
              || (style.boxShadow !== 'none' && style.boxShadow !== ''),
        inView: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                && box.top < innerHeight && box.left < innerWidth,
    };
}"""


@pytest.fixture(scope="module")
def keyboard_page(browser: Any, live_server: str) -> Iterator[Any]:
    """A phone-sized page with the site's own CSP (no test scripts in it)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["da", "ar"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_control_is_reached_by_tab_with_visible_focus(
    keyboard_page: Any, live_server: str, kind: str, lang: str
) -> None:
    """Tab from the top visits every control once, each with a focus ring, scrolled into view."""
    page = keyboard_page
    page.goto(live_server + KINDS[kind].format(lang=lang))
    controls = page.evaluate(MARK_CONTROLS)
    assert controls, "a page with nothing to reach by keyboard"
    reached: list[str] = []
    problems = []
    for _ in range(len(controls) + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or focused["index"] in reached:
            break  # past the last control (focus left the page) or round again
        if focused["index"] is None:
            problems.append(f"focus on something that is not a visible control: {focused['html']}")
            continue
        reached.append(focused["index"])
        if not focused["ring"]:
            problems.append(f"no visible focus: {focused['html']}")
        if not focused["inView"]:
            problems.append(f"focused but off screen: {focused['html']}")
    missed = [html for i, html in enumerate(controls) if str(i) not in reached]
    assert missed == [], f"never reached by Tab: {json.dumps(missed, ensure_ascii=False)}"
    assert problems == []
    assert reached[0] == "0", "the first Tab should land on the first control (the skip link)"
