"""Result cards rendered in advance, per language and minute, so a search renders its cards by look-up.

A card (components/result_card.html) is the same for every reader: its service or page, in one
language, with "open now" as of this minute. Every card of a language is rendered at once, so what is
kept never tells which services a search showed; nothing here is keyed by, or keeps, a search's words.
Measured on the relevance queries, the card macros were most of a search page's rendering time.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from flask import Flask, get_template_attribute
from markupsafe import Markup

from ..content.model import Content, Localised, Page
from ..search.ranking import Hit


@dataclass(frozen=True)
class _Kept:
    fingerprint: str
    minute: int
    cards: dict[tuple[str, str], Markup]


class ResultCards:
    """Every result card of each language, for the content being served, rendered this minute."""

    def __init__(self) -> None:
        self._kept: dict[str, _Kept] = {}

    def cards(self, content: Content, lang: str) -> dict[tuple[str, str], Markup]:
        """Every card of `lang` by (kind, id), rendered this minute for this content."""
        minute = int(time.time() // 60)
        found = self._kept.get(lang)
        if found is None or found.fingerprint != content.fingerprint or found.minute != minute:
            card = get_template_attribute("components/result_card.html", "result_card")
            entries = [("service", s) for s in content.list_services(lang)]
            entries += [("page", p) for p in content.list_pages(lang)]
            found = _Kept(content.fingerprint, minute, {(kind, _id(e)): card(kind, e) for kind, e in entries})
            self._kept[lang] = found
        return found.cards


def chosen(cards: dict[tuple[str, str], Markup], hits: Iterable[Hit]) -> list[Markup]:
    """The cards of the hits, in their order."""
    return [cards[(hit.kind, hit.id)] for hit in hits if (hit.kind, hit.id) in cards]


def _id(entry: Localised) -> str:
    item = entry.item
    return item.slug if isinstance(item, Page) else item.id


def init_app(app: Flask) -> None:
    """One set of kept cards per app."""
    app.extensions["helpsite.cards"] = ResultCards()
