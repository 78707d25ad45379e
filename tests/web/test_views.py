"""The site through HTTP: every route, every language, the redirects and the helpful 404."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from editing import replace
from flask import Flask
from flask.testing import FlaskClient

from helpsite.taxonomy import AUDIENCES

RTL = {"ar", "fa", "ur"}


class Outline(HTMLParser):
    """Collects what the tests look at: lang/dir, headings, landmarks, links, ids."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.headings: list[int] = []
        self.tags: list[str] = []
        self.links: list[dict[str, str | None]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.html_attrs = found
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "a":
            self.links.append(found)
        if found.get("id"):
            self.ids.append(str(found["id"]))


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("lang", ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"])
def test_every_route_in_every_language(
    client: FlaskClient, site_paths: Callable[..., list[str]], lang: str
) -> None:
    """Each page answers 200 with the right lang and dir, one h1, headings in order and landmarks."""
    for url in site_paths(lang, handouts=False):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "text/html"
        page = outline(response.get_data(as_text=True))
        assert page.html_attrs.get("lang") == lang, url
        assert page.html_attrs.get("dir") == ("rtl" if lang in RTL else "ltr"), url
        if lang != "da":  # every text exists in every language: Danish only in titles kept in Danish
            marked = re.findall(r'<(\w+)[^>]* lang="da" dir="ltr"', response.get_data(as_text=True))
            assert set(marked) <= {"h1", "h2", "h3", "a"}, (url, marked)
        assert page.headings.count(1) == 1, url
        # Headings never skip a level going down (h1 -> h3 would confuse a screen reader).
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (url, page.headings)
        for landmark in ("header", "main", "footer", "nav"):
            assert landmark in page.tags, (url, landmark)
        assert len(page.ids) == len(set(page.ids)), (url, "duplicate ids")
        first_link = page.links[0]
        assert first_link.get("href") == "#main", "the skip link comes first"
        assert "main" in page.ids


def test_root_redirects_by_accept_language(client: FlaskClient) -> None:
    """`/` picks the reader's language among ours, else Danish, and says it varies."""
    cases = {
        None: "/da/",
        "en-GB,en;q=0.9": "/en/",
        "de-DE,de;q=0.9": "/da/",
        "de,en;q=0.5": "/en/",
        "ar-EG,ar;q=0.9,en;q=0.5": "/ar/",
        "uk,ru;q=0.8": "/uk/",
        "pl-PL": "/pl/",
        "fa-IR": "/fa/",
        "da-DK,en;q=0.8": "/da/",
    }
    for header, target in cases.items():
        headers = {"Accept-Language": header} if header else {}
        response = client.get("/", headers=headers)
        assert response.status_code == 303, header
        assert response.headers["Location"] == target, header
        assert "Accept-Language" in response.headers["Vary"]


@pytest.mark.parametrize(
    "url, lang",
    [
        ("/xx/", "da"),
        ("/de/services/danner", "da"),
        ("/en/services/no-such-service", "en"),
        ("/ar/pages/no-such-page", "ar"),
        ("/da/nothing-here", "da"),
        ("/favicon.php", "da"),
        ("/en/services/", "en"),
    ],
)
def test_helpful_404(client: FlaskClient, url: str, lang: str) -> None:
    """Unknown language, service or page: a 404 in that language, with 112 and 1888 to call."""
    response = client.get(url)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    assert 'href="tel:112"' in html
    assert 'href="tel:1888"' in html


def test_home_puts_112_then_crisis_lines_first(client: FlaskClient) -> None:
    """112 is the first thing to read; Lev Uden Vold (1888) is the first crisis line."""
    html = client.get("/en/").get_data(as_text=True)
    assert html.index('href="tel:112"') < html.index("<main")
    main = html[html.index("<main") : html.index("</main>")]
    phones = re.findall(r'href="tel:([^"]+)"', main)
    assert phones[0] == "1888"
    for audience in AUDIENCES:
        assert f"/en/search?audience={audience}" in main
    for topic in ("crisis-centre", "honour", "perpetrators", "children", "municipal", "victim-support"):
        assert f"/en/search?category={topic}" in main


def test_service_page_shows_how_to_reach_it(app: Flask, client: FlaskClient) -> None:
    """Contacts as tap targets, numbers kept whole, hours, each source with its age, nothing "Checked"."""
    html = client.get("/en/services/danner").get_data(as_text=True)
    assert 'href="tel:+4533330047"' in html
    assert '<bdi class="num">33 33 00 47</bdi>' in html
    assert 'href="mailto:sigdettilnogen@danner.dk"' in html
    assert "Open 24 hours" in html
    assert "call log" in html
    checked = html[html.index('<p class="checked">') : html.index("</p>", html.index('<p class="checked">'))]
    # Nobody has confirmed Danner's facts live: no "Checked" date, and it says so plainly.
    assert "Checked" not in checked
    assert "not yet confirmed with the service" in checked
    # Each source with its own age, as precise as the source gives it.
    assert re.search(
        r'<bdi>danner\.dk/nyt/coronatiltag[^<]*</bdi></a>, <bdi class="sdate">February 8, 2021</bdi>', checked
    )
    assert '<bdi class="sdate">December 2023</bdi>' in checked  # bt.dk, 2023-12
    assert 'rel="noopener noreferrer"' in html
    # Languages spoken are a field only where confirmed; Danner's are a 2020 remark, told in the text.
    assert "<dt>Languages</dt>" not in html
    assert "In 2020 Danner wrote" in html


@pytest.mark.slow
def test_a_confirmed_service_says_checked_and_when(make_app, fixture_content) -> None:
    """`confirmed:` is what "Checked ..." shows; a source without a web address shows its title."""
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "sources:\n", "confirmed: {date: 2026-11-30, by: kommunikation}\nsources:\n")
    replace(danner, "sources:\n", 'sources:\n  - {title: "Danners svar til kommunen", date: "~2022"}\n')
    client = make_app(CONTENT_DIR=fixture_content).test_client()
    html = client.get("/en/services/danner").get_data(as_text=True)
    checked = html[html.index('<p class="checked">') : html.index("</p>", html.index('<p class="checked">'))]
    assert checked.startswith('<p class="checked">Checked November 30, 2026.')
    assert "not yet confirmed" not in checked and "kommunikation" not in checked
    assert '<bdi lang="da">Danners svar til kommunen</bdi>, <bdi class="sdate">about 2022</bdi>' in checked
    ar = client.get("/ar/services/danner").get_data(as_text=True)
    assert "30 نوفمبر 2026" in ar


def test_a_page_with_undated_and_old_sources_says_so(client: FlaskClient) -> None:
    """Each source carries its age, 'undated' and 'before 2017' included, in the reader's language."""
    html = client.get("/en/services/krisecentre").get_data(as_text=True)
    assert '<bdi class="sdate">undated</bdi>' in html
    assert '<bdi class="sdate">before 2017</bdi>' in html
    page = client.get("/da/pages/hvidovre").get_data(as_text=True)
    assert '<bdi lang="da">Hvidovre Kommune, svar om partnervold</bdi>, <bdi class="sdate">2023</bdi>' in page
    assert "ikke bekræftet" in page


@pytest.mark.slow
def test_confirmed_languages_are_listed(make_app, fixture_content) -> None:
    """A `languages` field shows each language by name, in the reader's language (the fixture's Danner)."""
    client = make_app(CONTENT_DIR=fixture_content).test_client()
    html = client.get("/en/services/danner").get_data(as_text=True)
    assert "<dt>Languages</dt>" in html
    assert '<span lang="ar">Arabic</span>' in html


def test_service_without_confirmed_number_points_to_1888(client: FlaskClient) -> None:
    """RED has no confirmed number: no tel: link of its own, but 1888 to call."""
    html = client.get("/en/services/red-center").get_data(as_text=True)
    main = html[html.index("<main") : html.index("</main>")]
    assert re.findall(r'href="tel:([^"]+)"', main) == ["1888"]
    assert "red-safehouse.dk" in main


def test_language_switcher_keeps_the_page(client: FlaskClient) -> None:
    """Each language is named in itself and links to the same page in that language."""
    html = client.get("/en/services/politi").get_data(as_text=True)
    for code, native in (("da", "Dansk"), ("ar", "العربية"), ("uk", "Українська"), ("so", "Soomaali")):
        assert f'href="/{code}/services/politi"' in html
        assert native in html


def test_missing_translation_falls_back_to_danish_with_a_notice(make_app, fixture_content) -> None:
    """A service with no English file is shown in Danish, marked lang=da, with a notice."""
    (fixture_content / "services" / "politi.en.md").unlink()
    # A page, not a search: no index is needed, and none is built (a second of the inner loop).
    client = make_app(CONTENT_DIR=fixture_content, BUILD_INDEX_ON_START=False).test_client()
    html = client.get("/en/services/politi").get_data(as_text=True)
    assert "not yet translated" in html
    assert '<h1 lang="da" dir="ltr">Politiet' in html
    # Where a translation exists, there is no fallback notice.
    assert "not yet translated" not in client.get("/en/services/danner").get_data(as_text=True)


def test_methods_and_limits(client: FlaskClient) -> None:
    """Wrong methods are 405, oversized bodies 413, both as pages in the reader's language."""
    response = client.delete("/en/services/danner")
    assert response.status_code == 405
    html = response.get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "<title>That did not work" in html and "<h1>That did not work</h1>" in html
    response = client.post("/da/search", data={"q": "x" * 40_000})
    assert response.status_code == 413
    assert "<title>Det var for meget tekst" in response.get_data(as_text=True)
    assert 'href="tel:1888"' in response.get_data(as_text=True)


def test_healthz(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_no_javascript_needed_for_search(client: FlaskClient) -> None:
    """The search box is a plain form that posts to /<lang>/search with spellcheck off."""
    html = client.get("/da/").get_data(as_text=True)
    form = re.search(r"<form[^>]*role=\"search\"[^>]*>", html)
    assert form and 'method="post"' in form[0] and 'action="/da/search"' in form[0]
    assert 'autocomplete="off"' in html and 'spellcheck="false"' in html
