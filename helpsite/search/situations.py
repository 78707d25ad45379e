"""Situations: a person's own words ("my husband hits me", "he has a knife") -> who needs what help.

A situation (site/content/situations.yml, read by content/situations.py) names an audience and the
services to show first. Which situation a text speaks of is learned from the example sentences
(content/examples.py) by a linear model (classifier.py), trained when the content is built.

Nothing here keeps a query: `match` reads the text it is given and returns; the only state is what
was made from the content when it was loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..content.model import Content
from ..content.situations import Situation
from .classifier import GUARDED, NONE, OTHER_WRITERS, Classifier, train

__all__ = ["Match", "NOTHING", "Situation", "Situations", "compile_situations", "first"]

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


@dataclass(frozen=True)
class Match:
    """What a query says: the situation, urgency, the general help, and how sure the model is."""

    situation: Situation | None = None
    urgent: bool = False
    fallback: Situation | None = None  # the general help: where the words lean to violence, unsure
    score: float = float("-inf")  # the model's score for what it read
    alarmed: bool = False  # the model read danger, even where it was not sure enough to call it urgent
    also: Situation | None = None  # a close second whose help must stay in sight (the treatment)


NOTHING = Match()


class Situations:
    """The content's situations with the model learned from its examples, and what every search asks."""

    def __init__(self, situations: Sequence[Situation], model: Classifier | None):
        self.situations = tuple(situations)
        self.model = model
        self.by_id = {s.id: s for s in self.situations}
        self._general = next((s for s in self.situations if s.fallback), None)
        self._others = _others_help(self.situations)

    def learned(self, text: str) -> Match:
        """The situation the model reads in `text` (see classifier.py), if it is sure enough."""
        if self.model is None:
            return NOTHING
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
        by_id = self.by_id
        chosen = by_id.get(decision.label)
        if decision.known < KNOWN:
            return NOTHING
        if decision.label == NONE:
            # "Nothing" said without conviction, a situation close behind: the words lean to it.
            leans = decision.score < LEAST_SCORE and decision.runner_up in by_id
            return Match(fallback=self._general, score=decision.score) if leans else NOTHING
        if chosen is None:
            return NOTHING
        if decision.score < LEAST_SCORE:
            # The words lean to a situation without saying which: they speak of violence or fear, so
            # the general help is the answer where the search finds nothing better (see engine.py).
            # A lean to the treatment for people who use violence keeps it in sight, third.
            also = by_id.get(IN_SIGHT) if decision.label == IN_SIGHT else None
            return Match(fallback=self._general, score=decision.score, also=also)
        close = decision.runner_up == IN_SIGHT and decision.score - decision.runner_up_score < IN_SIGHT_MARGIN
        also = by_id.get(IN_SIGHT) if close else None
        return Match(chosen, chosen.urgent, self._general, decision.score, alarmed=chosen.urgent, also=also)

    def general(self) -> Situation | None:
        """The general help for violence (the situation marked `fallback`), if there is one."""
        return self._general

    def others_help(self) -> frozenset[str]:
        """What is help for another writer than a person subjected to violence: never her first result.

        The first service of each guarded situation (a professional's, a child's, new parents'), and
        every service of the situation of a person who uses violence but its first (1888).
        """
        return self._others

    def match(self, text: str) -> Match:
        """The situation `text` speaks of, if the model is sure enough (NOTHING without a model)."""
        return self.learned(text)


def _others_help(situations: Sequence[Situation]) -> frozenset[str]:
    found = set()
    for situation in situations:
        if situation.id in GUARDED and situation.services:
            found.add(situation.services[0])
        elif situation.id in OTHER_WRITERS:
            found.update(situation.services[1:])
    return frozenset(found)


def compile_situations(content: Content) -> Situations | None:
    """The content's situations with their model (trained here, once per set of examples; needs
    scikit-learn); None when the content has no situations file."""
    if content.situations is None:
        return None
    model = train(content.examples.sentences) if content.examples is not None else None
    return Situations(content.situations, model)


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
