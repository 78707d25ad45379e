"""The in-memory scores (search/postings.py) add up to what Whoosh's own query gives for the same terms."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import yaml
from flask import Flask
from testdata import RELEVANCE
from whoosh import index as whoosh_index
from whoosh import query as wq

from helpsite.search import analysis, generations, ranking
from helpsite.search.engine import MAX_QUERY_WORDS, clean
from helpsite.search.opened import OpenGeneration

CASES = yaml.safe_load(RELEVANCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(app: Flask, index_dir: Path) -> tuple[OpenGeneration, Path]:
    """The real content's index the shared app serves, opened as the engine opens it (another worker
    may have made its own generation of the same content current since)."""
    name = app.extensions["helpsite.store"].generation
    assert name is not None and generations.content_fingerprint(name) == generations.content_fingerprint(
        generations.read_current(index_dir) or ""
    )
    return OpenGeneration(name, index_dir / name, ranking.FUZZY_FIELDS), index_dir / name


def _whoosh(made: ranking.Query) -> wq.Query:
    """The same search as a Whoosh query tree, as the ranking built it before the scores were kept."""
    return wq.Or(
        [
            wq.Or([wq.Term(f, t, boost=b) for f, t, b in terms], boost=boost)
            for boost, terms in made.alternatives
        ]
    )


def _close(mine: dict[int, float], theirs: dict[int, float]) -> bool:
    return mine.keys() == theirs.keys() and all(math.isclose(mine[d], theirs[d], rel_tol=1e-9) for d in mine)


@pytest.mark.slow
@pytest.mark.parametrize("audience", [None, "victims"], ids=["all", "browsing victims"])
@pytest.mark.parametrize("fuzzy_all", [False, True], ids=["first pass", "fuzzy retry"])
def test_every_relevance_query_scores_as_whoosh_scores_it(
    built: tuple[OpenGeneration, Path], fuzzy_all: bool, audience: str | None
) -> None:
    generation, path = built
    limit = ranking.restriction(generation, audience, None)
    assert limit is None or 0 < len(limit) < len(generation.postings.documents)  # a filter that filters
    # Whoosh's own filter for the same browse, so the texts `restriction` allows are checked too.
    whoosh_filter = wq.And([wq.Term("kind", "service"), wq.Term("audience", audience)]) if audience else None
    differ = []
    ix = whoosh_index.open_dir(str(path), readonly=True)
    with ix.searcher(weighting=ranking.WEIGHTING) as searcher:
        for lang, query, *_ in CASES:
            found = analysis.words(clean(str(query)))[:MAX_QUERY_WORDS]
            made = ranking.query(generation, found, fuzzy_all)
            if not made.alternatives:
                continue
            mine = generation.postings.score(made.alternatives, limit)
            results = searcher.search(_whoosh(made), limit=None, filter=whoosh_filter)
            theirs = {hit.docnum: hit.score for hit in results}
            if not _close(mine, theirs):
                differ.append(f"{lang} {query!r}: {sorted(mine.items())} != {sorted(theirs.items())}")
    ix.close()
    assert len(CASES) > 200
    assert not differ, "\n".join(differ[:5])
