"""Handouts on paper: Chromium prints each to PDF; one A4 page, nothing cut, QR codes that scan.

Every pair of languages that starts from Danish, as an A4 sheet and as pocket cards, and the A4 sheet
in each language alone, all with more services chosen than fit (the fullest sheet there can be).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from servers import serving

from helpsite import create_app
from helpsite.web.handouts import CARDS_PER_PAGE

# One worker runs this module: every handout is printed once (20 s), not on each worker that runs a test.
pytestmark = pytest.mark.xdist_group("sheet-print")

TOOLS = ("pdfinfo", "pdftoppm", "zbarimg")

# Elements that clip their content on paper: anything that does not fit there would be cut off.
CUT_OFF = """() => [...document.querySelectorAll('.handout, .handout *')]
  .filter(e => getComputedStyle(e).overflow === 'hidden'
    && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1))
  .map(e => `${e.className} (${e.closest('[lang]').lang}): ${e.scrollHeight}px in ${e.clientHeight}px`)"""


def handouts(app: Flask) -> list[tuple[str, str, str | None, str]]:
    """(name, language, second language, format) for every handout the test prints."""
    langs = app.config["LANGUAGES"]
    found = [(f"{lang}-a4", lang, None, "a4") for lang in langs]
    for other in langs[1:]:
        found += [(f"da-{other}-{fmt}", "da", other, fmt) for fmt in ("a4", "card")]
    return found


def inspect(pdf: Path) -> tuple[str, list[str]]:
    """pdfinfo's report and the QR codes zbarimg reads on the first page (grey, 150 dpi)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    image = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-gray", "-r", "150", "-singlefile", str(pdf), str(image)], check=True)
    scan = ["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", f"{image}.pgm"]
    return info, subprocess.run(scan, capture_output=True, text=True).stdout.split()


PUBLIC = "https://hjaelp.example"  # a real-looking address for the QR codes (unset, none is printed)


@pytest.fixture(scope="module")
def addressed(index_dir: Path) -> Flask:
    """The app over the real content with its public address configured (shares the session's index)."""
    return create_app({"TESTING": True, "INDEX_DIR": index_dir, "PUBLIC_URL": PUBLIC})


@pytest.fixture(scope="module")
def addressed_server(addressed: Flask) -> Iterator[str]:
    """That app on a free loopback port; yields its base URL."""
    with serving(addressed) as base:
        yield base


def print_pdf(page, url: str, pdf: Path) -> list[str]:
    """Open `url` in the print view, save it as an A4 PDF; what is cut off on it."""
    page.goto(url)
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    return page.evaluate(CUT_OFF)


@pytest.fixture(scope="module")
def printed(
    addressed: Flask, addressed_server: str, browser, tmp_path_factory: pytest.TempPathFactory
) -> dict:
    """Print every handout to PDF in one browser context; look at each PDF in parallel processes."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing: install poppler-utils and zbar-tools (see .ci/run)")
    folder = tmp_path_factory.mktemp("handouts")
    content = addressed.extensions["helpsite.store"].content
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    results: dict[str, dict] = {}
    for name, lang, also, fmt in handouts(addressed):
        query = {"r": list(content.services), "format": fmt, **({"also": also} if also else {})}
        pdf = folder / f"{name}.pdf"
        cut = print_pdf(page, f"{addressed_server}/{lang}/sheet?{urlencode(query, doseq=True)}", pdf)
        results[name] = {"lang": lang, "also": also, "format": fmt, "cut": cut, "pdf": pdf}
    context.close()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for result, (info, codes) in zip(
            results.values(), pool.map(inspect, [r["pdf"] for r in results.values()]), strict=True
        ):
            result["info"], result["codes"] = info, codes
    return results


def test_every_handout_is_exactly_one_a4_page(printed: dict):
    for name, result in printed.items():
        pages = re.search(r"^Pages:\s+(\d+)", result["info"], re.M).group(1)
        size = re.search(r"^Page size:\s+(.*)$", result["info"], re.M).group(1)
        assert pages == "1", f"{name} prints on {pages} pages"
        assert "(A4)" in size, f"{name} prints on {size}"


def test_nothing_on_a_handout_is_cut_off(printed: dict):
    for name, result in printed.items():
        assert result["cut"] == [], f"{name}: {result['cut']}"


def test_qr_codes_open_the_site_in_the_handouts_languages(printed: dict):
    base = PUBLIC
    for name, result in printed.items():
        langs = [result["lang"], *([result["also"]] if result["also"] else [])]
        if result["format"] == "a4":
            expected = [f"{base}/{lang}/" for lang in langs]
        else:  # the cards alternate between the languages
            expected = [f"{base}/{langs[n % len(langs)]}/" for n in range(CARDS_PER_PAGE)]
        assert sorted(result["codes"]) == sorted(expected), name


def test_without_an_address_a_handout_prints_no_qr_code_and_no_address(
    app: Flask, live_server: str, browser, tmp_path: Path
):
    """The shared app has no PUBLIC_URL: each handout still fills one page, with no code and no address."""
    content = app.extensions["helpsite.store"].content
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    for fmt in ("a4", "card"):
        query = urlencode({"r": list(content.services), "also": "ar", "format": fmt}, doseq=True)
        pdf = tmp_path / f"{fmt}.pdf"
        assert print_pdf(page, f"{live_server}/da/sheet?{query}", pdf) == [], fmt
        printed_text = page.locator(".handout").inner_text()
        assert "127.0.0.1" not in printed_text and "localhost" not in printed_text
        assert page.locator(".notice", has_text="HELPSITE_PUBLIC_URL").is_hidden()  # not on paper
        info, codes = inspect(pdf)
        assert re.search(r"^Pages:\s+1$", info, re.M), fmt
        assert codes == [], fmt
    context.close()


def test_the_print_button_needs_javascript_and_the_builder_does_not(browser, live_server: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/da/sheet?set=honour")
    page.select_option("#also", "ar")
    page.check("input[name=format][value=card]")
    page.click("form.builder button[type=submit]")
    assert "format=card" in page.url and "also=ar" in page.url
    assert page.locator(".pcard").count() == CARDS_PER_PAGE
    assert page.locator(".sheet-print").is_hidden()
    context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(page_url := f"{live_server}/da/sheet?r=danner&format=a4")
    assert page.locator(".sheet-print").is_visible()
    assert page.url == page_url
    context.close()


def test_other_pages_print_without_exit_navigation_or_search_and_with_link_targets(browser, live_server: str):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(f"{live_server}/ar/services/danner")
    for selector in (".exit", ".searchbox", ".langs", ".foot nav", ".skip"):
        assert all(not el.is_visible() for el in page.locator(selector).all()), selector
    assert page.locator(".contact-phone").first.is_visible()
    written = page.evaluate(
        "() => [...document.querySelectorAll('.checked a')].map(a => getComputedStyle(a, '::after').content)"
    )
    assert written and all("http" in text for text in written)
    context.close()
