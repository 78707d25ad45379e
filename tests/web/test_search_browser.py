"""Search in headless Chromium: results in place with JavaScript (no history entry), a page without."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized tab with JavaScript."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


def test_results_update_in_place_without_a_history_entry(phone: Page, live_server: str) -> None:
    phone.goto(f"{live_server}/da/search")
    before = phone.evaluate("history.length")
    navigations: list[str] = []
    phone.on("framenavigated", lambda frame: navigations.append(frame.url))
    phone.fill("#q", "krisecenetr")
    with phone.expect_response(lambda r: r.url.endswith("/da/search") and r.request.method == "POST"):
        phone.press("#q", "Enter")
    phone.wait_for_selector('#results a[href="/da/services/krisecentre"]')
    assert navigations == []  # the page stayed; only #results changed
    assert phone.evaluate("history.length") == before
    assert phone.url == f"{live_server}/da/search"  # never the words in the address
    assert phone.evaluate("document.activeElement.id") == "q"  # typing can go on
    # A selector, not a function: the page's CSP forbids the eval that wait_for_function uses.
    phone.wait_for_selector("#search-status:not(:empty)", state="attached")
    status = phone.text_content("#search-status") or ""
    assert status == (phone.text_content("#results-title") or "")


def test_did_you_mean_searches_in_place(phone: Page, live_server: str) -> None:
    phone.goto(f"{live_server}/da/search")
    phone.fill("#q", "tvngsagtskb")
    phone.press("#q", "Enter")
    phone.wait_for_selector(".suggestion button")
    phone.click(".suggestion button")
    phone.wait_for_selector('#results a[href="/da/services/red-center"]')
    assert phone.input_value("#q") == "tvangsægteskab"
    assert phone.url == f"{live_server}/da/search"


def test_without_javascript_the_form_posts_and_the_page_answers(browser: Browser, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live_server}/ar/search")
        page.fill("#q", "shelter")
        with page.expect_navigation():
            page.press("#q", "Enter")
        assert page.url == f"{live_server}/ar/search"  # POST: the words are not in the address
        assert page.locator('#results a[href="/ar/services/krisecentre"]').count() == 1
        assert page.get_attribute("html", "dir") == "rtl"
    finally:
        context.close()
