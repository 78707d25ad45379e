"""How a query is matched and ranked: exact, stemmed, synonym, phrase and fuzzy terms, and their weights."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from whoosh.scoring import BM25F

from . import analysis
from .opened import OpenGeneration
from .postings import Alternative, Postings, best
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


@dataclass
class Query:
    """A search as terms: an Or of alternatives (one per word, phrase or number), each an Or of terms."""

    alternatives: list[Alternative] = dataclasses.field(default_factory=list)
    # (field, term) -> the numbers of the query words it stands for
    owners: dict[tuple[str, str], set[int]] = dataclasses.field(default_factory=dict)
    counted: set[int] = dataclasses.field(default_factory=set)  # the words that found any term


def query(
    generation: OpenGeneration,
    found: Sequence[str],
    fuzzy_all: bool,
    variants: Sequence[frozenset[str]] | None = None,
) -> Query:
    """Each word in every field; unknown words (or all, on retry) also by near spellings.

    `variants`: each word's `analysis.variants`, when the caller has them already.
    """
    postings = generation.postings  # the index's (field, term) pairs, in memory
    documents = max(len(postings.documents), 1)
    made = Query()
    owners, counted = made.owners, made.counted
    # A phrase from the synonyms file ("min mand", "safe house") stands for its group; its words
    # alone then count for less ("mand" is also the men's centre).
    keys = [analysis.key(w) for w in found]
    in_phrase: set[int] = set()
    for n in range(min(generation.longest, len(found)), 1, -1):
        for i in range(len(found) - n + 1):
            groups = generation.phrases.get(" ".join(keys[i : i + n]), ())
            terms = [(f, concept(g), BOOSTS[f]) for g in groups for f in ("syn", "namesyn")]
            terms = [(f, t, b) for f, t, b in terms if (f, t) in postings]
            if terms and not in_phrase.intersection(range(i, i + n)):
                in_phrase.update(range(i, i + n))
                for f, t, _ in terms:
                    owners.setdefault((f, t), set()).update(range(i, i + n))
                rarity = _rarity(_share(postings, terms, documents), documents)
                made.alternatives.append((rarity * PHRASE, terms))
    for number, word in enumerate(found):
        forms = variants[number] if variants is not None else None
        terms = [(f, t, b) for f, t, b in _exact(generation, word, forms) if (f, t) in postings]
        if not terms and len(found) > 1 and len(word) < 3:
            continue  # a short unknown word ("i", "a") only adds noise
        share = _share(postings, terms, documents)
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
        made.alternatives.append((rarity, terms))
    digits = "".join(w for w in found if w.isdigit())
    if len(digits) >= 3 and ("number", digits) in postings:  # "33 33 00 47" is one phone number
        owners[("number", digits)] = {i for i, w in enumerate(found) if w.isdigit()}
        made.alternatives.append((1.0, [("number", digits, BOOSTS["number"])]))
    # "krise center": also the words written together.
    for i, (first, second) in enumerate(zip(found, found[1:], strict=False)):
        if len(first) > 2 and len(second) > 2:
            joined = [(f, t, b) for f, t, b in _exact(generation, first + second) if (f, t) in postings]
            for f, t, _ in joined:
                owners.setdefault((f, t), set()).update((i, i + 1))
            if joined:
                made.alternatives.append((1.0, joined))
    return made


def run(
    generation: OpenGeneration,
    found: Sequence[str],
    limit: frozenset[int] | None,
    *,
    fuzzy_all: bool,
    variants: Sequence[frozenset[str]] | None = None,
) -> tuple[Hit, ...]:
    """One search: the best texts for the words, among `limit` (text numbers) unless it is None."""
    made = query(generation, found, fuzzy_all, variants)
    if not made.alternatives:
        return ()
    postings = generation.postings
    scores = postings.score(made.alternatives, limit)
    documents = postings.documents
    if len(made.counted) < 2:
        return tuple(Hit(*documents[doc], round(score, 3)) for doc, score in best(scores, MAX_RESULTS))
    # Several words: a text that has more of them ranks higher (Whoosh's own bonus counts terms, and
    # one word here is many terms). The best fifty by score first, as Whoosh's collector gave them.
    first = best(scores, MAX_RESULTS * 5)
    covered: dict[int, set[int]] = {doc: set() for doc, _ in first}
    for _, terms in made.alternatives:
        for f, t, _ in terms:
            for doc, _ in postings.terms.get((f, t), ()):
                if doc in covered:
                    covered[doc] |= made.owners.get((f, t), set())
    ranked = []
    for rank, (doc, score) in enumerate(first):
        share = len(covered[doc] & made.counted) / len(made.counted)
        ranked.append((score * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * share), rank, doc))
    ranked.sort(key=lambda x: (-x[0], x[1]))
    return tuple(Hit(*documents[doc], round(score, 3)) for score, _, doc in ranked[:MAX_RESULTS])


def _share(postings: Postings, terms: Terms, documents: int) -> float:
    """The share of texts that have the word (or, for a synonym, any word of its group)."""
    # A word of a synonym group is as common as the group: "slår" counts as often as "vold".
    frequency = max((postings.frequency(f, t) for f, t, _ in terms if f in ("plain", "syn")), default=0)
    return frequency / documents


def _rarity(share: float, documents: int) -> float:
    """How much a word says, from 1 (in no text) down to RARITY_FLOOR (in every text).

    Each field has its own statistics, so "vold", in every text, is still rare among the names;
    this weighs the word by how common it is in the texts themselves.
    """

    def idf(df: float) -> float:
        return math.log(1 + (documents - df + 0.5) / (df + 0.5))

    return max(RARITY_FLOOR, idf(share * documents) / idf(0))


def suggest(generation: OpenGeneration, found: Sequence[str], limit: frozenset[int] | None) -> str | None:
    """A spelling of the query made of words the index knows, when that spelling finds something."""
    postings = generation.postings
    changed, better = False, []
    for word in found:
        folded = analysis.key(word)
        if ("plain", folded) in postings or len(folded) < 4:
            better.append(word)
            continue
        near = generation.vocabulary.near(folded, 3 if len(folded) >= 7 else 2, prefix=0, limit=20)
        if near:
            # The nearest; among equally near words, the one most texts use.
            best = min(near, key=lambda n: (n[1], -postings.frequency("plain", n[0]), n[0]))[0]
            better.append(generation.spellings.get(best, best))
            changed = True
    if not changed:
        return None
    return " ".join(better) if run(generation, better, limit, fuzzy_all=False) else None


def _exact(generation: OpenGeneration, word: str, variants: frozenset[str] | None = None) -> Terms:
    """(field, term, boost) for a word in every field, each field analysing it its own way."""
    terms: Terms = []
    # A stemmer only for its own script: Danish and English stems of an Arabic word are the word.
    stemmed = ("ar",) if analysis.is_arabic(word) else ("da", "en")
    # Fields that share an analyzer (title and plain) analyse the word once: for this word only.
    analysed: dict[int, list[tuple[str, float]]] = {}
    for field in ("title", "plain", *stemmed):
        analyzer = generation.analyzers[field]
        tokens = analysed.get(id(analyzer))
        if tokens is None:
            tokens = analysed[id(analyzer)] = analyzer(word)
        terms += [(field, text, BOOSTS[field] * boost) for text, boost in tokens]
    for form in analysis.variants(word) if variants is None else variants:
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


def restriction(
    generation: OpenGeneration, audience: str | None, category: str | None
) -> frozenset[int] | None:
    """The texts a browse by audience or category may show (services only), or None for all."""
    if not (audience or category):
        return None
    postings = generation.postings
    allowed = postings.texts("kind", "service")
    if audience:
        allowed &= postings.texts("audience", audience)
    if category:
        allowed &= postings.texts("category", category)
    return allowed
