"""The common search answered in front of Flask (web/search_answer.py) is Flask's answer, byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

CASES = yaml.safe_load((Path(__file__).parent / "search_relevance.yml").read_text(encoding="utf-8"))
ODD = [
    ("da", "han har en kniv"),  # the 112 call-out first
    ("en", "<script>alert('x')</script> & \"shelter\""),  # escaped, in the field and nowhere else
    ("uk", "мій чоловік б'є мене"),
    ("fa", "همسرم\u200cمرا می\u200cزند"),  # a zero-width non-joiner
    ("da", "  krise\tcenter  "),
    ("da", "x" * 300),  # cut at 200 characters
]


@pytest.fixture
def answered(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths the fast answer sent (every other request went to Flask)."""
    answer = app.wsgi_app.wsgi_app  # PageCache -> SearchAnswer
    sent: list[str] = []
    send = answer.send

    def spy(environ: dict, start_response: object) -> object:
        sent.append(environ["PATH_INFO"])
        return send(environ, start_response)

    monkeypatch.setattr(answer, "send", spy)
    yield sent


def _flask_only(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app.wsgi_app.wsgi_app, "_answer", lambda *args: None)


# What the search page's form sends: both filters, empty unless chosen (the header's box sends q alone).
FORM = {"audience": "", "category": ""}


def _post(client: FlaskClient, lang: str, query: str, headers: dict[str, str]) -> tuple[str, list, bytes]:
    form = {"q": query, **(FORM if len(query) % 2 else {})}  # half the queries each way
    response = client.post(f"/{lang}/search", data=form, headers=headers)
    return response.status, list(response.headers), response.data


@pytest.mark.parametrize(
    "headers",
    [
        {"Accept-Encoding": "br"},
        {"Accept-Encoding": "gzip"},
        {},
        {"X-Fragment": "results", "Accept-Encoding": "br"},
    ],
    ids=["br", "gzip", "identity", "results alone"],
)
def test_the_answer_is_flasks_answer(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch, answered: list[str], headers: dict
) -> None:
    queries = [(lang, str(query)) for lang, query, *_ in CASES] + ODD
    for lang, query in queries:  # the first of each language renders the parts, in Flask
        client.post(f"/{lang}/search", data={"q": query}, headers=headers)
    answered.clear()
    fast = [_post(client, lang, query, headers) for lang, query in queries]
    assert len(answered) >= len(queries) * 0.8  # most searches find something: those are answered here
    _flask_only(app, monkeypatch)
    whole = [_post(client, lang, query, headers) for lang, query in queries]
    differ = [q for q, a, b in zip(queries, fast, whole, strict=True) if a != b]
    assert not differ, differ[:5]


def test_a_search_is_answered_without_flask_once_its_parts_are_rendered(make_app) -> None:
    app = make_app()
    client = app.test_client()
    assert client.post("/pl/search", data={"q": "przemoc"}).status_code == 200  # Flask renders the parts

    def no_flask(*args: object) -> None:
        raise AssertionError("Flask's view was asked")

    app.view_functions["site.search"] = no_flask
    response = client.post("/pl/search", data={"q": "przemoc domowa"})
    assert response.status_code == 200
    assert "przemoc domowa" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "data", "headers"),
    [
        ("/da/search", {"q": "krisecenter"}, {"Accept": "application/json"}),
        ("/da/search", {"q": "krisecenter", "audience": "victims"}, {}),
        ("/da/search", {"q": "krisecenter", "audience": "", "category": "crisis-centre"}, {}),
        ("/da/search?audience=victims", {"q": "krisecenter"}, {}),
        ("/xx/search", {"q": "krisecenter"}, {}),
        ("/da/search", {"q": "qqqqxxxxzzzz"}, {}),  # nothing found: "did you mean" and the lines to call
        ("/da/search", {"q": "x" * 20000}, {}),  # over the limit: Flask's 413
    ],
)
def test_everything_else_is_flasks(
    client: FlaskClient, answered: list[str], path: str, data: dict, headers: dict
) -> None:
    client.post("/da/search", data={"q": "krisecenter"})  # the Danish parts are rendered
    answered.clear()
    response = client.post(path, data=data, headers=headers)
    assert answered == []
    assert response.status_code in (200, 404, 413)


@pytest.mark.parametrize("form", [FORM, {"audience": "nobody", "category": ""}, {"category": ""}])
def test_empty_or_unknown_filters_are_no_filter_here_too(
    client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch, answered: list[str], form: dict
) -> None:
    client.post("/da/search", data={"q": "krisecenter"})
    answered.clear()
    fast = client.post("/da/search", data={"q": "krisecenter", **form})
    assert answered == ["/da/search"]
    _flask_only(app, monkeypatch)
    whole = client.post("/da/search", data={"q": "krisecenter", **form})
    assert (fast.status, list(fast.headers), fast.data) == (whole.status, list(whole.headers), whole.data)


def test_a_body_flask_must_read_reaches_it_whole(client: FlaskClient, answered: list[str]) -> None:
    """Read here and handed on: Flask still sees every field (a filter sends the page to Flask)."""
    client.post("/da/search", data={"q": "krisecenter"})
    answered.clear()
    response = client.post(
        "/da/search", data={"q": "krisecenter", "audience": "victims"}, headers={"Accept": "application/json"}
    )
    assert answered == []
    assert response.get_json()["query"] == "krisecenter"
    assert response.get_json()["results"]


def test_a_body_that_is_not_utf8_is_read_as_flask_reads_it(
    client: FlaskClient, app: Flask, monkeypatch
) -> None:
    raw = b"q=kris\xe6center&x=%ff"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    client.post("/da/search", data=raw, headers=headers)
    fast = client.post("/da/search", data=raw, headers=headers)
    _flask_only(app, monkeypatch)
    whole = client.post("/da/search", data=raw, headers=headers)
    assert (fast.status, list(fast.headers), fast.data) == (whole.status, list(whole.headers), whole.data)
