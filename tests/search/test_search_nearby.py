"""Nearby (search/nearby.py) finds what one rapidfuzz call over the whole sorted list finds."""

from __future__ import annotations

import random

import pytest
from flask import Flask
from rapidfuzz import process
from rapidfuzz.distance import OSA

from helpsite.search.nearby import Nearby


def _typos(words: list[str], rng: random.Random) -> list[str]:
    """Each word with a letter dropped, doubled, swapped or changed, as thumbs do it."""
    found = []
    for word in words:
        i = rng.randrange(len(word))
        found += [word[:i] + word[i + 1 :], word[:i] + word[i] + word[i:], word[:i] + "x" + word[i + 1 :]]
        if len(word) > 1 and i < len(word) - 1:
            found.append(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return [w for w in found if w]


@pytest.mark.slow
def test_the_same_words_in_the_same_order_as_one_call_over_the_list(app: Flask) -> None:
    rng = random.Random(7)
    engine = app.extensions["helpsite.search"]
    engine.search("krisecenter", "da")
    words = sorted(engine._current().vocabulary.fields["plain"])
    nearby = Nearby(words)
    probes = rng.sample(words, 200)
    probes += _typos(probes, rng) + ["", "a", "ø", "krisecentre", "voldsudøver", "يضربني", "x" * 30]
    for word in probes:
        for maxdist, limit in ((1, 8), (2, 8), (3, 20), (2, 3)):
            whole = process.extract(
                word, words, scorer=OSA.distance, score_cutoff=maxdist, limit=limit, processor=None
            )
            assert nearby.near(word, maxdist, limit) == [(w, int(d)) for w, d, _ in whole], (word, maxdist)
