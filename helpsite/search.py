"""Search over services and pages (interface; the Whoosh index is built in issue 4)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from .content import Content

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, never refused


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


class Engine:
    """Answers searches for the views."""

    def __init__(self, app: Flask):
        self.store = app.extensions["helpsite.store"]

    @property
    def content(self) -> Content:
        return self.store.content

    def search(
        self, query: str, lang: str, audience: str | None = None, category: str | None = None
    ) -> Outcome:
        """Browse by audience and category."""
        query = " ".join(query.split())[:MAX_QUERY_LENGTH]
        hits = tuple(
            Hit("service", s.item.id)
            for s in self.content.list_services(lang, category=category, audience=audience)
        )
        return Outcome(query, hits if (audience or category) else ())


def init_app(app: Flask) -> None:
    """Make the search engine available to the views."""
    app.extensions["helpsite.search"] = Engine(app)
