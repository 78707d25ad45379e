"""The search page put together from parts rendered in advance is the page rendered whole."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

QUERIES = [
    ("da", "krisecenter"),
    ("da", "han har en kniv"),  # the 112 call-out first
    ("ar", "زوجي يضربني"),
    ("en", "qqqqxxxx"),  # nothing found
    ("da", "krisecentr"),  # "did you mean"
    ("en", "<script>alert('x')</script> & \"shelter\""),  # escaped, in the field and nowhere else
]


@pytest.mark.parametrize(("lang", "query"), QUERIES)
def test_the_assembled_page_is_the_whole_page(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, lang: str, query: str
) -> None:
    fast = client.post(f"/{lang}/search", data={"q": query}).get_data(as_text=True)
    pages = client.application.extensions["helpsite.search_page"]
    monkeypatch.setattr(pages, "_shell", lambda *args: None)  # no shell: the page is rendered whole
    monkeypatch.setattr(pages, "_shells", {})
    whole = client.post(f"/{lang}/search", data={"q": query}).get_data(as_text=True)
    assert fast == whole
    assert "<script>alert" not in fast


def test_what_is_kept_does_not_depend_on_the_words(client: FlaskClient) -> None:
    """Every card of the language is kept, whichever the search showed; the shell holds no words."""
    content = client.application.extensions["helpsite.store"].content
    client.post("/da/search", data={"q": "red center tvangsægteskab"})
    pages = client.application.extensions["helpsite.search_page"]
    kept = set(pages._cards["da"].cards)
    assert kept == {("service", s) for s in content.services} | {("page", p) for p in content.pages}
    assert not any("tvangs" in part for part in pages._shells["da"].parts)
