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


@pytest.mark.parametrize("alone", [False, True], ids=["page", "results alone (site.js)"])
@pytest.mark.parametrize(("lang", "query"), QUERIES)
def test_the_assembled_page_is_the_whole_page(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, lang: str, query: str, alone: bool
) -> None:
    headers = {"X-Fragment": "results"} if alone else {}
    fast = client.post(f"/{lang}/search", data={"q": query}, headers=headers).get_data(as_text=True)
    pages = client.application.extensions["helpsite.search_page"]
    # No shell and no parts around the cards: the page is rendered whole.
    monkeypatch.setattr(pages, "_shell", lambda *args: None)
    monkeypatch.setattr(pages, "_shells", {})
    monkeypatch.setattr(pages, "_around_cards", lambda *args: {})
    monkeypatch.setattr(pages, "_results", {})
    whole = client.post(f"/{lang}/search", data={"q": query}, headers=headers).get_data(as_text=True)
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
    # The parts around the cards: for every number of cards, alone or in the page, urgent or not.
    around = pages._results["da"].parts
    assert set(around) == {(n, alone, urgent) for n in range(1, 11) for alone in (0, 1) for urgent in (0, 1)}
    assert not any("tvangs" in part for parts in around.values() for part in parts)
