"""The search engine the views ask: cleans a query, opens the generation being served, runs the ranking."""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..content.model import Content
from . import analysis, gender, ranking, situations
from .classifier import OTHER_WRITERS
from .opened import OpenGeneration
from .ranking import MAX_RESULTS, Hit

log = logging.getLogger("helpsite")

MAX_QUERY_LENGTH = 200  # characters: a longer query is cut here, never refused (the field's maxlength too)
MAX_QUERY_WORDS = 12  # words after the cut: bounds the work one query can cause
# A query of this many words or fewer that the index answers is a keyword ("politi", "mandecenter"):
# a learned situation leads it only when the model is SURE of it ("vold", "krisecenter").
KEYWORDS = 2
SURE = 0.15
# Two words the index answers with a service are its name ("red center") unless the model reads a
# situation in them above this ("zawji 3anif" finds RED's texts on marriage; it is a husband's violence).
NAMED = -0.3
# Bidi controls and other invisible format characters a pasted or RTL query may carry.
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Outcome:
    """What a search returns: the (cleaned) query, the hits, a "did you mean", and its situation."""

    query: str
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    urgent: bool = False  # the words speak of immediate danger: 112 first
    situation: str | None = None  # the id of the situation that put its services first


class Served(Protocol):
    """What the engine needs of the content store: the content, its situations, the generation served."""

    content: Content
    situations: situations.Situations | None
    generation: str | None


def clean(query: str) -> str:
    """The query as searched and shown: no control or bidi characters, one space, cut at the limit."""
    query = _INVISIBLE.sub("", query or "")
    query = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in query)
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


def _in_sight(hits: tuple[Hit, ...], hit: Hit) -> tuple[Hit, ...]:
    """`hits` with `hit` among the first three: third when it is not there already, never first."""
    if hit.id in [h.id for h in hits[:3]]:
        return hits
    return (*hits[:2], hit, *(h for h in hits[2:] if h.id != hit.id))[:MAX_RESULTS]


class Engine:
    """Answers searches for the views, from the index generation the content store serves."""

    def __init__(self, store: Served, index_dir: Path):
        self.store = store
        self.index_dir = Path(index_dir)
        self._generation: OpenGeneration | None = None
        self._lock = threading.Lock()
        self._warned: str | None = None
        self._names: tuple[Content | None, dict[str, str]] = (None, {})

    @property
    def content(self) -> Content:
        """The content the store serves now."""
        return self.store.content

    def _named(self, found: Sequence[str]) -> str | None:
        """The service whose name (in any language, or its id) the words are exactly, if any."""
        content = self.content
        if self._names[0] is not content:  # once per content build
            names: dict[str, str] = {}
            for service in content.services.values():
                for text in (*service.texts.values(), None):
                    title = text.title if text is not None else service.id.replace("-", " ")
                    names.setdefault(" ".join(analysis.fold(w) for w in analysis.words(title)), service.id)
            self._names = (content, names)
        return self._names[1].get(" ".join(analysis.fold(w) for w in found))

    def _current(self) -> OpenGeneration | None:
        name = self.store.generation
        generation = self._generation
        if generation is not None and generation.name == name:
            return generation
        with self._lock:
            if self._generation is None or self._generation.name != name:
                self._generation = self._open(name)  # the old one holds no file: nothing to close
            return self._generation

    def _open(self, name: str | None) -> OpenGeneration | None:
        if name is None:
            if self._warned != "none":
                log.error("search: there is no index in %s; run `flask search build`", self.index_dir)
                self._warned = "none"
            return None
        try:
            return OpenGeneration(name, self.index_dir / name, ranking.FUZZY_FIELDS)
        except Exception as error:  # a broken or vanished folder: answer with nothing, never a 500
            if self._warned != name:
                log.error("search: the index %s could not be opened (%s)", name, error)
                self._warned = name
            return None

    def _never_others_first(
        self,
        known: situations.Situations,
        found: tuple[str, ...],
        hits: tuple[Hit, ...],
        leading: list[tuple[str, str]],
        situation: situations.Situation | None,
        audience: str | None,
        category: str | None,
    ) -> tuple[list[tuple[str, str]], situations.Situation | None]:
        """No answer not read as another writer's starts with that writer's help (the treatment for
        people who use violence, a course for new parents): a sentence gets the general help for
        violence first (1888, the crisis centres, the police), a word or two gets 1888 before the rest."""
        head = leading[0][1] if leading else hits[0].id if hits else None
        general = known.general()
        if head not in known.others_help() or general is None or not general.services:
            return leading, situation
        if len(found) > KEYWORDS:
            return situations.first(situations.Match(general), hits, self.content, audience, category)
        line = ("service", general.services[0])
        return [line, *(key for key in leading if key != line)], situation

    def search(
        self, query: str, lang: str, audience: str | None = None, category: str | None = None
    ) -> Outcome:
        """Search every language for `query`; with no words, browse by audience and category."""
        text = clean(query)
        found = analysis.words(text)[:MAX_QUERY_WORDS]
        if not found:
            if not (audience or category):
                return Outcome(text, ())
            listed = self.content.list_services(lang, category=category, audience=audience)
            return Outcome(text, tuple(Hit("service", s.item.key) for s in listed))
        # The situation layer works in memory on these words alone, so it answers even without an index.
        content = self.content
        variants = [analysis.variants(w) for w in found]
        known = self.store.situations
        # Only words speak of a situation: a phone number or a date is for the index alone.
        worded = any(not w.isdigit() for w in found)
        match = known.match(" ".join(found)) if known is not None and worded else situations.NOTHING
        # A situation that fills the first three places makes the fuzzy retry (the dearest part of a
        # search) change nothing a person looks at.
        filtered = bool(audience or category)
        leads = match.situation is not None and len(match.situation.services) >= 3 and not filtered
        hits: tuple[Hit, ...] = ()
        suggestion = None
        generation = self._current()
        if generation is not None:
            try:
                limit = ranking.restriction(generation, audience, category)
                hits = ranking.run(generation, found, limit, fuzzy_all=False, variants=variants)
                if len(hits) < 3 and not leads:
                    hits = ranking.run(generation, found, limit, fuzzy_all=True, variants=variants)
                suggestion = None if hits else ranking.suggest(generation, found, limit)
            except Exception:  # a damaged index: the page still answers, with 112 and 1888
                log.exception("search: the index %s failed", generation.name)
                hits, suggestion = (), None
        short = len(found) <= KEYWORDS
        words_of_violence = False
        if short and match.score < SURE and not match.alarmed:
            # A word or two the model is not sure of: a keyword the index answers best, or a typo that
            # "did you mean" answers; never a guess. But two words the model reads as a situation that
            # name no service ("zawji 3anif", "byłam pobita") get the general help, not a page or a
            # spelling their words happen to resemble.
            read = match.situation is not None and match.score >= situations.LEAST_SCORE
            named = bool(hits) and hits[0].kind == "service"
            spelled = suggestion is not None and len(found) == 1  # one word, a typo "did you mean" mends
            # One word is a keyword ("familiebehandling", "free"): only two make a sentence here.
            words_of_violence = len(found) == 2 and read and not (named and match.score < NAMED)
            match = situations.Match(fallback=match.fallback if read and not spelled else None)
        leaning = match.situation is None and match.fallback is not None and (not short or words_of_violence)
        if leaning:
            # A sentence the model leans to read as violence or fear, unsure of which help: 1888, the
            # crisis centres and the police lead, never the pages its words happen to share.
            match = dataclasses.replace(match, situation=match.fallback)
        leading, situation = situations.first(match, hits, content, audience, category)
        if known is not None and not (situation and situation.id in OTHER_WRITERS):
            leading, situation = self._never_others_first(
                known, found, hits, leading, situation, audience, category
            )
        if leading:
            ahead = {key: Hit(*key) for key in leading}
            # What a keyword named, or what the words of a sentence read only as general found best.
            own = hits[0] if hits and (short or leaning) else None
            if (
                own is not None
                and leaning
                and not short
                and known is not None
                and own.id in known.others_help()
            ):
                own = None
            hits = (*ahead.values(), *(h for h in hits if (h.kind, h.id) not in ahead))[:MAX_RESULTS]
            if own is not None:
                # "mandecenter": the situation (a safe place) leads, and the centre named stays in sight.
                hits = _in_sight(hits, own)
            suggestion = None
        if match.also is not None and len(hits) > 2:
            # Never first: the treatment for people who use violence comes third where the model read
            # it a close second ("he hits me" and "I hit her" share words).
            shown = {h.id for h in hits[:2]}
            extra = next((sid for sid in match.also.services if sid not in shown), None)
            if extra is not None:
                hits = _in_sight(hits, Hit("service", extra))
        asked = self._named(found) if not filtered else None
        if asked is not None:
            # A service asked for by its name ("Dialog mod Vold", "BørneTelefonen") comes first.
            hits = (Hit("service", asked), *(h for h in hits if h.id != asked))[:MAX_RESULTS]
        other_sex = gender.not_for(text)  # "I am a man": Danner (for women) is no help to him
        if other_sex:
            hits = tuple(h for h in hits if h.id not in other_sex)
        return Outcome(text, hits, suggestion, match.urgent, situation.id if situation else None)
