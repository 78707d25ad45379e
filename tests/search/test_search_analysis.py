"""A query word gets the same forms from search/query_analyzer.py as from the index's Whoosh analysers."""

from __future__ import annotations

import pytest
import yaml
from flask import Flask
from testdata import RELEVANCE
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter

from helpsite.search import analysis
from helpsite.search.engine import clean
from helpsite.search.indexing import _texts, schema
from helpsite.search.query_analyzer import QueryAnalyzer

CASES = yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def words(app: Flask) -> list[str]:
    """Every word of the content and of the relevance set, each pair of them written together, odd ones."""
    content = app.extensions["helpsite.store"].content
    found = {w for item in (*content.services.values(), *content.pages.values()) for _, t in _texts(item)
             for w in analysis.words(t)}  # fmt: skip
    queries = [analysis.words(clean(str(q))) for _, q, *_ in CASES]
    found |= {w for q in queries for w in q} | {
        a + b for q in queries for a, b in zip(q, q[1:], strict=False)
    }
    # A stop word, one letter, apostrophes, marks, a centre, digits, capitals, not one token.
    found |= {"og", "i", "б'є", "ćwicz", "مُساعدة", "krisecentrene", "1888", "ÆRE", "to words", ""}
    return sorted(found)


@pytest.mark.slow
def test_every_field_gives_the_forms_whoosh_gives(app: Flask, words: list[str]) -> None:
    fields = schema(app.extensions["helpsite.store"].content)
    compiled = 0
    for name in fields.names():
        analyzer = fields[name].analyzer
        mine = QueryAnalyzer(analyzer)
        compiled += mine.steps is not None
        differ = [
            (word, mine(word), theirs)
            for word in words
            if mine(word) != (theirs := [(t.text, t.boost) for t in analyzer(word, mode="query")])
        ]
        assert not differ, f"{name}: {differ[:5]}"
    assert compiled >= 5  # title, plain, da, en, ar: the fields a query word goes through
    assert len(words) > 5000


def test_an_analyser_with_a_part_it_does_not_know_goes_through_whoosh() -> None:
    unknown = RegexTokenizer(analysis.TOKEN_PATTERN) | LowercaseFilter() | StopFilter(stoplist=["x"])
    assert QueryAnalyzer(unknown).steps is not None  # StopFilter is known ...
    odd = RegexTokenizer(r"\w+") | LowercaseFilter()  # ... a tokenizer with another pattern is not
    assert QueryAnalyzer(odd).steps is None
    assert QueryAnalyzer(odd)("Krise-Center") == [("krise", 1.0), ("center", 1.0)]
