"""Query words through an index field's analyser as plain calls: the same forms, minus Whoosh's tokens."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stemmer_for_language

from .analysis import TOKEN_PATTERN, CompoundFilter, FoldFilter, NormaliseFilter, fold, normalise

_TOKEN = re.compile(TOKEN_PATTERN)
Forms = list[tuple[str, float]]  # (token text, boost) as an analyser yields them


class QueryAnalyzer:
    """An index field's analyser applied to one query word as plain calls, with the same result.

    Why: each query word (and each pair written together) goes through three or four analysers, and
    Whoosh's Token objects and chain of generators cost about as much again as the filters' own work.
    Each step here does to a word what the Whoosh filter of that class does to a token; an analyser
    with any other part, or a word that is not one token, goes through Whoosh as before.
    tests/test_search_analysis.py holds the two equal on every word of the content.
    """

    def __init__(self, analyzer: Any):
        self.analyzer = analyzer
        self.steps = _steps(analyzer)

    def __call__(self, word: str) -> Forms:
        """The (text, boost) of each token the analyser makes of `word` at query time."""
        if self.steps is None or not _TOKEN.fullmatch(word):
            return [(t.text, t.boost) for t in self.analyzer(word, mode="query")]
        forms = [(word, 1.0)]
        for step in self.steps:
            forms = step(forms)
        return forms


def _steps(analyzer: Any) -> list[Callable[[Forms], Forms]] | None:
    """The analyser's filters as functions on (text, boost) lists, or None if one is not known here."""
    items = getattr(analyzer, "items", None)
    first = items[0] if items else None
    if type(first) is not RegexTokenizer or first.expression.pattern != TOKEN_PATTERN or first.gaps:
        return None
    steps: list[Callable[[Forms], Forms]] = []
    for item in items[1:]:
        kind = type(item)
        if kind is LowercaseFilter:
            steps.append(lambda forms: [(t.lower(), b) for t, b in forms])
        elif kind is NormaliseFilter:
            steps.append(lambda forms: [(normalise(t), b) for t, b in forms])
        elif kind is StopFilter:
            steps.append(_stop_step(item.stops, item.min, item.max))
        elif kind is StemFilter:
            stem = stemmer_for_language(item.lang) if item.lang else item.stemfn
            steps.append(_stem_step(stem, item.ignore))
        elif kind is FoldFilter:
            steps.append(lambda forms: [(f, b) for f, b in ((fold(t), b) for t, b in forms) if f])
        elif kind is CompoundFilter:
            steps.append(_compound_step(item))
        else:
            return None
    return steps


def _stop_step(stops: frozenset[str], least: int, most: int | None) -> Callable[[Forms], Forms]:
    return lambda forms: [
        (t, b) for t, b in forms if len(t) >= least and (most is None or len(t) <= most) and t not in stops
    ]


def _stem_step(stem: Callable[[str], str], ignore: Iterable[str]) -> Callable[[Forms], Forms]:
    return lambda forms: [(t if t in ignore else stem(t), b) for t, b in forms]


def _compound_step(compound: CompoundFilter) -> Callable[[Forms], Forms]:
    def step(forms: Forms) -> Forms:
        found = []
        for text, boost in forms:
            found.append((text, boost))
            if len(text) >= 2 * compound.min_part and compound.wordset:
                found += [(part, boost * 0.5) for part in compound.split(text) or ()]
        return found

    return step
