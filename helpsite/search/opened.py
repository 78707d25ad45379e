"""One opened index generation, all in memory: its analysers, its words for typo tolerance, its scores."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from whoosh import index as whoosh_index

from . import analysis
from .generations import WORDS_FILE
from .nearby import Nearby
from .postings import Postings
from .query_analyzer import QueryAnalyzer


class Vocabulary:
    """The indexed words of a generation, for typo tolerance and "did you mean" (edit distances in C)."""

    def __init__(self, fields: Mapping[str, Iterable[str]]):
        self.fields = {field: frozenset(terms) for field, terms in fields.items()}
        # By first letter: most typos spare it, and it cuts the candidates twentyfold.
        initials: dict[str, list[str]] = {}
        for word in set().union(*self.fields.values()):
            initials.setdefault(word[0], []).append(word)
        self.by_initial = {initial: Nearby(words) for initial, words in initials.items()}
        self.texts = Nearby(self.fields["plain"])  # words as written (not stems): for "did you mean"

    def near(self, word: str, maxdist: int, prefix: int = 1, limit: int = 8) -> list[tuple[str, int]]:
        """Indexed words within `maxdist` edits of `word`, nearest first."""
        choices = self.by_initial.get(word[0]) if prefix else self.texts
        found = choices.near(word, maxdist, limit) if choices is not None else []
        return [(term, distance) for term, distance in found if term != word]


class OpenGeneration:
    """One index generation, read into memory when opened: searching it opens no file.

    The Whoosh index itself is opened only for its schema (the analysers a query goes through, the
    ones that analysed the texts) and closed again; the scores come from postings.json (postings.py).
    """

    def __init__(self, name: str, path: Path, fuzzy_fields: Iterable[str]):
        self.name = name
        ix = whoosh_index.open_dir(str(path), readonly=True)
        try:
            self.schema = ix.schema
        finally:
            ix.close()
        # A query goes through the analysers its field was indexed with; nothing in them may keep it.
        self.analyzers: dict[str, QueryAnalyzer] = {}
        shared: dict[int, QueryAnalyzer] = {}  # title and plain share one: a word is analysed once
        for field in self.schema.names():
            analyzer = self.schema[field].analyzer
            if analyzer is not None:
                analysis.without_caches(analyzer)
                if id(analyzer) not in shared:
                    shared[id(analyzer)] = QueryAnalyzer(analyzer)
                self.analyzers[field] = shared[id(analyzer)]
        words = json.loads((path / WORDS_FILE).read_text("utf-8"))
        self.spellings: dict[str, str] = words["spellings"]
        self.phrases: dict[str, list[int]] = words["phrases"]
        self.longest = max((k.count(" ") + 1 for k in self.phrases), default=1)
        self.postings = Postings.read(path)
        by_field: dict[str, list[str]] = {field: [] for field in fuzzy_fields}
        for field, term in self.postings.terms:
            if field in by_field:
                by_field[field].append(term)
        self.vocabulary = Vocabulary(by_field)
