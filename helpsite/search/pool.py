"""One opened index generation: its words for typo tolerance, and a pool of searchers for the threads."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import index as whoosh_index
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from . import analysis
from .generations import WORDS_FILE


class Vocabulary:
    """The indexed words of a generation, for typo tolerance and "did you mean" (edit distances in C)."""

    def __init__(self, reader: Any, fields: Iterable[str]):
        self.fields = {field: frozenset(reader.field_terms(field)) for field in fields}
        self.words = sorted(set().union(*self.fields.values()))
        self.texts = sorted(self.fields["plain"])  # words as written (not stems): for "did you mean"
        # By first letter: most typos spare it, and it cuts the candidates twentyfold.
        self.by_initial: dict[str, list[str]] = {}
        for word in self.words:
            self.by_initial.setdefault(word[0], []).append(word)

    def near(self, word: str, maxdist: int, prefix: int = 1, limit: int = 8) -> list[tuple[str, int]]:
        """Indexed words within `maxdist` edits of `word`, nearest first."""
        choices = self.by_initial.get(word[0], []) if prefix else self.texts
        found = process.extract(
            word, choices, scorer=OSA.distance, score_cutoff=maxdist, limit=limit, processor=None
        )
        return [(term, int(distance)) for term, distance, _ in found if term != word]


class OpenGeneration:
    """One opened index generation and a pool of searchers, each used by one thread at a time."""

    def __init__(self, name: str, path: Path, weighting: WeightingModel, fuzzy_fields: Iterable[str]):
        self.name = name
        self.index = whoosh_index.open_dir(str(path), readonly=True)
        self.schema = self.index.schema
        for field in self.schema.names():  # queries go through these analyzers: nothing may keep them
            analysis.without_caches(self.schema[field].analyzer)
        self.weighting = weighting
        words = json.loads((path / WORDS_FILE).read_text("utf-8"))
        self.spellings: dict[str, str] = words["spellings"]
        self.phrases: dict[str, list[int]] = words["phrases"]
        self.longest = max((k.count(" ") + 1 for k in self.phrases), default=1)
        self._idle: list[Searcher] = []
        self._lock = threading.Lock()
        self._retired = False
        searcher = self.acquire()
        try:
            reader = searcher.reader()
            self.vocabulary = Vocabulary(reader, fuzzy_fields)
            # Every (field, term) of the index in memory: asking the reader goes to its on-disk hash
            # table each time, and a query asks it for every word in every field (a fifth of its time).
            indexed = [name for name in self.schema.names() if self.schema[name].indexed]
            self.terms = frozenset((f, t) for f in indexed for t in reader.field_terms(f))
        finally:
            self.release(searcher)

    def acquire(self) -> Searcher:
        """A searcher no other thread is using."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self.index.searcher(weighting=self.weighting)

    def release(self, searcher: Searcher) -> None:
        """Give a searcher back (closed when this generation has been replaced)."""
        with self._lock:
            if not self._retired:
                self._idle.append(searcher)
                return
        searcher.close()

    def retire(self) -> None:
        """Close the idle searchers now; busy ones are closed when they come back."""
        with self._lock:
            self._retired = True
            idle, self._idle = self._idle, []
        for searcher in idle:
            searcher.close()
