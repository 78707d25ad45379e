"""Each indexed term's score in each text, worked out by Whoosh once per generation and kept in memory.

Why not let Whoosh score each query: measured over the relevance queries, building and running Whoosh's
matchers (a term reader, a scorer and a wrapper per term, a union tree, a collector) took more time than
all the rest of a search request together, to add up a handful of numbers over 21 texts. A term's BM25F
score in a text depends only on the index (the term's frequency there, the text's length, how many texts
have the term), never on the query, so the builder asks Whoosh's own scorer for every (field, term, text)
once, writes the numbers beside the index, and a query only adds them up the way Whoosh's query tree
would (`score`): the same numbers, from one dict lookup per term. Whoosh stays the index: it analyses,
stores and scores the texts; only the adding up happens here. tests/search/test_search_scores.py holds the
two to the same ranking.

Nothing here keeps a query: the tables are written from the index alone, and `score` returns what it adds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.scoring import WeightingModel

from .generations import POSTINGS_FILE

Term = tuple[str, str]  # (field, term as indexed)
Alternative = tuple[float, Sequence[tuple[str, str, float]]]  # (boost, [(field, term, boost)]): Or of Terms


def write(folder: Path, weighting: WeightingModel) -> None:
    """Score every term of the Whoosh index in `folder` in every text it occurs in, into POSTINGS_FILE."""
    ix = whoosh_index.open_dir(str(folder), readonly=True)
    try:
        with ix.searcher(weighting=weighting) as searcher:
            reader, schema = searcher.reader(), searcher.schema  # ix.schema reads the disk each time
            documents = [[fields["kind"], fields["id"]] for fields in reader.all_stored_fields()]
            fields: dict[str, dict[str, list[list[float]]]] = {}
            for name, text in reader.all_terms():
                # The matcher and scorer a Whoosh query would use for this term: its numbers, exactly.
                matcher = searcher.postings(name, text, weighting=weighting)
                found = []
                while matcher.is_active():
                    found.append([matcher.id(), matcher.score()])
                    matcher.next()
                term = schema[name].from_bytes(text)
                fields.setdefault(name, {})[term] = found
    finally:
        ix.close()
    table = {"documents": documents, "fields": fields}
    (folder / POSTINGS_FILE).write_text(json.dumps(table, ensure_ascii=False), "utf-8")


@dataclass(frozen=True)
class Postings:
    """One generation's texts (kind, id) by number, and (field, term) -> ((text number, score), ...)."""

    documents: tuple[tuple[str, str], ...]
    terms: dict[Term, tuple[tuple[int, float], ...]]

    @classmethod
    def read(cls, folder: Path) -> Postings:
        """The tables `write` left in a generation's folder."""
        table = json.loads((folder / POSTINGS_FILE).read_text("utf-8"))
        terms = {
            (name, term): tuple((int(doc), score) for doc, score in found)
            for name, by_term in table["fields"].items()
            for term, found in by_term.items()
        }
        return cls(tuple((kind, ident) for kind, ident in table["documents"]), terms)

    def __contains__(self, term: object) -> bool:
        return term in self.terms

    def frequency(self, name: str, term: str) -> int:
        """How many texts have the term in the field."""
        return len(self.terms.get((name, term), ()))

    def texts(self, name: str, term: str) -> frozenset[int]:
        """The numbers of the texts that have the term in the field."""
        return frozenset(doc for doc, _ in self.terms.get((name, term), ()))

    def score(self, alternatives: Iterable[Alternative], allowed: frozenset[int] | None) -> dict[int, float]:
        """Text number -> score of a Whoosh `Or` of `Or`s of boosted `Term`s, as Whoosh adds it up.

        Whoosh multiplies an `Or`'s boost in only when it has two parts or more (with one, it hands
        back the part's own matcher): the ranking's weights were tuned on that, so it holds here too.
        """
        total: dict[int, float] = {}
        for boost, terms in alternatives:
            inner: dict[int, float] = {}
            for name, term, weight in terms:
                for doc, value in self.terms.get((name, term), ()):
                    if allowed is None or doc in allowed:
                        inner[doc] = inner.get(doc, 0.0) + (value * weight if weight != 1.0 else value)
            scale = boost if len(terms) > 1 else 1.0
            for doc, value in inner.items():
                total[doc] = total.get(doc, 0.0) + (value * scale if scale != 1.0 else value)
        return total


def best(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (text number, score), in Whoosh's order: score down, then text number up."""
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
