"""Situations: a person's own words ("my husband hits me", "he has a knife") -> who needs what help.

A situation (site/content/situations.yml) names an audience, the services to show first and the
phrases that signal it in each language. The phrases go through the search's own analysis
(`analysis.words`, `analysis.variants`: folding, stems; `CompoundFilter.split`; typos as in the
search), so "slaar", "slår" and "slar" are one word to both.

Why phrases with word classes, not words: "I hit my wife" and "my wife hits me" have the same
words. What tells them apart is who is the subject and who the object, and every language here
says that with a small set of words (jeg/mig, I/me, ben/beni, ja/mnie) or a word form (Arabic
يضربني "hits me" beside أضرب "I hit"). So a phrase lists words in order, `<i>` and `<me>` stand for
the speaker as subject and as object in the phrase's language, and the words may have at most
GAP others between them, never a third person (`<he>`: han, she, он ...): "jeg tror han slår" is
not "jeg slår". A part after " & " may come anywhere ("baby & skændes").

Nothing here keeps a query: `match` works on the words it is given and returns; the only state is
what was compiled from the file when the content was loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import analysis
from .classifier import GUARDED, NONE, OTHER_WRITERS, Classifier
from .nearby import Nearby

# Below this the model's best class is a guess: the search's own ranking decides alone. The same
# bound calls danger urgent: on the held-out sentences it finds three in four dangers (95 % of the
# urgent set) for a false 112 box in about one in fifty other sentences; a higher bound missed half.
LEAST_SCORE = -0.5
# A text most of whose n-grams no example has is not read at all ("xqzvwk"): with few known n-grams
# the classes' intercepts decide, and they favour the general class.
KNOWN = 0.5
DANGER = "danger"  # the situation whose words are looked for in every part of a long message
WINDOW = 6  # words
# The situation whose help stays in the first three when the model reads it a close second: a person
# who uses violence must find the treatment even where the model leans to another reading.
IN_SIGHT = "uses-violence"
IN_SIGHT_MARGIN = 0.5
GAP = 2  # words allowed between two words of a phrase ("slår også mig", "control my anger")
BARRIER = "he"  # the word class a gap may not contain: another person doing the thing
# Typos: stricter than the search's (from 4 letters). A false alarm here puts the wrong help, or a
# 112 call-out, first; short words differ by one letter too often ("minde" and Somali "mindi").
FUZZY_ONE = 6  # letters from which one edit is forgiven
FUZZY_TWO = 9  # ... and two
MIN_PREFIX = 3  # letters before a '*'

Report = Callable[[int, str, str, bool], None]  # (line, message, fix, is_warning)


@dataclass(frozen=True)
class Situation:
    """One situation: its id, the audience, the ids shown first, whether it is an emergency."""

    id: str
    audience: str
    services: tuple[str, ...]
    urgent: bool = False
    fallback: bool = False  # only when the search itself finds nothing ("never nothing")


@dataclass(frozen=True)
class Match:
    """What a query says: the situation (the first in the file that matched), and urgency."""

    situation: Situation | None = None
    urgent: bool = False
    fallback: Situation | None = None
    score: float = float("inf")  # how sure a learned model is (phrases are sure)
    alarmed: bool = False  # the model read danger, even where it was not sure enough to call it urgent
    also: Situation | None = None  # a close second whose help must stay in sight (the treatment)


NOTHING = Match()


@dataclass(frozen=True)
class _Pattern:
    situation: int
    parts: tuple[tuple[int, ...], ...]  # phrases of atom ids; all must be found
    barrier: int | None  # the atom of the phrase language's <he>
    atoms: frozenset[int] = field(default=frozenset())


class Situations:
    """The compiled situations: signal words analysed once, phrases as tuples of word ids."""

    def __init__(self, situations: Sequence[Situation]):
        self.situations = tuple(situations)
        self._atoms: dict[tuple[frozenset[str], tuple[str, ...]], int] = {}
        self._forms: dict[str, set[int]] = {}
        self._prefixes: dict[str, list[tuple[str, int]]] = {}
        self._patterns: list[_Pattern] = []
        self._by_first: dict[int, list[_Pattern]] = {}
        self._vocabulary = Nearby(())
        self._compound = analysis.CompoundFilter()
        self.model: Classifier | None = None  # learned from examples/ (classifier.py); then it decides

    def __eq__(self, other: object) -> bool:
        """Equal when both hold the same situations compiled from the same signals (a file read twice)."""
        if not isinstance(other, Situations):
            return NotImplemented
        mine = (self.situations, self._atoms, self._patterns)
        return mine == (other.situations, other._atoms, other._patterns)

    __hash__ = None  # type: ignore[assignment]  (mutable while compiling: never a dict key)

    def atom(self, alternatives: Iterable[str]) -> int:
        """The id of a word slot: any of the alternatives, in any of their forms ('x*': a prefix)."""
        exact: set[str] = set()
        prefixes: list[str] = []
        for word in alternatives:
            if word.endswith("*"):
                prefixes.append(analysis.fold(analysis.normalise(word[:-1])))
            else:  # a short word too ("i", "я"): variants() leaves out one-letter forms
                exact |= analysis.variants(word) | {analysis.fold(analysis.normalise(word))}
        key = (frozenset(exact), tuple(sorted(prefixes)))
        if key not in self._atoms:
            number = self._atoms[key] = len(self._atoms)
            for form in exact:
                self._forms.setdefault(form, set()).add(number)
            for prefix in prefixes:
                self._prefixes.setdefault(prefix[:2], []).append((prefix, number))
        return self._atoms[key]

    def add(self, situation: int, parts: tuple[tuple[int, ...], ...], barrier: int | None) -> None:
        """Add a compiled phrase of situation number `situation`."""
        pattern = _Pattern(situation, parts, barrier, frozenset(a for p in parts for a in p))
        self._patterns.append(pattern)
        self._by_first.setdefault(parts[0][0], []).append(pattern)

    def freeze(self) -> None:
        """Build the lookups used per query (after the last `add`)."""
        self._vocabulary = Nearby(f for f in self._forms if len(f) >= FUZZY_ONE - 1)
        self._compound = analysis.CompoundFilter(f for f in self._forms if len(f) >= 4)

    def __len__(self) -> int:
        return len(self._patterns)

    def _word_atoms(self, word: str, variants: frozenset[str]) -> set[int]:
        folded = analysis.fold(analysis.normalise(word))
        forms = {folded, *variants}
        parts = self._compound.split(folded) if len(folded) >= 8 else None
        if parts:
            forms.update(parts)
        found: set[int] = set()
        for form in forms:
            found |= self._forms.get(form, set())
            for prefix, number in self._prefixes.get(form[:2], ()):
                if form.startswith(prefix):
                    found.add(number)
        if not found and len(folded) >= FUZZY_ONE:
            limit = 1 if len(folded) < FUZZY_TWO else 2
            for near, _ in self._vocabulary.near(folded, limit, 3):
                found |= self._forms[near]
        return found

    def learned(self, text: str) -> Match:
        """The situation the model reads in `text` (see classifier.py), if it is sure enough."""
        assert self.model is not None
        decision = self.model.decide(text)
        words = text.split()
        if decision.label != DANGER and len(words) > WINDOW:
            # A danger said in a few words inside a long message is thinned out by the rest ("hej jeg ved
            # ikke hvad jeg skal gøre, han har en kniv, ..."): a window of WINDOW words is read alone too.
            for start in range(0, max(len(words) - WINDOW, 0) + 1, WINDOW // 2):
                part = self.model.decide(" ".join(words[start : start + WINDOW]))
                if part.label == DANGER and part.score >= 0:  # alone, a part must be clearly danger
                    decision = part
                    break
        by_id = {s.id: s for s in self.situations}
        chosen = by_id.get(decision.label)
        if decision.known < KNOWN:
            return NOTHING
        if decision.label == NONE:
            # "Nothing" said without conviction, a situation close behind: the words lean to it.
            leans = decision.score < LEAST_SCORE and decision.runner_up in by_id
            return Match(fallback=self.general(), score=decision.score) if leans else NOTHING
        if chosen is None:
            return NOTHING
        if decision.score < LEAST_SCORE:
            # The words lean to a situation without saying which: they speak of violence or fear, so
            # the general help is the answer where the search finds nothing better (see engine.py).
            # A lean to the treatment for people who use violence keeps it in sight, third.
            also = by_id.get(IN_SIGHT) if decision.label == IN_SIGHT else None
            return Match(fallback=self.general(), score=decision.score, also=also)
        close = decision.runner_up == IN_SIGHT and decision.score - decision.runner_up_score < IN_SIGHT_MARGIN
        also = by_id.get(IN_SIGHT) if close else None
        general = self.general()
        return Match(chosen, chosen.urgent, general, decision.score, alarmed=chosen.urgent, also=also)

    def general(self) -> Situation | None:
        """The general help for violence (the situation marked `fallback`), if there is one."""
        return next((s for s in self.situations if s.fallback), None)

    def others_help(self) -> frozenset[str]:
        """What is help for another writer than a person subjected to violence: never her first result.

        The first service of each guarded situation (a professional's, a child's, new parents'), and
        every service of the situation of a person who uses violence but its first (1888).
        """
        found = set()
        for situation in self.situations:
            if situation.id in GUARDED and situation.services:
                found.add(situation.services[0])
            elif situation.id in OTHER_WRITERS:
                found.update(situation.services[1:])
        return frozenset(found)

    def match(
        self, words: Sequence[str], variants: Sequence[frozenset[str]] | None = None, text: str | None = None
    ) -> Match:
        """The situation the words (lowercased, as `analysis.words` gives them) speak of, if any.

        `variants`: each word's `analysis.variants`, when the caller has them already. `text`: the whole
        query, which a model learned from examples reads (then the phrases are not used).
        """
        if self.model is not None and text is not None:
            return self.learned(text)
        if variants is None:
            variants = [analysis.variants(w) for w in words]
        slots = [self._word_atoms(w, v) for w, v in zip(words, variants, strict=True)]
        present = set().union(*slots) if slots else set()
        matched: set[int] = set()
        for first in present:
            for pattern in self._by_first.get(first, ()):
                if (
                    pattern.situation not in matched
                    and pattern.atoms <= present
                    and all(_phrase(part, slots, pattern.barrier) for part in pattern.parts)
                ):
                    matched.add(pattern.situation)
        if not matched:
            return NOTHING
        found = [self.situations[n] for n in sorted(matched)]
        main = next((s for s in found if not s.fallback), None)
        spare = next((s for s in found if s.fallback), None)
        return Match(main, any(s.urgent for s in found), spare)


def _phrase(atoms: tuple[int, ...], slots: list[set[int]], barrier: int | None) -> bool:
    """True when the atoms occur in this order, each within GAP words of the one before."""

    def from_(k: int, start: int, end: int) -> bool:
        for i in range(start, min(end, len(slots))):
            if atoms[k] in slots[i] and (k + 1 == len(atoms) or from_(k + 1, i + 1, i + 2 + GAP)):
                return True
            if k and barrier is not None and barrier in slots[i]:
                return False  # someone else does it: "jeg tror han slår"
        return False

    return from_(0, 0, len(slots))


def first(
    match: Match, hits: Sequence[Any], content: Any, audience: str | None, category: str | None
) -> tuple[list[tuple[str, str]], Situation | None]:
    """(kind, id) to put before the search's own hits, and the situation they come from.

    A matched situation always leads. Its fallback ("never nothing") leads only when the search
    found nothing. A filter chosen on the page still holds: a service outside it is left out.
    """
    chosen = match.situation or (match.fallback if not hits else None)
    if chosen is None:
        return [], None
    found = []
    for ident in chosen.services:
        service = content.services.get(ident)
        if service is not None:
            if (audience is None or audience in service.audiences) and category in (None, service.category):
                found.append(("service", ident))
        elif ident in content.pages and not (audience or category):
            found.append(("page", ident))
    return found, chosen
