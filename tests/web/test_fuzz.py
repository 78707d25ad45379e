"""Fuzzing through the test client: generated paths, query strings, forms, headers and methods.

Whatever arrives, the answer is never a 5xx, never a traceback, never a cookie, always with the
low-trace headers, and a compressed body always decompresses. Derandomized, so CI sees the same
examples every run; no example database is written.
"""

from __future__ import annotations

import gzip
import string
from urllib.parse import quote, unquote_to_bytes

import brotli
import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Response

from helpsite.taxonomy import AUDIENCES, CATEGORIES

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND"]
# 1,500 hostile requests take half a minute of a core: `make test` runs them, not the inner loop.
pytestmark = pytest.mark.slow

FUZZ = settings(
    # 250 requests per target, the same ones every run (derandomized): 1,500 hostile requests in all,
    # half a minute on one core; 600 each took as long as the rest of a test-fast worker's share.
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that tends to break things: other scripts, controls, NUL, surrogates escaped, long runs.
nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.printable, max_size=60),
    st.sampled_from(["", " ", "\x00", "%", "%%", "%ff", "..", "../../etc/passwd", "\u202e", "ﷺ", "💥" * 5,
                     "a" * 3000, "<script>", "'\"", "*", "?", "~", "AND OR NOT", "vold~2", "kr*", "\\"]),
)  # fmt: skip
segment = st.one_of(
    st.sampled_from(["", "services", "pages", "search", "safety", "sheet", "static", "api", "hsds", "healthz",
                     "danner", "lev-uden-vold", "about", "site.css", "site.js", "favicon.ico", "..", "."]),
    st.sampled_from(LANGUAGES + ["xx", "DA", "zzz", "d", "deu"]),
    nasty_text.map(lambda s: quote(s, safe="")),
    st.text(alphabet=string.ascii_letters + string.digits + "-_.~%", max_size=20),
)  # fmt: skip
paths = st.lists(segment, min_size=0, max_size=6).map(lambda parts: "/" + "/".join(parts))
known_keys = st.sampled_from(["q", "audience", "category", "r", "also", "format", "page", "per_page", "lang"])
keys = st.one_of(known_keys, st.text(max_size=10))
values = st.one_of(
    st.sampled_from(
        list(AUDIENCES) + list(CATEGORIES) + LANGUAGES + ["a4", "card", "danner", "-1", "0", "1e9"]
    ),
    nasty_text,
)
pairs = st.lists(st.tuples(keys, values), max_size=12)
header_values = st.one_of(
    nasty_text.filter(lambda s: "\n" not in s and "\r" not in s),
    st.sampled_from(["br", "gzip", "br;q=0, gzip;q=1", "*;q=0", "identity", "gzip;q=abc", "br;q=-1",
                     "ar, en;q=0.5", "*", "da-DK,da;q=0.9", "application/json", "text/html;q=0",
                     "bytes=0-10", "bytes=999999-", "multipart/form-data", "multipart/form-data; boundary=",
                     "application/x-www-form-urlencoded; charset=latin-1"]),
)  # fmt: skip
header_names = st.sampled_from(
    ["Accept", "Accept-Language", "Accept-Encoding", "Content-Type", "Range", "If-Modified-Since",
     "If-None-Match", "Cookie", "Referer", "User-Agent", "X-Forwarded-For", "Origin", "Host"]
)  # fmt: skip
headers = st.dictionaries(header_names, header_values, max_size=6)


def encode_pairs(items: list[tuple[str, str]]) -> str:
    """A query string or form body from (key, value) pairs, percent-encoded as a browser would."""
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in items)


def check(response: Response, method: str) -> None:
    """The invariants that hold for every response, whatever the request."""
    assert response.status_code < 500, response.status_code
    assert "Set-Cookie" not in response.headers
    assert response.headers.get("Cache-Control") == "no-store"
    assert "Content-Security-Policy" in response.headers
    body = response.get_data()
    coding = response.headers.get("Content-Encoding")
    if coding == "br":
        body = brotli.decompress(body)
    elif coding == "gzip":
        body = gzip.decompress(body)
    else:
        assert coding is None, coding
    assert b"Traceback" not in body
    assert b'File "' not in body  # no Python stack frame, even one without the word "Traceback"
    if method == "HEAD":
        assert response.get_data() == b""


def send(
    app: Flask, method: str, path: str, query: str = "", body: bytes | None = None, **extra: str
) -> None:
    """Send one request through the whole WSGI stack and check the answer."""
    header_map = dict(extra)
    if body is not None and "Content-Type" not in header_map:
        header_map["Content-Type"] = "application/x-www-form-urlencoded"
    builder = EnvironBuilder(path="/", method=method, query_string=query, data=body, headers=header_map)
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    # As a WSGI server passes it: the percent-decoded bytes of the path, as latin-1 text.
    environ["PATH_INFO"] = unquote_to_bytes(path).decode("latin-1")
    environ["REQUEST_URI"] = environ["RAW_URI"] = path + (f"?{query}" if query else "")
    app_iter, status, sent_headers = run_wsgi_app(app, environ, buffered=True)
    check(Response(b"".join(app_iter), status=status, headers=sent_headers), method)


@FUZZ
@given(method=st.sampled_from(METHODS), path=paths, query=pairs)
def test_any_path_and_method(app: Flask, method: str, path: str, query: list[tuple[str, str]]) -> None:
    """Generated addresses, methods and query strings: never a 5xx, a traceback or a cookie."""
    send(app, method, path, encode_pairs(query))


@FUZZ
@given(lang=st.sampled_from(LANGUAGES + ["xx"]), form=pairs, accept=st.sampled_from(["", "application/json"]))
def test_search_form_bodies(app: Flask, lang: str, form: list[tuple[str, str]], accept: str) -> None:
    """Search forms with any fields and words (HTML and JSON answers)."""
    send(app, "POST", f"/{lang}/search", body=encode_pairs(form).encode(), Accept=accept or "text/html")


@FUZZ
@given(lang=st.sampled_from(LANGUAGES), words=nasty_text, audience=values, category=values)
def test_search_words(app: Flask, lang: str, words: str, audience: str, category: str) -> None:
    """Search words of every kind, with any audience and category."""
    form = [("q", words), ("audience", audience), ("category", category)]
    send(app, "POST", f"/{lang}/search", body=encode_pairs(form).encode())
    send(app, "GET", f"/{lang}/search", encode_pairs([("audience", audience), ("category", category)]))


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "HEAD"]),
    path=st.sampled_from(["/", "/da/", "/ar/search", "/en/services/danner", "/fa/sheet", "/static/site.css",
                          "/static/site.js", "/api/hsds/services", "/healthz", "/uk/no-such-page"]),
    sent=headers,
)  # fmt: skip
@pytest.mark.slow
def test_any_headers(app: Flask, method: str, path: str, sent: dict[str, str]) -> None:
    """Any Accept-*, Content-Type, Range, Cookie or forwarding header on the main addresses."""
    send(app, method, path, body=b"q=vold" if method == "POST" else None, **sent)


@FUZZ
@given(body=st.binary(max_size=2048), content_type=header_values, lang=st.sampled_from(LANGUAGES))
def test_raw_bodies(app: Flask, body: bytes, content_type: str, lang: str) -> None:
    """Raw bytes as a search body, with any Content-Type (broken multipart, bad charsets, ...)."""
    send(app, "POST", f"/{lang}/search", body=body, **{"Content-Type": content_type})


@FUZZ
@given(lang=st.sampled_from(LANGUAGES), query=pairs)
def test_sheet_builder(app: Flask, lang: str, query: list[tuple[str, str]]) -> None:
    """The handout builder with any choice of services, languages and formats."""
    send(app, "GET", f"/{lang}/sheet", encode_pairs(query))
