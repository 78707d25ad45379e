"""Query words through an index field's analyser as plain calls: the same forms, minus Whoosh's tokens."""

from __future__ import annotations

import re
from collections.abc import Callable
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
    Each step here does to a word what the Whoosh filter of that class does to a token (None: the
    filter drops it); a compound split may come last. An analyser with any other part, or a word that
    is not one token, goes through Whoosh as before.
    tests/search/test_search_analysis.py holds the two equal on every word of the content.
    """

    def __init__(self, analyzer: Any):
        self.analyzer = analyzer
        self.steps, self.compound = _compile(analyzer)

    def __call__(self, word: str) -> Forms:
        """The (text, boost) of each token the analyser makes of `word` at query time."""
        if self.steps is None or not _TOKEN.fullmatch(word):
            return [(t.text, t.boost) for t in self.analyzer(word, mode="query")]
        text = word
        for step in self.steps:
            stepped = step(text)
            if stepped is None:
                return []
            text = stepped
        forms = [(text, 1.0)]
        compound = self.compound
        if compound is not None and len(text) >= 2 * compound.min_part and compound.wordset:
            forms += [(part, 0.5) for part in compound.split(text) or ()]  # as CompoundFilter boosts them
        return forms


Step = Callable[[str], "str | None"]


def _compile(analyzer: Any) -> tuple[list[Step] | None, CompoundFilter | None]:
    """The analyser's filters as functions on one word, and its compound splitter (None, None: unknown)."""
    items = getattr(analyzer, "items", None)
    if not items:
        return None, None
    first = items[0]
    if type(first) is not RegexTokenizer or first.expression.pattern != TOKEN_PATTERN or first.gaps:
        return None, None
    steps: list[Step] = []
    for number, item in enumerate(items[1:], start=2):
        kind = type(item)
        if kind is LowercaseFilter:
            steps.append(str.lower)
        elif kind is NormaliseFilter:
            steps.append(normalise)
        elif kind is StopFilter:
            steps.append(_stop(item.stops, item.min, item.max))
        elif kind is StemFilter:
            steps.append(_stem(stemmer_for_language(item.lang) if item.lang else item.stemfn, item.ignore))
        elif kind is FoldFilter:
            steps.append(lambda text: fold(text) or None)
        elif kind is CompoundFilter and number == len(items):
            return steps, item
        else:
            return None, None
    return steps, None


def _stop(stops: frozenset[str], least: int, most: int | None) -> Step:
    return lambda text: (
        text if len(text) >= least and (most is None or len(text) <= most) and text not in stops else None
    )


def _stem(stem: Callable[[str], str], ignore: frozenset[str]) -> Step:
    return (lambda text: text if text in ignore else stem(text)) if ignore else stem
