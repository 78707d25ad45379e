"""How a query is matched and ranked: exact, stemmed, synonym, phrase and fuzzy terms, and their weights."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from . import analysis
from .pool import OpenGeneration
from .synonyms import concept

MAX_RESULTS = 10
RARITY_FLOOR = 0.3  # the weight of a word found in every text, against 1 for a rare one
COMMON = 0.6  # a word in this share of the texts or more is common
PHRASE = 2.0  # a synonym phrase found in a query, against 1 for a word
COVERAGE_FLOOR = 0.5  # the share of its score a text keeps when it has few of several query words

# How much a match in each field counts. Names say most; synonyms are the editors' own words.
BOOSTS = {
    "title": 1.5,
    "plain": 1.0,
    "da": 1.0,
    "en": 1.0,
    "ar": 1.0,
    "syn": 1.0,
    "namesyn": 2.0,
    "number": 8.0,
}
FUZZY_FIELDS = {"title": 1.2, "plain": 0.7, "syn": 0.7}
# No length normalisation for synonyms (a text naming many topics is not worse for it); little for names.
WEIGHTING = BM25F(syn_B=0.0, namesyn_B=0.0, title_B=0.3)

Terms = list[tuple[str, str, float]]  # (field, term, boost)


@dataclass(frozen=True)
class Hit:
    """One result: a service or a page, by id."""

    kind: str  # "service" | "page"
    id: str
    score: float = 0.0
    snippet: str | None = None


def run(
    searcher: Searcher,
    generation: OpenGeneration,
    found: Sequence[str],
    limit: wq.Query | None,
    fuzzy_all: bool,
) -> tuple[Hit, ...]:
    """One search: each word in every field; unknown words (or all, on retry) also by near spellings."""
    reader = searcher.reader()
    known = generation.terms  # the index's (field, term) pairs, in memory
    documents = max(reader.doc_count(), 1)
    alternatives: list[wq.Query] = []
    owners: dict[tuple[str, str], set[int]] = {}  # which query words a term stands for
    counted: set[int] = set()
    # A phrase from the synonyms file ("min mand", "safe house") stands for its group; its words
    # alone then count for less ("mand" is also the men's centre).
    keys = [analysis.key(w) for w in found]
    in_phrase: set[int] = set()
    for n in range(min(generation.longest, len(found)), 1, -1):
        for i in range(len(found) - n + 1):
            groups = generation.phrases.get(" ".join(keys[i : i + n]), ())
            terms = [(f, concept(g), BOOSTS[f]) for g in groups for f in ("syn", "namesyn")]
            terms = [(f, t, b) for f, t, b in terms if (f, t) in known]
            if terms and not in_phrase.intersection(range(i, i + n)):
                in_phrase.update(range(i, i + n))
                for f, t, _ in terms:
                    owners.setdefault((f, t), set()).update(range(i, i + n))
                rarity = _rarity(_share(reader, terms, documents), documents)
                alternatives.append(_any(terms, rarity * PHRASE))
    for number, word in enumerate(found):
        terms = [(f, t, b) for f, t, b in _exact(generation, word) if (f, t) in known]
        if not terms and len(found) > 1 and len(word) < 3:
            continue  # a short unknown word ("i", "a") only adds noise
        share = _share(reader, terms, documents)
        rarity = _rarity(share, documents)
        if len(found) > 1 and share >= COMMON:
            # A word most texts have ("vold", "uden") says little beside others; searched in every
            # field it would cost more than all the rest of the query.
            terms = [(f, t, b) for f, t, b in terms if f in ("title", "plain")]
        elif fuzzy_all or not terms:
            terms += _fuzzy(generation, word, {t for _, t, _ in terms})
        rarity *= 0.5 if number in in_phrase else 1.0
        if not terms:
            continue
        counted.add(number)
        for f, t, _ in terms:
            owners.setdefault((f, t), set()).add(number)
        alternatives.append(_any(terms, rarity))
    digits = "".join(w for w in found if w.isdigit())
    if len(digits) >= 3 and ("number", digits) in known:  # "33 33 00 47" is one phone number
        owners[("number", digits)] = {i for i, w in enumerate(found) if w.isdigit()}
        alternatives.append(wq.Term("number", digits, boost=BOOSTS["number"]))
    # "krise center": also the words written together.
    for i, (first, second) in enumerate(zip(found, found[1:], strict=False)):
        if len(first) > 2 and len(second) > 2:
            joined = [(f, t, b) for f, t, b in _exact(generation, first + second) if (f, t) in known]
            for f, t, _ in joined:
                owners.setdefault((f, t), set()).update((i, i + 1))
            if joined:
                alternatives.append(_any(joined))
    if not alternatives:
        return ()
    if len(counted) < 2:
        results = searcher.search(wq.Or(alternatives), limit=MAX_RESULTS, filter=limit)
        return tuple(Hit(r["kind"], r["id"], round(r.score, 3)) for r in results)
    # Several words: a text that has more of them ranks higher (Whoosh's own bonus counts terms, and
    # one word here is many terms).
    results = searcher.search(wq.Or(alternatives), limit=MAX_RESULTS * 5, filter=limit, terms=True)
    ranked = []
    for r in results:
        covered: set[int] = set()
        for field, term in r.matched_terms():
            covered |= owners.get((field, term.decode("utf-8") if isinstance(term, bytes) else term), set())
        share = len(covered & counted) / len(counted)
        ranked.append((r.score * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * share), r.rank, r))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    return tuple(Hit(r["kind"], r["id"], round(score, 3)) for score, _, r in ranked[:MAX_RESULTS])


def _any(terms: Terms, boost: float = 1.0) -> wq.Query:
    """A query for any of (field, term, boost)."""
    return wq.Or([wq.Term(f, t, boost=b) for f, t, b in terms], boost=boost)


def _share(reader: Any, terms: Terms, documents: int) -> float:
    """The share of texts that have the word (or, for a synonym, any word of its group)."""
    # A word of a synonym group is as common as the group: "slår" counts as often as "vold".
    frequency = max((reader.doc_frequency(f, t) for f, t, _ in terms if f in ("plain", "syn")), default=0)
    return frequency / documents


def _rarity(share: float, documents: int) -> float:
    """How much a word says, from 1 (in no text) down to RARITY_FLOOR (in every text).

    Each field has its own statistics, so "vold", in every text, is still rare among the names;
    this weighs the word by how common it is in the texts themselves.
    """

    def idf(df: float) -> float:
        return math.log(1 + (documents - df + 0.5) / (df + 0.5))

    return max(RARITY_FLOOR, idf(share * documents) / idf(0))


def suggest(
    searcher: Searcher, generation: OpenGeneration, found: Sequence[str], limit: wq.Query | None
) -> str | None:
    """A spelling of the query made of words the index knows, when that spelling finds something."""
    reader = searcher.reader()
    changed, better = False, []
    for word in found:
        folded = analysis.key(word)
        if ("plain", folded) in generation.terms or len(folded) < 4:
            better.append(word)
            continue
        near = generation.vocabulary.near(folded, 3 if len(folded) >= 7 else 2, prefix=0, limit=20)
        if near:
            # The nearest; among equally near words, the one most texts use.
            best = min(near, key=lambda n: (n[1], -reader.doc_frequency("plain", n[0]), n[0]))[0]
            better.append(generation.spellings.get(best, best))
            changed = True
    if not changed:
        return None
    return " ".join(better) if run(searcher, generation, better, limit, False) else None


def _exact(generation: OpenGeneration, word: str) -> Terms:
    """(field, term, boost) for a word in every field, each field analysing it its own way."""
    terms: Terms = []
    # A stemmer only for its own script: Danish and English stems of an Arabic word are the word.
    stemmed = ("ar",) if analysis.is_arabic(word) else ("da", "en")
    # Fields that share an analyzer (title and plain) analyse the word once: for this word only.
    analysed: dict[int, list[tuple[str, float]]] = {}
    for field in ("title", "plain", *stemmed):
        analyzer = generation.schema[field].analyzer
        tokens = analysed.get(id(analyzer))
        if tokens is None:
            tokens = analysed[id(analyzer)] = [(t.text, t.boost) for t in analyzer(word, mode="query")]
        terms += [(field, text, BOOSTS[field] * boost) for text, boost in tokens]
    for form in analysis.variants(word):
        terms += [("syn", form, BOOSTS["syn"]), ("namesyn", form, BOOSTS["namesyn"])]
    return terms


def _fuzzy(generation: OpenGeneration, word: str, known: set[str]) -> Terms:
    """Typo-tolerant terms: one edit for 4 to 6 letters, two from 7 (a swap counts as one)."""
    folded = analysis.key(word)
    if len(folded) < 4:
        return []
    maxdist = 1 if len(folded) < 7 else 2
    terms: Terms = []
    for term, distance in generation.vocabulary.near(folded, maxdist):
        if term in known:
            continue  # already searched exactly
        scale = 0.8 if distance == 1 else 0.6
        for field, boost in FUZZY_FIELDS.items():
            if term in generation.vocabulary.fields[field]:
                terms.append((field, term, boost * scale))
    return terms


def restriction(audience: str | None, category: str | None) -> wq.Query | None:
    """The filter for browsing by audience or category (services only), or None."""
    if not (audience or category):
        return None
    parts: list[wq.Query] = [wq.Term("kind", "service")]
    if audience:
        parts.append(wq.Term("audience", audience))
    if category:
        parts.append(wq.Term("category", category))
    return wq.And(parts)
