"""112 and 1888 on a phone's first screen: every kind of page, every language, with and without JavaScript.

In headless Chromium at 320 x 568 (a small phone) and 360 x 740: both numbers are links that call
(tel:), each a tap target of at least 44 x 44 px, wholly inside the screen before any scroll, and
nothing (the sticky quick exit included) covers them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
SCREENS = [(320, 568), (360, 740)]
MIN_TARGET = 44  # px, WCAG 2.5.5 and the design's budget
# Each kind of page, by address; "results" is a search sent from the search page's form.
KINDS = {
    "home": "/{lang}/",
    "service": "/{lang}/services/krisecentre",
    "page": "/{lang}/pages/about",
    "search": "/{lang}/search",
    "browse": "/{lang}/search?audience=victims",
    "results": "/{lang}/search",
    "not found": "/{lang}/services/none",
}
# Where each number is and whether a tap there reaches it (not covered by the quick exit or a menu).
MEASURE = """number => {
    const link = document.querySelector(`header a[href="tel:${number}"]`);
    if (!link) return null;
    const box = link.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
            width: box.width, height: box.height, reached: !!hit && link.contains(hit)};
}"""


@pytest.fixture(scope="module", params=[True, False], ids=["js", "no-js"])
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """One tab, with JavaScript on or off; each page is measured at every screen size in turn."""
    width, height = SCREENS[0]
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=request.param
    )
    yield context.new_page()
    context.close()


def open_kind(page: Any, base: str, kind: str, lang: str) -> None:
    """Open a page of `kind`; for "results", send a search from the search page."""
    page.goto(base + KINDS[kind].format(lang=lang))
    if kind == "results":
        page.fill("#q", "krisecenter")
        page.locator("#search-form button[type=submit]").click()
        page.locator("#results-title").wait_for()
        # The heading can be in the DOM before the stylesheet is: measure the page as it will be seen.
        page.wait_for_load_state("load")
        page.evaluate("window.scrollTo(0, 0)")


def first_screen_problems(page: Any, width: int, height: int) -> list[str]:
    """What keeps 112 or 1888 from being a whole, tappable target on the first screen."""
    problems = []
    for number in ("112", "1888"):
        box = page.evaluate(MEASURE, number)
        if box is None:
            problems.append(f"{number}: no call link in the header")
            continue
        if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
            problems.append(f"{number}: {box['width']:.0f} x {box['height']:.0f} px")
        if box["top"] < 0 or box["bottom"] > height or box["left"] < 0 or box["right"] > width:
            problems.append(f"{number}: outside the first screen at y {box['top']:.0f}-{box['bottom']:.0f}")
        if not box["reached"]:
            problems.append(f"{number}: covered")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_112_and_1888_are_on_the_first_screen_of_every_page(phone, live_server: str, lang: str) -> None:
    """Each page is loaded once and measured at each screen size: the CSS lays it out again on a resize,
    as on a phone turned (site.js reads no screen size)."""
    problems = []
    for kind in KINDS:
        for i, (width, height) in enumerate(SCREENS):
            phone.set_viewport_size({"width": width, "height": height})
            if i == 0:
                open_kind(phone, live_server, kind, lang)
            problems += [f"{width}x{height} {kind}: {p}" for p in first_screen_problems(phone, width, height)]
    assert problems == []


@pytest.mark.parametrize("lang", ["da", "ar", "so", "uk"])
def test_a_browse_page_has_its_title_and_its_help_on_the_first_screen(phone, live_server: str, lang: str):
    """Browsing by topic: the topic is the H1 and the title, a result is in view, the form comes after."""
    page = phone
    page.set_viewport_size({"width": 320, "height": 568})
    page.goto(f"{live_server}/{lang}/search?category=crisis-centre")
    heading = page.locator("h1").text_content() or ""
    assert heading.strip() and page.title().startswith(heading.strip())
    first = page.locator(".card").first.bounding_box()
    assert first is not None and first["y"] < 568
    form = page.locator("form[role=search]").bounding_box()
    assert form is not None and form["y"] > first["y"]
