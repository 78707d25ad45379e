"""A search keeps nothing of its words: after the request no object in the process holds them.

Not only the caches we know of (functools.lru_cache, Whoosh's stem cache): the whole object graph is
walked, from every object the garbage collector tracks down through what each refers to (and every
dict's keys, which the collector does not visit when they are strings), so a dict of plain strings,
which CPython stops tracking, is seen too.
"""

from __future__ import annotations

import functools
import gc
import secrets
import types

import pytest
from flask.testing import FlaskClient

from helpsite.search import analysis

# Each test walks every object in the process with gc after each request (half a minute or more):
# `make test` runs them, `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

CONSONANTS = "bcdfghjklmnpqrtvwxz"  # no vowels and no s: no stemmer or folding changes the word


def new_word() -> str:
    """A word no text has, made at run time (a literal would sit in this module's code)."""
    return "".join(secrets.choice(CONSONANTS) for _ in range(12))


def holders(word: str) -> list[str]:
    """The kinds of object that hold a string or bytes containing `word` (frames left out)."""
    gc.collect()
    needle = word.encode()
    found: list[str] = []
    seen: set[int] = set()
    # Frames are the code running now (this test, with the word in its locals), not what is kept.
    stack: list[tuple[object, str]] = [
        (o, "gc") for o in gc.get_objects() if not isinstance(o, types.FrameType)
    ]
    while stack:
        obj, parent = stack.pop()
        if id(obj) in seen or isinstance(obj, types.FrameType):
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            if word in obj:
                found.append(parent)
            continue
        if isinstance(obj, (bytes, bytearray)):
            if needle in obj:
                found.append(parent)
            continue
        name = type(obj).__name__
        stack.extend((child, name) for child in gc.get_referents(obj))
        if isinstance(obj, dict):  # a dict with only string keys does not report its keys to the gc
            stack.extend((key, name) for key in list(obj))
    return found


def test_the_detector_finds_a_word_kept_in_a_plain_dict_or_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check below can fail: a word in a module's dict of strings, or in an lru_cache, is found."""
    kept = new_word()
    monkeypatch.setattr(analysis, "_kept_for_the_test", {kept: "x"}, raising=False)
    assert holders(kept) == ["dict"]
    cached = new_word()
    remember = functools.lru_cache(maxsize=8)(str.upper)
    remember(cached.upper().lower())  # a new string, not the local
    monkeypatch.setattr(analysis, "_cache_for_the_test", remember, raising=False)
    assert holders(cached)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Accept": "application/json"}, {"X-Fragment": "results"}],
    ids=["html", "json", "fragment"],
)
def test_no_word_of_a_search_is_kept(client: FlaskClient, headers: dict[str, str]) -> None:
    word = new_word()
    # The word unknown (fuzzy lookup, "did you mean"), with words of the index and of a situation,
    # in capitals and with a Danish letter, so every step of the analysis sees it.
    for query in (f"kvinde krisecenter {word}", f"{word.upper()}æ han har en kniv", word):
        response = client.post("/da/search", data={"q": query}, headers=headers)
        assert response.status_code == 200
        response.close()
        del response, query
    assert holders(word) == []
    assert analysis.words.__class__ is types.FunctionType  # no cache around the query's words
