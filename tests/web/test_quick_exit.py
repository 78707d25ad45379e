"""The quick exit, proven in headless Chromium: blank at once, gone from Back, Shift x3, no JavaScript,
bfcache, feedback in the page's language, and a large button nothing covers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from flask import Flask
from flask_babel import force_locale, gettext, ngettext
from playwright.sync_api import Browser, BrowserContext, Page, Route

from helpsite import DEFAULTS, create_app

EXIT_PAGE = "<!doctype html><html lang=da><title>Vejret</title><p>Vejret i dag"
PRESS = "Shift: press %(num)s more time to leave this page."
PRESSES = "Shift: press %(num)s more times to leave this page."


@pytest.fixture
def exit_url(app: Flask) -> str:
    """The configured destination (intercepted in every test: there is no internet)."""
    return app.config["EXIT_URL"]


class Exit:
    """A browser context in which the exit site is intercepted and answers at once.

    With `stay` set, it answers 204 No Content: the browser then cancels the navigation and keeps
    the old document exactly as the script left it when it started to leave. That is how the tests
    look at the page "while the next site loads": DevTools cannot inspect a document whose
    navigation is still pending.
    """

    def __init__(self, context: BrowserContext, exit_url: str) -> None:
        self.context = context
        self.stay = False
        self.referers: list[str | None] = []
        context.route(lambda url: url.startswith(exit_url), self._answer)
        self.page: Page = context.new_page()

    def _answer(self, route: Route) -> None:
        self.referers.append(route.request.headers.get("referer"))
        if self.stay:
            route.fulfill(status=204)
        else:
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=EXIT_PAGE)

    def requested(self) -> bool:
        """True once the browser asked for the exit site."""
        return bool(self.referers)


@pytest.fixture
def tab(browser: Browser, exit_url: str) -> Iterator[Exit]:
    """A phone-sized tab with the exit site intercepted."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield Exit(context, exit_url)
    context.close()


def assert_blank(page: Page) -> None:
    """Nothing visible, nothing focusable, nothing for a screen reader but the 'Loading.' alert."""
    shown = page.evaluate(
        """() => [...document.body.querySelectorAll("*")]
            .filter((el) => el.getClientRects().length && !el.matches(".exit-cover"))
            .map((el) => el.tagName)"""
    )
    assert shown == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.body || document.activeElement === null")
    tree = page.locator("body").aria_snapshot()
    assert tree.strip().startswith("- alert"), tree
    assert "Leave" not in tree and "112" not in tree
    # Pixels: the page must look exactly like an empty document of the same size.
    leaving = page.screenshot()
    page.evaluate("document.documentElement.replaceChildren()")
    assert leaving == page.screenshot(), "something is still visible while leaving"


def follow_link_to_a_service(page: Page, base: str) -> str:
    """Open the home page, then a service by clicking (a real history entry); return its URL."""
    page.goto(base + "/da/")
    page.locator("main a[href*='/services/']").first.click()
    page.wait_for_load_state()
    assert "/services/" in page.url
    return page.url


def leave_and_check(browser: Browser, tab: Exit, live_server: str, exit_url: str, trigger) -> None:
    """Trigger the exit twice from a service page reached by a link.

    First the exit site answers 204, so the page stays as the script left it: it must be blank.
    Then, after a reload, it answers normally: the tab must be on the exit URL, with no Referer,
    and Back must skip the service page (location.replace) and show the page before it.
    """
    page = tab.page
    service = follow_link_to_a_service(page, live_server)
    tab.stay = True
    with page.expect_request(lambda r: r.url.startswith(exit_url)):
        trigger(page)
    assert page.url == service
    assert_blank(page)

    page.reload()
    tab.stay = False
    with page.expect_navigation(url=exit_url):
        trigger(page)
    assert tab.referers == [None, None]  # the exit site cannot tell where the reader came from
    assert len(tab.context.pages) == 1  # no other tab left open with the page in it
    page.go_back()
    assert page.url == live_server + "/da/"


def shift_three_times(page: Page) -> None:
    """Shift, Shift, Shift."""
    for _ in range(3):
        page.keyboard.press("Shift")


def click_button(page: Page) -> None:
    """Tap the visible button, holding Ctrl: even that must not open a new tab."""
    page.locator(".exit-link").click(modifiers=["Control"], no_wait_after=True)


def enter_on_the_second_tab(page: Page) -> None:
    """The keyboard path: Tab past "Skip to content" to the exit button itself, then Enter."""
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.exit-link')")
    page.keyboard.press("Enter")


@pytest.mark.parametrize("trigger", [shift_three_times, click_button, enter_on_the_second_tab])
def test_exit_blanks_the_page_at_once_then_replaces_it(browser, tab: Exit, live_server, exit_url, trigger):
    """Shift x3, a click and the keyboard: blank before the next site answers, then gone from Back."""
    leave_and_check(browser, tab, live_server, exit_url, trigger)


def test_the_exit_link_works_without_javascript(browser: Browser, live_server: str, exit_url: str):
    """With JavaScript off, the exit is a plain link to the exit site, without a Referer."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        tab = Exit(context, exit_url)
        tab.page.goto(live_server + "/ar/safety")
        tab.page.locator(".exit-link").focus()
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_url(exit_url)
        assert tab.referers == [None]
    finally:
        context.close()


def dots(page: Page) -> int:
    """How many of the button's three lights are on."""
    return page.locator(".exit-link .exit-dots i.on").count()


def test_shift_as_a_modifier_does_not_count_and_other_keys_reset(tab: Exit, live_server: str, exit_url: str):
    """Shift+A never counts; any other key starts the count again; then three Shifts leave."""
    page = tab.page
    page.goto(live_server + "/da/search")
    page.locator("#q").focus()
    for _ in range(3):
        page.keyboard.press("Shift+A")
    assert page.locator("#q").input_value() == "AAA"
    assert dots(page) == 0
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert dots(page) == 2
    page.keyboard.press("b")
    assert dots(page) == 0
    page.keyboard.down("Shift")  # held while another key goes down: a modifier, not a press
    page.keyboard.press("Control")
    page.keyboard.up("Shift")
    assert dots(page) == 0
    page.keyboard.press("Shift")
    assert dots(page) == 1
    page.keyboard.press("Tab")
    assert dots(page) == 0
    assert not tab.requested()
    assert page.url == live_server + "/da/search"
    with page.expect_request(lambda r: r.url.startswith(exit_url)):
        for _ in range(3):
            page.keyboard.press("Shift")


def test_presses_must_come_within_seconds(browser: Browser, live_server: str, exit_url: str):
    """Five seconds after a press the count starts again, and screen readers hear so."""
    context = browser.new_context()
    try:
        context.clock.install()
        tab = Exit(context, exit_url)
        page = tab.page
        page.goto(live_server + "/en/")
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        context.clock.run_for(4000)
        assert dots(page) == 2  # within the time allowed
        context.clock.run_for(2000)
        assert dots(page) == 0
        assert page.locator("#exit-status").text_content() == "Leaving this page was cancelled."
        page.keyboard.press("Shift")
        assert dots(page) == 1
        assert not tab.requested()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["da", "ar"])
def test_each_press_is_shown_and_announced_in_the_page_language(
    app: Flask, tab: Exit, live_server: str, exit_url: str, lang: str
) -> None:
    """A polite status region says how many presses are left, in the page's language."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        expected = [ngettext(PRESS, PRESSES, 2), ngettext(PRESS, PRESSES, 1), gettext("Loading.")]
    page = tab.page
    tab.stay = True  # keep the page, to read what it says while leaving
    page.goto(f"{live_server}/{lang}/safety")
    status = page.locator("#exit-status")
    assert status.get_attribute("role") == "status"
    assert status.text_content() == ""
    page.keyboard.press("Shift")
    assert (dots(page), status.text_content()) == (1, expected[0])
    page.keyboard.press("Shift")
    assert (dots(page), status.text_content()) == (2, expected[1])
    with page.expect_request(lambda r: r.url.startswith(exit_url)):
        page.keyboard.press("Shift")
    assert page.locator("[role=alert]").text_content() == expected[2]
    assert page.title() == expected[2]  # the tab strip shows no page name while the next site loads


def test_a_page_restored_from_the_back_forward_cache_resets(
    browser: Browser, live_server: str, exit_url: str
):
    """Counted presses do not survive a trip through the back/forward cache.

    Playwright switches that cache off, the headless shell the other tests use has none, and this
    Chromium keeps no-store pages out of it; phones' Chrome does keep them. So this test starts the full
    Chromium with the cache on, lets the pages through without no-store, and checks that the page really
    came back from the cache.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    cached = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, ignore_default_args=["--disable-back-forward-cache"]
    )
    try:
        context = cached.new_context()
        context.add_init_script("addEventListener('pageshow', (e) => { window.fromCache = e.persisted; });")

        def cacheable(route: Route) -> None:
            response = route.fetch()
            headers = {k: v for k, v in response.headers.items() if k.lower() != "cache-control"}
            route.fulfill(response=response, headers=headers)

        context.route(live_server + "/**", cacheable)
        tab = Exit(context, exit_url)
        page = tab.page
        page.goto(live_server + "/da/")
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        assert dots(page) == 2
        page.locator("footer a").first.click()
        page.wait_for_load_state()
        page.go_back(wait_until="commit")
        page.wait_for_function("window.fromCache !== undefined")
        assert page.evaluate("window.fromCache") is True
        assert dots(page) == 0
        assert page.locator("#exit-status").text_content() == ""
        page.keyboard.press("Shift")  # one press after the restore must not leave
        assert dots(page) == 1
        assert not tab.requested()
    finally:
        cached.close()


LAYOUT_PAGES = ["/da/", "/ar/", "/da/services/danner", "/ar/search"]


@pytest.mark.parametrize("path", LAYOUT_PAGES)
def test_the_button_is_large_stuck_to_the_top_and_never_covered(browser: Browser, live_server: str, path):
    """At 360 px: a full-width button at least 44 px tall, on top at every scroll position and with
    the language menu open or a skip link focused; its lights sit at the end of the line, mirrored in RTL."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(live_server + path)
        button = page.locator(".exit-link")
        rtl = page.evaluate("document.documentElement.dir") == "rtl"

        def on_top() -> None:
            box = button.bounding_box()
            assert box is not None
            assert box["height"] >= 44 and box["width"] >= 300
            assert 0 <= box["y"] <= 16
            for fraction in (0.05, 0.5, 0.95):
                x, y = box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2
                hit = page.evaluate(
                    "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.exit-link')", [x, y]
                )
                assert hit, f"something covers the exit button at {fraction:.0%} on {path}"

        on_top()
        for fraction in (0.5, 1):
            page.evaluate(f"window.scrollTo(0, document.documentElement.scrollHeight * {fraction})")
            on_top()
        page.evaluate("window.scrollTo(0, 0)")
        page.locator(".langs summary").click()
        on_top()
        page.keyboard.press("Escape")
        page.locator(".skip").first.focus()
        on_top()
        font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.exit-link')).fontSize)")
        assert font >= 18
        lights = page.locator(".exit-dots").bounding_box()
        box = button.bounding_box()
        centre = box["x"] + box["width"] / 2
        assert (lights["x"] < centre) if rtl else (lights["x"] > centre)
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "side"), [("da", "right"), ("ar", "left")])
def test_on_a_wide_screen_the_button_sits_at_the_end_with_the_shift_hint(browser, live_server, lang, side):
    """From 40rem up the button is at the inline end (right in Danish, left in Arabic), with a hint."""
    context = browser.new_context(viewport={"width": 1024, "height": 700})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/{lang}/")
        box = page.locator(".exit-link").bounding_box()
        if side == "right":
            assert box["x"] + box["width"] >= 1024 - 40
        else:
            assert box["x"] <= 40
        assert page.locator(".exit-hint").is_visible()
    finally:
        context.close()


def test_the_destination_is_one_setting(app: Flask, index_dir) -> None:
    """EXIT_URL sets the exit link; the default is a neutral Danish site over HTTPS."""
    default = urlsplit(DEFAULTS["EXIT_URL"])
    assert default.scheme == "https" and default.hostname.endswith(".dk")
    # The session's index is already built (the app fixture), so this app starts at once.
    app = create_app({"TESTING": True, "INDEX_DIR": index_dir, "EXIT_URL": "https://www.dr.dk/"})
    html = app.test_client().get("/da/").text
    assert html.count('href="https://www.dr.dk/" rel="nofollow noreferrer" data-exit') == 1
