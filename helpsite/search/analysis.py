"""Text analysis for search: one tokenizer for every script, folding, Danish compounds, stemming.

Whoosh pickles analysers into the index, filters included, so the classes and stem functions here are
found again by their dotted path (helpsite.search.analysis.<Name>): never rename or move them without a
SCHEMA_VERSION bump in search/generations.py, which makes the next start-up rebuild the index.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

import Stemmer
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token
from whoosh.lang import has_stopwords, stopwords_for_language

# Letters and digits, plus the combining marks of Latin, Arabic, Farsi and Urdu and the zero-width
# (non-)joiner, so a vowelled or ZWNJ-joined word stays one token; an apostrophe inside a word too
# (Ukrainian б'є). The marks and joiners are removed afterwards by FoldFilter.
WORD = r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d]+"
TOKEN_PATTERN = rf"{WORD}(?:['’ʼ]{WORD})*"
_TOKEN = re.compile(TOKEN_PATTERN)

STEMMED = ("da", "en", "ar")  # the languages Whoosh has a stemmer for

# Words too common in Danish or English to say anything about a text ("men" is "but" in Danish).
COMMON_WORDS = frozenset(stopwords_for_language("da")) | frozenset(stopwords_for_language("en"))

_LETTERS = str.maketrans(
    {
        "ø": "o",
        "æ": "a",
        "ı": "i",
        "ł": "l",
        "đ": "d",
        "ß": "ss",
        "'": "",
        "’": "",
        "ʼ": "",
        "\u200c": "",  # zero-width non-joiner: Farsi writers type it, or a space, or nothing
        "\u200d": "",
        "\u0640": "",  # Arabic tatweel (stretching)
        "ي": "ی",  # Arabic yeh and alef maksura -> Farsi yeh: one spelling across the three languages
        "ى": "ی",
        "ك": "ک",  # Arabic kaf -> Farsi keheh
        "ة": "ه",  # teh marbuta -> heh
        "ہ": "ه",  # Urdu heh goal -> heh
        "ە": "ه",
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Farsi and Urdu digits
    }
)
_DIGRAPHS = (("aa", "a"), ("oe", "o"), ("ae", "a"))
# krisecenter / krisecentre / krisecentret, centre / center: one word before any stemmer sees it.
_CENTRE = re.compile(r"cent(?:re|ret|rets|rene|res|eret|erets|ers)$")


def fold(word: str) -> str:
    """Fold a lowercased word so spellings people type alike match: å/aa/a, ø/oe/o, æ/ae/a, marks."""
    if word.isascii():  # nothing to decompose or compose: most words typed on a phone, at a third of the cost
        text = word.translate(_LETTERS)
    else:
        text = unicodedata.normalize("NFKD", word)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LETTERS)
    for pair, single in _DIGRAPHS:
        text = text.replace(pair, single)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def normalise(word: str) -> str:
    """Spelling variants that no stemmer joins (centre/center)."""
    return _CENTRE.sub("center", word) if "cent" in word else word


def key(word: str) -> str:
    """A lowercased word as words are compared across spellings: normalised, then folded."""
    return fold(normalise(word))


COMMON_FOLDED = frozenset(fold(w) for w in COMMON_WORDS)


def words(text: str) -> tuple[str, ...]:
    """The lowercased words of a text, as every analyser here sees them."""
    return tuple(m.group().lower() for m in _TOKEN.finditer(text))


class FoldFilter(Filter):
    """Apply `fold` to every token (placed after the stemmer, so stop words and stems still work)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]  # Whoosh calls a Filter with tokens
        for t in tokens:
            t.text = fold(t.text)
            if t.text:
                yield t


class NormaliseFilter(Filter):
    """Apply `normalise` to every token, before stemming."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]  # Whoosh calls a Filter with tokens
        for t in tokens:
            t.text = normalise(t.text)
            yield t


class CompoundFilter(Filter):
    """Add the parts of a Danish compound after the word: kvindekrisecenter -> kvinde, krisecenter.

    Danish compounds are right-headed, so the split with the longest known last part wins; a
    linking -s- or -e- between the parts is allowed (voldsramt, mandekrisecenter). The parts count
    half, so a text that says the word itself ranks above one that only contains it.
    """

    def __init__(self, wordset: Iterable[str] = (), min_part: int = 4):
        self.wordset = frozenset(wordset)
        self.min_part = min_part

    def split(self, word: str) -> tuple[str, str] | None:
        """The (modifier, head) of a compound, or None."""
        known, least = self.wordset, self.min_part
        for i in range(least - 1, len(word) - least + 1):
            head, modifier = word[i:], word[:i]
            if head not in known:
                continue
            if modifier in known or (modifier[-1] in "se" and modifier[:-1] in known and i > least):
                return (modifier if modifier in known else modifier[:-1]), head
        return None

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]  # Whoosh calls a Filter with tokens
        for t in tokens:
            yield t
            if len(t.text) < 2 * self.min_part or not self.wordset:
                continue
            parts = self.split(t.text)
            if parts is None:
                continue
            boost = t.boost
            for part in parts:
                t.text, t.boost = part, boost * 0.5
                yield t
            t.boost = boost


def without_caches(analyzer: Any) -> None:
    """Turn off Whoosh's stem cache in an analyzer (one pickled in an index built before it was off)."""
    for item in getattr(analyzer, "items", ()):
        if isinstance(item, StemFilter) and item.cachesize is not None:
            item.cachesize = None
            item.clear()


def tokenizer() -> RegexTokenizer:
    """The tokenizer for every field: words in any script, marks kept inside words."""
    return RegexTokenizer(TOKEN_PATTERN)


def plain_analyzer(wordset: Iterable[str] = ()):
    """Every language together, no stemming: lowercase, common words out, folded, compounds split."""
    return (
        tokenizer()
        | LowercaseFilter()
        | NormaliseFilter()
        | StopFilter(stoplist=COMMON_WORDS, minsize=2)
        | FoldFilter()
        | CompoundFilter(wordset)
    )


class _Snowball:
    """A Snowball stemmer from PyStemmer, for one language, shared by the threads.

    Why not Whoosh's own stemmers: they are Snowball ported to Python and took a fifth of a search's
    time (every query word and pair goes through the Danish one two or three times); PyStemmer runs
    Snowball's C code, twenty times faster. Its objects keep state while stemming, so one thread at a
    time (the lock is held for the C call only). No cache: it would keep the words of queries.
    """

    def __init__(self, algorithm: str):
        self._stemmer = Stemmer.Stemmer(algorithm, 0)
        self._lock = threading.Lock()

    def __call__(self, word: str) -> str:
        with self._lock:
            return self._stemmer.stemWord(word)


_SNOWBALL = {"da": _Snowball("danish"), "en": _Snowball("english")}


# Module functions, so the index's pickled analysers find them again by name (see the docstring).
def stem_danish(word: str) -> str:
    """The Danish Snowball stem of a lowercased word."""
    return _SNOWBALL["da"](word)


def stem_english(word: str) -> str:
    """The English (Porter2) Snowball stem of a lowercased word."""
    return _SNOWBALL["en"](word)


def stemming_analyzer(lang: str):
    """One language with its stemmer (da, en: Snowball; ar: Whoosh's ISRI), folded after stemming."""
    stoplist = stopwords_for_language(lang) if has_stopwords(lang) else ()  # none for Arabic
    stems = {"da": stem_danish, "en": stem_english}
    # No cache: it would keep the words of queries.
    if lang in stems:
        stemmer = StemFilter(stems[lang], cachesize=None)
    else:
        stemmer = StemFilter(lang=lang, cachesize=None)
    return (
        tokenizer()
        | LowercaseFilter()
        | NormaliseFilter()
        | StopFilter(stoplist=stoplist, minsize=2)
        | stemmer
        | FoldFilter()
    )


_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARTICLE = re.compile(r"^(?:و?(?:ال|بال|كال|فال|لل))(?=\w{3})")


def is_arabic(word: str) -> bool:
    """True for a word in Arabic script (Arabic, Farsi, Urdu)."""
    return bool(_ARABIC.search(word))


def variants(word: str) -> frozenset[str]:
    """The forms a lowercased word is matched by in the synonyms field: folded, and each stem folded."""
    # The Danish stemmer trims English plurals well enough (shelters -> shelt); the English one
    # would join unrelated words (psychological and psychologist both -> psycholog).
    word = normalise(word)
    forms = {fold(word), fold(stem_danish(word))}
    if is_arabic(word):
        # Only the Arabic article and its prefixes: the ISRI stemmer cuts words to roots, and on
        # Farsi or Urdu words it turns غیرت (honour) into غیر ("other"), which is everywhere.
        forms.add(fold(_ARTICLE.sub("", word)))
    return frozenset(f for f in forms if len(f) >= 2)
