"""The search results page, put together from parts rendered in advance: a search then costs its query.

Rendering a whole page with Jinja and Flask-Babel costs more than the Whoosh query itself (dozens of
translated strings, the language menu, a card macro per result). None of that depends on the words:
- the cards: every service and page of a language, rendered at once (so what is kept never tells
  which services a search showed), again each minute, since a card says whether a service is open now;
- the shell: the page around the results, rendered once per content build and language with marks
  where the 112 call-out, the (escaped) words and the results go;
- the results part around the cards ("3 results"), for every number of cards and both forms (alone
  for site.js, or in the page; with and without the call-out), rendered at once per content build and
  language, so what is kept never tells how many results a search had or whether it was urgent.
Nothing here is keyed by, or keeps, the words of a search. A search that found nothing (its "did you
mean" holds words) is rendered whole.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask import Flask, current_app, get_template_attribute
from markupsafe import Markup, escape

from ..content.model import Content, Localised, Page
from ..search.ranking import MAX_RESULTS, Hit

# Private-use characters: never in a template, and escaping leaves them as they are.
_MARKS = {"urgent": "\ue000urgent\ue000", "query": "\ue000query\ue000", "results": "\ue000results\ue000"}
_CARD = Markup("\ue000card\ue000")


@dataclass(frozen=True)
class _Cards:
    fingerprint: str
    minute: int
    cards: dict[tuple[str, str], Markup]


@dataclass(frozen=True)
class _Shell:
    fingerprint: str
    parts: tuple[str, str, str, str]  # before the call-out, before the words, before the results, after
    urgent: Markup  # the 112 call-out in this language


@dataclass(frozen=True)
class _Results:
    fingerprint: str
    parts: dict[tuple[int, bool, bool], tuple[str, ...]]  # (cards, alone, urgent) -> what goes around them


class SearchPage:
    """The parts of the search page for each language, for the content being served."""

    def __init__(self) -> None:
        self._cards: dict[str, _Cards] = {}
        self._shells: dict[str, _Shell] = {}
        self._results: dict[str, _Results] = {}

    def cards(
        self, content: Content, lang: str, kept_only: bool = False
    ) -> dict[tuple[str, str], Markup] | None:
        """Every result card of `lang` by (kind, id), rendered this minute for this content.

        `kept_only`: None rather than render them (outside Flask, where nothing can be rendered).
        """
        minute = int(time.time() // 60)
        found = self._cards.get(lang)
        if found is None or found.fingerprint != content.fingerprint or found.minute != minute:
            if kept_only:
                return None
            card = get_template_attribute("components/result_card.html", "result_card")
            entries = [("service", s) for s in content.list_services(lang)]
            entries += [("page", p) for p in content.list_pages(lang)]
            cards = {(kind, _id(entry)): card(kind, entry) for kind, entry in entries}
            found = _Cards(content.fingerprint, minute, cards)
            self._cards[lang] = found
        return found.cards

    def results(
        self,
        content: Content,
        lang: str,
        cards: list[Markup],
        alone: bool,
        urgent: bool,
        render: Callable[..., str] | None,
    ) -> str | None:
        """The results part for these cards (None: nothing found, or too many: render it whole).

        `render(**parts)` renders components/results.html with the labels and `parts`, nothing else;
        without it (outside Flask), None when the parts are not rendered yet.
        """
        found = self._results.get(lang)
        if found is None or found.fingerprint != content.fingerprint:
            if render is None:
                return None
            found = self._results[lang] = _Results(content.fingerprint, self._around_cards(render))
        parts = found.parts.get((len(cards), alone, urgent))
        if parts is None:
            return None
        return "".join(p for pair in zip(parts, (*cards, ""), strict=True) for p in pair)

    @staticmethod
    def _around_cards(render: Callable[..., str]) -> dict[tuple[int, bool, bool], tuple[str, ...]]:
        parts = {}
        for count in range(1, MAX_RESULTS + 1):
            for alone in (False, True):
                for urgent in (False, True):
                    html = render(
                        searched=True,
                        results=[None] * count,
                        cards=[_CARD] * count,
                        suggestion=None,
                        fragment=alone,
                        urgent=urgent,
                        audience=None,
                        category=None,
                    )
                    if html.count(_CARD) == count:  # else: rendered whole every time
                        parts[(count, alone, urgent)] = tuple(html.split(_CARD))
        return parts

    def page(
        self,
        content: Content,
        lang: str,
        render: Callable[..., str] | None,
        query: str,
        urgent: bool,
        results: str,
    ) -> str | None:
        """The whole page: the shell with the call-out, the words and the results put in (None: render it).

        Without `render` (outside Flask), None when the shell is not rendered yet.
        """
        shell = self._shells.get(lang)
        if shell is None or shell.fingerprint != content.fingerprint:
            if render is None:
                return None
            shell = self._shell(content, lang, render)
            if shell is None:
                return None
        before, words, rest, after = shell.parts
        return "".join((before, shell.urgent if urgent else "", words, escape(query), rest, results, after))

    def _shell(self, content: Content, lang: str, render: Callable[..., str]) -> _Shell | None:
        html = render(query=_MARKS["query"], slots={k: Markup(v) for k, v in _MARKS.items()})
        pieces = []
        for mark in _MARKS.values():
            if html.count(mark) != 1:  # a template that moved a slot: render every page whole instead
                current_app.logger.error("search page: the shell has no single %r", mark)
                return None
            head, html = html.split(mark)
            pieces.append(head)
        urgent = get_template_attribute("components/urgent.html", "urgent_callout")()
        shell = _Shell(content.fingerprint, (*pieces, html), urgent)  # type: ignore[arg-type]
        self._shells[lang] = shell
        return shell


def chosen(cards: dict[tuple[str, str], Markup], hits: Iterable[Hit]) -> list[Markup]:
    """The cards of the hits, in their order."""
    return [cards[(hit.kind, hit.id)] for hit in hits if (hit.kind, hit.id) in cards]


def _id(entry: Localised) -> str:
    item = entry.item
    return item.slug if isinstance(item, Page) else item.id


def init_app(app: Flask) -> None:
    """One SearchPage per app."""
    app.extensions["helpsite.search_page"] = SearchPage()
