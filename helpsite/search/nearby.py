"""Words within a few edits of a word: what rapidfuzz's `extract` finds in a sorted list, only faster."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


class Nearby:
    """A list of words, kept sorted and by length, for typo tolerance.

    Why by length: an edit (a swap too) changes a word's length by one letter at most, so only words
    within `maxdist` letters of its length can be near: asking rapidfuzz about those alone is a few
    times faster than about the whole list. `extract` gives the nearest first and, among equally near
    ones, the first in the list (alphabetical here); merging the lengths' answers in that same order
    gives exactly what one call over the whole sorted list gives (tests/search/test_search_nearby.py).
    """

    def __init__(self, words: Iterable[str]):
        self.by_length: dict[int, list[str]] = {}
        for word in sorted(set(words)):
            self.by_length.setdefault(len(word), []).append(word)

    def near(self, word: str, maxdist: int, limit: int) -> list[tuple[str, int]]:
        """The `limit` words nearest `word` within `maxdist` edits (itself too, if listed): nearest first."""
        found = []
        for length in range(len(word) - maxdist, len(word) + maxdist + 1):
            choices = self.by_length.get(length)
            if choices:
                found += process.extract(
                    word, choices, scorer=OSA.distance, score_cutoff=maxdist, limit=limit, processor=None
                )
        found.sort(key=lambda item: (item[1], item[0]))
        return [(term, int(distance)) for term, distance, _ in found[:limit]]
