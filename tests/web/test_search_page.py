"""One path for a search: the Flask view renders the page or the results part, with cards kept per
language and minute, and the answer leaves padded to one of a few sizes."""

from __future__ import annotations

import gzip

import pytest
from flask.testing import FlaskClient

from helpsite.web import padding

QUERIES = [
    ("da", "krisecenter"),
    ("da", "han har en kniv"),  # the 112 call-out first
    ("ar", "زوجي يضربني"),
    ("en", "qqqqxxxx"),  # nothing found
    ("da", "krisecentr"),  # "did you mean"
    ("en", "<script>alert('x')</script> & \"shelter\""),  # escaped, in the field and nowhere else
    ("uk", "я вчителька учень розповів що батько його бє і я не знаю що робити далі з цим"),
]
CHROME = {"Accept-Encoding": "gzip, deflate, br, zstd"}


@pytest.mark.parametrize("alone", [False, True], ids=["page", "results alone (site.js)"])
@pytest.mark.parametrize(("lang", "query"), QUERIES)
def test_every_search_answer_has_one_of_a_few_sizes(
    client: FlaskClient, lang: str, query: str, alone: bool
) -> None:
    headers = {**CHROME, **({"X-Fragment": "results"} if alone else {})}
    answer = client.post(f"/{lang}/search", data={"q": query}, headers=headers)
    assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "gzip"
    assert len(answer.data) == 4096  # the first bucket holds every answer of the relevance queries' size
    html = gzip.decompress(answer.data).decode()
    assert "<script>alert" not in html
    assert ("<html" in html) is not alone


def test_a_client_without_gzip_gets_a_padded_page(client: FlaskClient) -> None:
    answer = client.post("/da/search", data={"q": "krisecenter"}, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in answer.headers
    assert len(answer.data) % padding.IDENTITY_STEP == 0 and answer.data.endswith(b" -->")


@pytest.mark.parametrize("size", [0, 100, 4000, 4076, 4077, 9000, 13000, 70000])
def test_padding_is_exact_and_reads_back(size: int) -> None:
    body = bytes(range(256)) * (size // 256) + b"x" * (size % 256)  # barely compressible
    packed = padding.gzip_padded(body)
    assert gzip.decompress(packed) == body
    assert len(packed) in padding.BUCKETS or len(packed) % padding.BUCKETS[-1] == 0


def test_what_is_kept_does_not_depend_on_the_words(client: FlaskClient) -> None:
    """Every card of the language is kept, whichever the search showed; nothing else is kept."""
    content = client.application.extensions["helpsite.store"].content
    client.post("/da/search", data={"q": "red center tvangsægteskab"})
    kept = client.application.extensions["helpsite.cards"]
    assert set(kept._kept["da"].cards) == {("service", s) for s in content.services} | {
        ("page", p) for p in content.pages
    }
