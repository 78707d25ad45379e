"""Search over services and pages: the Whoosh index (build, swap, open) and the query engine.

One document per service or page holds the text of every language it has. A query is matched
against all of them: each language with its stemmer (da, en, ar), every language folded and
unstemmed (æ/ae, ø/oe, å/aa, marks), the names, and the synonyms file. Typos: a word found nowhere
is looked up fuzzily at once; every word is when fewer than three documents matched.

The index lives in INDEX_DIR as generations: `<time>-v<SCHEMA_VERSION>-<content fingerprint>/`,
with `current`, a symlink to one of them, swapped atomically (see /work/shared/reference/search.md).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Flask
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from . import analysis
from .content import Content, Page, Service

log = logging.getLogger("helpsite")

MAX_QUERY_LENGTH = 200  # characters: a longer query is cut here, never refused (the field's maxlength too)
MAX_QUERY_WORDS = 12  # words after the cut: bounds the work one query can cause
MAX_RESULTS = 10
RARITY_FLOOR = 0.3  # the weight of a word found in every text, against 1 for a rare one
COMMON = 0.6  # a word in this share of the texts or more is common
PHRASE = 2.0  # a synonym phrase found in a query, against 1 for a word
COVERAGE_FLOOR = 0.5  # the share of its score a text keeps when it has few of several query words
SCHEMA_VERSION = 1  # bump when fields or analysis change: start-up then rebuilds the index
KEEP_GENERATIONS = 3  # the newest ones stay, so a worker still reading an older one never loses it
STALE_STAGING = 3600  # seconds: a staging folder this old is left over from a crashed build
STEMMED = ("da", "en", "ar")  # the languages Whoosh has a stemmer for
WORDS_FILE = "words.json"  # spellings people read (for "did you mean") and the synonym phrases

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

_GENERATION = re.compile(r"^\d{8}T\d{6}-\d+-v\d+-[0-9a-f]*$")
# Bidi controls and other invisible format characters a pasted or RTL query may carry.
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Hit:
    """One result: a service or a page, by id."""

    kind: str  # "service" | "page"
    id: str
    score: float = 0.0
    snippet: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a search returns: the (cleaned) query, the hits and a "did you mean"."""

    query: str
    hits: tuple[Hit, ...]
    suggestion: str | None = None


# --------------------------------------------------------------------------- building


class _Synonyms:
    """The synonym groups, matched in a text by word (in any of its forms) or by phrase."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self.single: dict[str, set[int]] = {}
        self.phrases: dict[tuple[str, ...], set[int]] = {}
        self.tokens: list[str] = []
        for number, group in enumerate(groups):
            tokens: set[str] = set()
            for entry in group:
                found = analysis.words(entry)
                meaningful = [w for w in found if analysis.fold(w) not in _COMMON_FOLDED]
                if len(found) == 1 and meaningful:
                    for form in analysis.variants(found[0]):
                        self.single.setdefault(form, set()).add(number)
                elif len(found) > 1:
                    self.phrases.setdefault(tuple(_key(w) for w in found), set()).add(number)
                for word in meaningful:
                    tokens |= analysis.variants(word)
            # A token for the group itself, so a phrase in a query ("min mand") can find it.
            self.tokens.append(" ".join([_concept(number), *sorted(tokens)]))
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.starts = {k[0] for k in self.phrases}

    def tag(self, text: str) -> str:
        """The synonyms field for a text: the words of every group it mentions, up to three times."""
        found = analysis.words(text)
        seen: Counter[int] = Counter()
        for word, count in Counter(found).items():
            for form in analysis.variants(word):
                for group in self.single.get(form, ()):
                    seen[group] += count
        if self.phrases:
            keys = [_key(w) for w in found]
            for i, key in enumerate(keys):
                if key not in self.starts:
                    continue
                for n in range(2, self.longest + 1):
                    groups = self.phrases.get(tuple(keys[i : i + n]))
                    if groups:
                        seen.update(groups)
        return " ".join(self.tokens[g] for g, count in sorted(seen.items()) for _ in range(min(count, 3)))


def _concept(group: int) -> str:
    return f"_g{group}"


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """A lowercased word as phrases are compared: normalised and folded."""
    return analysis.fold(analysis.normalise(word))


_COMMON_FOLDED = frozenset(analysis.fold(w) for w in analysis.COMMON_WORDS)


def _texts(item: Service | Page) -> list[tuple[str, str]]:
    """(language, all words of that language's text) for an item."""
    found = []
    for lang, text in item.texts.items():
        parts = [text.title, text.summary, text.body_text, " ; ".join(text.keywords)]
        if lang == "da" and isinstance(item, Service):
            parts.append(" ; ".join(item.keywords))
        found.append((lang, " \n ".join(parts)))
    return found


def _facets(item: Service | Page) -> str:
    """The structured labels of a service as words (crisis-centre -> crisis centre)."""
    if isinstance(item, Service):
        return " ; ".join((item.category, *item.audiences))
    return ""


def _compound_words(content: Content) -> set[str]:
    """The words compounds may be split into: Danish words and synonyms, folded, 4 letters or more."""
    found: set[str] = set()
    for item in (*content.services.values(), *content.pages.values()):
        text = item.texts.get("da")
        if text is not None:
            found.update(
                analysis.words(f"{text.title} {text.summary} {text.body_text} {' '.join(text.keywords)}")
            )
        if isinstance(item, Service):
            found.update(analysis.words(" ".join(item.keywords)))
    for group in content.synonyms:
        found.update(analysis.words(" ".join(group)))
    folded = {analysis.fold(analysis.normalise(w)) for w in found}
    return {w for w in folded if len(w) >= 4 and w.isalpha() and w not in _COMMON_FOLDED}


def schema(content: Content) -> Schema:
    """The fields: ids and filters, names, every language folded, three stemmed, synonyms."""
    plain = analysis.plain_analyzer(_compound_words(content))
    fields: dict[str, Any] = {
        "id": ID(stored=True),
        "kind": ID(stored=True),
        "category": ID,
        "audience": KEYWORD,
        "title": TEXT(analyzer=plain, phrase=False),
        "plain": TEXT(analyzer=plain, phrase=False),
        "syn": TEXT(analyzer=RegexTokenizer(r"\S+"), phrase=False),
        "namesyn": TEXT(analyzer=RegexTokenizer(r"\S+"), phrase=False),  # synonyms of the names
        "number": KEYWORD,  # the service's own phone numbers, digits only: "1888", "33330047"
    }
    for lang in STEMMED:
        fields[lang] = TEXT(analyzer=analysis.stemming_analyzer(lang), phrase=False)
    return Schema(**fields)


def _document(
    kind: str, key: str, item: Service | Page, synonyms: _Synonyms, shared: set[str]
) -> dict[str, str]:
    texts = _texts(item)
    facets = _facets(item)
    everything = " \n ".join([*(t for _, t in texts), facets])
    doc = {
        "id": key,
        "kind": kind,
        "title": _names(item, shared),
        "plain": everything,
        "syn": synonyms.tag(everything),
        "namesyn": synonyms.tag(" ; ".join(t.title for t in item.texts.values())),
    }
    for lang, text in texts:
        if lang in STEMMED:
            doc[lang] = text
    doc["en"] = f"{doc.get('en', '')} ; {facets}"
    if isinstance(item, Service):
        doc["category"] = item.category
        doc["audience"] = " ".join(item.audiences)
        doc["number"] = " ".join(c.digits for c in item.contacts if c.kind in ("phone", "sms"))
    return doc


def _site(url: str) -> str:
    """The name in a web address: https://www.levudenvold.dk/x -> levudenvold."""
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0].rsplit(".", 1)[0]


def _names(item: Service | Page, shared: set[str]) -> str:
    """The names in every language, also written together (levudenvold), and the web address's name."""
    titles = [t.title for t in item.texts.values()]
    joined = ["".join(analysis.words(t)) for t in titles]
    sites = []
    if isinstance(item, Service):
        # hvidovre.dk names the municipality, not Jobcenter Hvidovre: only a service's own site counts.
        sites = [_site(c.value) for c in item.contacts if c.kind == "web" and _site(c.value) not in shared]
    return " ; ".join(dict.fromkeys([*titles, *joined, *sites]))


def _spellings(content: Content) -> dict[str, str]:
    """Folded word -> the spelling most used in the content, so a suggestion reads naturally."""
    counts: dict[str, Counter[str]] = {}
    for item in (*content.services.values(), *content.pages.values()):
        for _, text in _texts(item):
            for word in analysis.words(text):
                counts.setdefault(analysis.fold(analysis.normalise(word)), Counter())[word] += 1
    return {folded: c.most_common(1)[0][0] for folded, c in counts.items()}


def _generation_name(content: Content) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return f"{stamp}-{time.time_ns() % 10**9:09d}{os.getpid()}-v{SCHEMA_VERSION}-{content.fingerprint}"


def build_index(content: Content, index_dir: Path) -> str:
    """Build the index in a new folder under `index_dir`, swap `current` to it; return its name."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=index_dir))
    try:
        ix = whoosh_index.create_in(str(staging), schema(content))
        synonyms = _Synonyms(content.synonyms)
        sites = Counter(
            _site(c.value) for s in content.services.values() for c in s.contacts if c.kind == "web"
        )
        shared = {site for site, count in sites.items() if count > 1}
        writer = ix.writer()
        # Display order, so equal scores keep the directory's order.
        for service in sorted(content.services.values(), key=lambda s: (s.order, s.id)):
            writer.add_document(**_document("service", service.id, service, synonyms, shared))
        for page in sorted(content.pages.values(), key=lambda p: (p.order, p.slug)):
            writer.add_document(**_document("page", page.slug, page, synonyms, shared))
        writer.commit(optimize=True)
        ix.close()
        words = {
            "spellings": _spellings(content),
            "phrases": {" ".join(k): sorted(v) for k, v in synonyms.phrases.items()},
        }
        (staging / WORDS_FILE).write_text(json.dumps(words, ensure_ascii=False), "utf-8")
        # mkdtemp makes the folder private; the web server may run as another user.
        os.chmod(staging, 0o755)
        name = _generation_name(content)
        os.rename(staging, index_dir / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    link = index_dir / f".current-{os.getpid()}-{threading.get_ident()}"
    link.unlink(missing_ok=True)
    os.symlink(name, link)
    os.replace(link, index_dir / "current")  # atomic: a reader sees the old or the new, never neither
    _prune(index_dir)
    return name


def _prune(index_dir: Path) -> None:
    """Remove old generations (keeping the newest few and the current one) and stale staging folders."""
    current = read_current(index_dir)
    generations = sorted(p.name for p in index_dir.iterdir() if _GENERATION.match(p.name) and p.is_dir())
    for name in generations[:-KEEP_GENERATIONS]:
        if name != current:
            shutil.rmtree(index_dir / name, ignore_errors=True)
    now = time.time()
    for path in index_dir.glob(".staging-*"):
        try:
            if now - path.stat().st_mtime > STALE_STAGING:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass  # another builder removed it first


def read_current(index_dir: Path) -> str | None:
    """The name of the generation `current` points to, or None."""
    try:
        return os.readlink(Path(index_dir) / "current")
    except OSError:
        return None


def is_current(index_dir: Path, content: Content) -> bool:
    """True when `current` is a usable index of this content and this schema version."""
    name = read_current(index_dir)
    return (
        name is not None
        and name.endswith(f"-v{SCHEMA_VERSION}-{content.fingerprint}")
        and whoosh_index.exists_in(str(Path(index_dir) / name))
    )


# --------------------------------------------------------------------------- querying


def clean(query: str) -> str:
    """The query as searched and shown: no control or bidi characters, one space, cut at the limit."""
    query = _INVISIBLE.sub("", query or "")
    query = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in query)
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


class _Vocabulary:
    """The indexed words of a generation, for typo tolerance and "did you mean" (edit distances in C)."""

    def __init__(self, reader: Any):
        self.fields = {field: frozenset(reader.field_terms(field)) for field in FUZZY_FIELDS}
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


class _Generation:
    """One opened index generation and a pool of searchers, each used by one thread at a time."""

    def __init__(self, name: str, path: Path):
        self.name = name
        self.index = whoosh_index.open_dir(str(path), readonly=True)
        self.schema = self.index.schema
        words = json.loads((path / WORDS_FILE).read_text("utf-8"))
        self.spellings: dict[str, str] = words["spellings"]
        self.phrases: dict[str, list[int]] = words["phrases"]
        self.longest = max((k.count(" ") + 1 for k in self.phrases), default=1)
        self._idle: list[Searcher] = []
        self._lock = threading.Lock()
        self._retired = False
        searcher = self.acquire()
        try:
            self.vocabulary = _Vocabulary(searcher.reader())
        finally:
            self.release(searcher)

    def acquire(self) -> Searcher:
        """A searcher no other thread is using."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self.index.searcher(weighting=WEIGHTING)

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


class Engine:
    """Answers searches for the views, from the index generation the content store serves."""

    def __init__(self, store: Any, index_dir: Path):
        self.store = store
        self.index_dir = Path(index_dir)
        self._generation: _Generation | None = None
        self._lock = threading.Lock()
        self._warned: str | None = None

    @property
    def content(self) -> Content:
        """The content the store serves now."""
        return self.store.content

    def _current(self) -> _Generation | None:
        name = self.store.generation
        generation = self._generation
        if generation is not None and generation.name == name:
            return generation
        with self._lock:
            if self._generation is None or self._generation.name != name:
                old, self._generation = self._generation, self._open(name)
                if old is not None:
                    old.retire()
            return self._generation

    def _open(self, name: str | None) -> _Generation | None:
        if name is None:
            if self._warned != "none":
                log.error("search: there is no index in %s; run `flask search build`", self.index_dir)
                self._warned = "none"
            return None
        try:
            return _Generation(name, self.index_dir / name)
        except Exception as error:  # a broken or vanished folder: answer with nothing, never a 500
            if self._warned != name:
                log.error("search: the index %s could not be opened (%s)", name, error)
                self._warned = name
            return None

    @contextmanager
    def _searcher(self) -> Iterator[tuple[_Generation, Searcher] | None]:
        generation = self._current()
        if generation is None:
            yield None
            return
        searcher = generation.acquire()
        try:
            yield generation, searcher
        finally:
            generation.release(searcher)

    def search(
        self, query: str, lang: str, audience: str | None = None, category: str | None = None
    ) -> Outcome:
        """Search every language for `query`; with no words, browse by audience and category."""
        text = clean(query)
        found = analysis.words(text)[:MAX_QUERY_WORDS]
        if not found:
            if not (audience or category):
                return Outcome(text, ())
            hits = tuple(
                Hit("service", s.item.id)
                for s in self.content.list_services(lang, category=category, audience=audience)
            )
            return Outcome(text, hits)
        with self._searcher() as opened:
            if opened is None:
                return Outcome(text, ())
            generation, searcher = opened
            limit = _filter(audience, category)
            try:
                hits = _run(searcher, generation, found, limit, fuzzy_all=False)
                if len(hits) < 3:
                    hits = _run(searcher, generation, found, limit, fuzzy_all=True)
                suggestion = None if hits else _suggest(searcher, generation, found, limit)
            except Exception:  # a damaged index: the page still answers, with 112 and 1888
                log.exception("search: the index %s failed", generation.name)
                return Outcome(text, ())
        return Outcome(text, hits, suggestion)


def _run(
    searcher: Searcher, generation: _Generation, found: Sequence[str], limit: wq.Query | None, fuzzy_all: bool
) -> tuple[Hit, ...]:
    """One search: each word in every field; unknown words (or all, on retry) also by near spellings."""
    reader = searcher.reader()
    documents = max(reader.doc_count(), 1)
    alternatives: list[wq.Query] = []
    owners: dict[tuple[str, str], set[int]] = {}  # which query words a term stands for
    counted: set[int] = set()
    # A phrase from the synonyms file ("min mand", "safe house") stands for its group; its words
    # alone then count for less ("mand" is also the men's centre).
    keys = [_key(w) for w in found]
    in_phrase: set[int] = set()
    for n in range(min(generation.longest, len(found)), 1, -1):
        for i in range(len(found) - n + 1):
            groups = generation.phrases.get(" ".join(keys[i : i + n]), ())
            terms = [(f, _concept(g), BOOSTS[f]) for g in groups for f in ("syn", "namesyn")]
            terms = [(f, t, b) for f, t, b in terms if (f, t) in reader]
            if terms and not in_phrase.intersection(range(i, i + n)):
                in_phrase.update(range(i, i + n))
                for f, t, _ in terms:
                    owners.setdefault((f, t), set()).update(range(i, i + n))
                rarity = _rarity(_share(reader, terms, documents), documents)
                alternatives.append(_any(terms, rarity * PHRASE))
    for number, word in enumerate(found):
        terms = [(f, t, b) for f, t, b in _exact(generation, word) if (f, t) in reader]
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
    if len(digits) >= 3 and ("number", digits) in reader:  # "33 33 00 47" is one phone number
        owners[("number", digits)] = {i for i, w in enumerate(found) if w.isdigit()}
        alternatives.append(wq.Term("number", digits, boost=BOOSTS["number"]))
    # "krise center": also the words written together.
    for i, (first, second) in enumerate(zip(found, found[1:], strict=False)):
        if len(first) > 2 and len(second) > 2:
            joined = [(f, t, b) for f, t, b in _exact(generation, first + second) if (f, t) in reader]
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


def _any(terms: list[tuple[str, str, float]], boost: float = 1.0) -> wq.Query:
    """A query for any of (field, term, boost)."""
    return wq.Or([wq.Term(f, t, boost=b) for f, t, b in terms], boost=boost)


def _share(reader: Any, terms: list[tuple[str, str, float]], documents: int) -> float:
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


def _suggest(
    searcher: Searcher, generation: _Generation, found: Sequence[str], limit: wq.Query | None
) -> str | None:
    """A spelling of the query made of words the index knows, when that spelling finds something."""
    reader = searcher.reader()
    changed, better = False, []
    for word in found:
        folded = analysis.fold(analysis.normalise(word))
        if ("plain", folded) in reader or len(folded) < 4:
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
    return " ".join(better) if _run(searcher, generation, better, limit, False) else None


def _exact(generation: _Generation, word: str) -> list[tuple[str, str, float]]:
    """(field, term, boost) for a word in every field, each field analysing it its own way."""
    terms: list[tuple[str, str, float]] = []
    # A stemmer only for its own script: Danish and English stems of an Arabic word are the word.
    stemmed = ("ar",) if analysis.is_arabic(word) else ("da", "en")
    for field in ("title", "plain", *stemmed):
        analyzer = generation.schema[field].analyzer
        for token in analyzer(word, mode="query"):
            terms.append((field, token.text, BOOSTS[field] * token.boost))
    for form in analysis.variants(word):
        terms += [("syn", form, BOOSTS["syn"]), ("namesyn", form, BOOSTS["namesyn"])]
    return terms


def _fuzzy(generation: _Generation, word: str, known: set[str]) -> list[tuple[str, str, float]]:
    """Typo-tolerant terms: one edit for 4 to 6 letters, two from 7 (a swap counts as one)."""
    folded = analysis.fold(analysis.normalise(word))
    if len(folded) < 4:
        return []
    maxdist = 1 if len(folded) < 7 else 2
    terms: list[tuple[str, str, float]] = []
    for term, distance in generation.vocabulary.near(folded, maxdist):
        if term in known:
            continue  # already searched exactly
        scale = 0.8 if distance == 1 else 0.6
        for field, boost in FUZZY_FIELDS.items():
            if term in generation.vocabulary.fields[field]:
                terms.append((field, term, boost * scale))
    return terms


def _filter(audience: str | None, category: str | None) -> wq.Query | None:
    if not (audience or category):
        return None
    parts: list[wq.Query] = [wq.Term("kind", "service")]
    if audience:
        parts.append(wq.Term("audience", audience))
    if category:
        parts.append(wq.Term("category", category))
    return wq.And(parts)


# --------------------------------------------------------------------------- app


def init_app(app: Flask) -> None:
    """Build the index when the content changed (BUILD_INDEX_ON_START) and register the engine."""
    store = app.extensions["helpsite.store"]
    index_dir = Path(app.config["INDEX_DIR"])
    if app.config.get("BUILD_INDEX_ON_START") and not is_current(index_dir, store.content):
        started = time.perf_counter()
        name = build_index(store.content, index_dir)
        log.info("search index %s built in %.2f s", name, time.perf_counter() - started)
    # The store compares this with the link to notice new builds: it must not see its own as new.
    store.generation = read_current(index_dir)
    app.extensions["helpsite.search"] = Engine(store, index_dir)
    app.context_processor(lambda: {"max_query_length": MAX_QUERY_LENGTH})
