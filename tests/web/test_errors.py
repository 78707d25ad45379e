"""Bad requests: the right status, and a page in the reader's language with 112 and 1888 on it.

400 (a request the site cannot understand), 404 (no such page, service or language), 405 (a method
an address does not take, with `Allow`) and 413 (a body over MAX_CONTENT_LENGTH, 16 KB: the largest
form is a search box). Every error page keeps the low-trace headers and sets no cookie.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from werkzeug.test import TestResponse

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
RTL = {"ar", "fa", "ur"}
LIMIT = 16 * 1024


def heading(page: str) -> str:
    """The text of the page's one h1."""
    found = re.findall(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S)
    assert len(found) == 1, found
    return re.sub(r"<[^>]+>|\s+", " ", found[0]).strip()


def in_language(app: Flask, lang: str, message: str) -> str:
    """`message` as the catalogue for `lang` has it (the English msgid until it is translated)."""
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        return gettext(message)


def assert_error_page(app: Flask, response: TestResponse, status: int, lang: str, message: str) -> None:
    """A full HTML page in `lang`, with the right status, heading, emergency numbers and headers."""
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{"rtl" if lang in RTL else "ltr"}">' in page
    assert heading(page) == html.escape(in_language(app, lang, message), quote=False)
    assert 'href="tel:112"' in page and 'href="tel:1888"' in page
    assert f'href="/{lang}/"' in page  # the way back to the front page, in the same language
    assert "Traceback" not in page
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_found_in_the_readers_language(app: Flask, client: FlaskClient, lang: str) -> None:
    """An unknown service, page or address under /<lang>/ is a 404 in that language."""
    for path in (f"/{lang}/services/no-such-service", f"/{lang}/pages/nothing", f"/{lang}/no/such/page"):
        assert_error_page(app, client.get(path), 404, lang, "Page not found")


def test_an_unknown_language_is_a_danish_404(app: Flask, client: FlaskClient) -> None:
    """A language the site does not have: 404, in Danish (the default)."""
    for path in ("/xx/", "/de/services/danner", "/zzz/search"):
        assert_error_page(app, client.get(path), 404, "da", "Page not found")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_method_is_405_with_allow(app: Flask, client: FlaskClient, lang: str) -> None:
    """A method an address does not take: 405 with the methods it does take, in the reader's language."""
    for method, path in (("POST", f"/{lang}/"), ("DELETE", f"/{lang}/search"), ("PUT", f"/{lang}/safety")):
        response = client.open(path, method=method)
        assert_error_page(app, response, 405, lang, "That did not work")
        assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_body_over_16_kb_is_413(app: Flask, client: FlaskClient, lang: str) -> None:
    """A search body over MAX_CONTENT_LENGTH is refused with 413 in the reader's language."""
    assert app.config["MAX_CONTENT_LENGTH"] == LIMIT
    too_long = client.post(f"/{lang}/search", data={"q": "x" * LIMIT})
    assert_error_page(app, too_long, 413, lang, "That was too much text")


def test_the_limit_is_where_it_is_documented(client: FlaskClient) -> None:
    """A body of exactly 16 KB is read; one byte more is refused (the limit, not something smaller)."""
    body = b"q=" + b"a" * (LIMIT - 2)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.post("/da/search", data=body, headers=headers).status_code == 200
    assert client.post("/da/search", data=body + b"a", headers=headers).status_code == 413


def test_too_many_form_parts_is_413(app: Flask, client: FlaskClient) -> None:
    """A multipart body with more parts than any form of ours has is refused, not parsed."""
    parts = "".join(f'--b\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nx\r\n' for i in range(60))
    response = client.post(
        "/ar/search",
        data=(parts + "--b--\r\n").encode(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert_error_page(app, response, 413, "ar", "That was too much text")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bad_request_is_400_in_the_readers_language(app: Flask, client: FlaskClient, lang: str) -> None:
    """A request Werkzeug cannot use (a Host header that is no host name): 400, in the address's language,
    also when the page is already kept in the page cache."""
    assert client.get(f"/{lang}/services/danner").status_code == 200  # now kept
    for host in (".", "a..b", "x" * 64 + ".dk"):
        response = client.get(f"/{lang}/services/danner", headers={"Host": host})
        assert_error_page(app, response, 400, lang, "That did not work")
        lead = "We could not understand the request. Go to the front page and try again."
        assert in_language(app, lang, lead) in html.unescape(response.get_data(as_text=True))


def test_head_has_no_body(client: FlaskClient) -> None:
    """HEAD answers like GET, without the body."""
    response = client.head("/ar/services/danner")
    assert response.status_code == 200
    assert response.data == b""
