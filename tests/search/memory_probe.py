"""Run by test_search_memory.py in a process of its own: searches, then looks for their words in memory.

A fresh process holds what a site worker holds (the app, its content and index) and none of the
hundreds of apps and pages the other tests leave in a test worker, so walking every object takes
seconds, not a minute per look. Prints one JSON object: what held each word, per kind of answer.

    python tests/search/memory_probe.py INDEX_DIR   (the real content's index, already built)
"""

from __future__ import annotations

import functools
import gc
import json
import logging
import secrets
import sys
import types
from pathlib import Path

CONSONANTS = "bcdfghjklmnpqrtvwxz"  # no vowels and no s: no stemmer or folding changes the word
HEADERS = {"html": {}, "json": {"Accept": "application/json"}, "fragment": {"X-Fragment": "results"}}


def new_word() -> str:
    """A word no text has, made at run time (a literal would sit in this module's code)."""
    return "".join(secrets.choice(CONSONANTS) for _ in range(12))


def holders(word: str) -> list[str]:
    """The kinds of object that hold a string or bytes containing `word` (frames left out)."""
    gc.collect()
    needle = word.encode()
    found: list[str] = []
    seen: set[int] = set()
    # Frames are the code running now (this probe, with the word in its locals), not what is kept.
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


def detector() -> dict[str, list[str]]:
    """The walk can fail: a word in a module's dict of strings, or in an lru_cache, is found."""
    kept = new_word()
    sys.modules[__name__].__dict__["_kept_for_the_probe"] = {kept: "x"}
    in_dict = holders(kept)
    del sys.modules[__name__].__dict__["_kept_for_the_probe"]
    cached = new_word()
    remember = functools.lru_cache(maxsize=8)(str.upper)
    remember(cached.upper().lower())  # a new string, not the local
    sys.modules[__name__].__dict__["_cache_for_the_probe"] = remember
    in_cache = holders(cached)
    return {"dict": in_dict, "lru_cache": in_cache}


def searched(client: object, headers: dict[str, str]) -> list[str]:
    """Three searches with a new word, then what holds it."""
    word = new_word()
    # The word unknown (fuzzy lookup, "did you mean"), with words of the index and of a situation,
    # in capitals and with a Danish letter, so every step of the analysis sees it.
    for query in (f"kvinde krisecenter {word}", f"{word.upper()}æ han har en kniv", word):
        response = client.post("/da/search", data={"q": query}, headers=headers)  # type: ignore[attr-defined]
        if response.status_code != 200:
            return [f"status {response.status_code}"]
        response.close()
        del response, query
    return holders(word)


def main(index_dir: Path) -> None:
    """Start the app over the real content and its built index, probe, print the findings as JSON."""
    logging.disable(logging.WARNING)  # the content's warnings are the other tests' to read
    from helpsite import create_app
    from helpsite.search import analysis

    client = create_app({"TESTING": True, "INDEX_DIR": index_dir}).test_client()
    found: dict[str, object] = {"detector": detector()}
    found |= {kind: searched(client, headers) for kind, headers in HEADERS.items()}
    found["words_uncached"] = analysis.words.__class__ is types.FunctionType  # no cache around them
    print(json.dumps(found))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
