"""The content as plain immutable objects: services, pages, their texts, and the language fallback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ..languages import DEFAULT_LANGUAGE, TIMEZONE
from .contacts import Contact
from .examples import Examples
from .municipality import Municipality
from .problems import Problem
from .provenance import Cited, Confirmation
from .publicholidays import holiday_name
from .situations import Situation

# The page on hiding a visit: every page links to it on its own (web/ gives it an address of its
# own), so lists and menus leave it out.
SAFETY = "safety"


@dataclass(frozen=True)
class Slot:
    """Opening hours on some weekdays, in Danish local time."""

    days: tuple[int, ...]  # 0 = Monday
    opens: dt.time
    closes: dt.time

    def covers(self, moment: dt.datetime) -> bool:
        """True when `moment` (local time) falls in this slot."""
        return moment.weekday() in self.days and self.opens <= moment.time() < self.closes


@dataclass(frozen=True)
class HolidayHours:
    """What a service says about public holidays: always open, closed (no times), or times that day."""

    always: bool = False
    times: tuple[tuple[dt.time, dt.time], ...] = ()

    def covers(self, moment: dt.datetime) -> bool:
        """True when the service is open at `moment` (local time) on a public holiday."""
        return self.always or any(opens <= moment.time() < closes for opens, closes in self.times)


# What Hours.state says: open, closed, or a public holiday the service has stated no hours for.
OPEN, CLOSED, HOLIDAY = "open", "closed", "holiday"


@dataclass(frozen=True)
class Hours:
    """When a service can be reached: always, or a set of weekly slots (and, if stated, holiday hours)."""

    always: bool
    slots: tuple[Slot, ...] = ()
    holidays: HolidayHours | None = None  # None: the service has not said

    def state(self, now: dt.datetime | None = None) -> str:
        """OPEN, CLOSED or HOLIDAY at `now` (default: this moment in Copenhagen)."""
        if self.always:
            return OPEN
        moment = (now or dt.datetime.now(TIMEZONE)).astimezone(TIMEZONE)
        if holiday_name(moment.date()) is not None:
            if self.holidays is not None:
                return OPEN if self.holidays.covers(moment) else CLOSED
            # A weekday service on a holiday it said nothing about: it may well be closed, so the
            # page says "call and ask" rather than a possibly false "open now".
            if any(moment.weekday() in slot.days for slot in self.slots):
                return HOLIDAY
        return OPEN if any(slot.covers(moment) for slot in self.slots) else CLOSED

    def is_open(self, now: dt.datetime | None = None) -> bool:
        """True when the service is known to be open at `now` (default: this moment in Copenhagen)."""
        return self.state(now) == OPEN


@dataclass(frozen=True)
class Text:
    """The words of a service or page in one language."""

    lang: str
    title: str
    summary: str
    body_html: str  # sanitised; an internal link's href is `service:<id>` or `page:<slug>` (web/links.py)
    body_text: str
    keywords: tuple[str, ...]
    translation: str  # "original" for the Danish file, else draft | reviewed
    path: str
    source: str | None = None  # fingerprint of the Danish file this translates
    links: tuple[tuple[str, str, int], ...] = ()  # (kind, target, line) of internal links

    @property
    def linked(self) -> tuple[tuple[str, str], ...]:
        """(kind, id) of every service and page the text links to, once each, in order."""
        return tuple(dict.fromkeys((kind, target) for kind, target, _ in self.links))


@dataclass(frozen=True)
class Service:
    """One directory entry: structured data from the Danish file, texts by language."""

    id: str
    category: str
    audiences: tuple[str, ...]
    crisis_line: bool
    order: int
    contacts: tuple[Contact, ...]
    hours: Hours | None
    free: bool | None
    anonymous: bool | None
    languages: tuple[str, ...]
    keywords: tuple[str, ...]
    sources: tuple[Cited, ...]
    path: str
    fingerprint: str
    texts: Mapping[str, Text]
    organization: str | None = None  # who runs it, when that is not the service itself
    many_providers: bool = False  # a kind of help many places give: no organization runs it
    confirmed: Confirmation | None = None  # None: nobody has confirmed the facts live yet
    local: bool = False  # from the municipality's layer, not the national one (content/layers.py)

    @property
    def key(self) -> str:
        """The id (what a page's slug is to a page)."""
        return self.id

    @property
    def phones(self) -> tuple[Contact, ...]:
        """The phone contacts, in order."""
        return tuple(c for c in self.contacts if c.kind == "phone")


@dataclass(frozen=True)
class Page:
    """A content page: about, recognising violence, for professionals, safety."""

    slug: str
    order: int
    sources: tuple[Cited, ...]
    path: str
    fingerprint: str
    texts: Mapping[str, Text]
    confirmed: Confirmation | None = None
    local: bool = False  # from the municipality's layer

    @property
    def key(self) -> str:
        """The slug (what an id is to a service)."""
        return self.slug

    @property
    def about_services(self) -> bool:
        """True when the page links to a service: only then are its facts some service's to confirm."""
        return any(kind == "service" for text in self.texts.values() for kind, _ in text.linked)


Item = TypeVar("Item", Service, Page)


def in_display_order(items: Iterable[Item]) -> list[Item]:
    """Services or pages in the directory's order: by `order`, then by id, so ties never move."""
    return sorted(items, key=lambda item: (item.order, item.key))


@dataclass(frozen=True)
class Localised:
    """A service or page as shown in one language, with the fallback made explicit."""

    item: Service | Page
    text: Text
    lang: str

    @property
    def fallback(self) -> bool:
        """True when the text is not in the reader's language (Danish shown instead)."""
        return self.text.lang != self.lang

    @property
    def title_in_danish(self) -> bool:
        """True when the reader sees the Danish title: a fallback, or a translation that kept the name."""
        if self.lang == DEFAULT_LANGUAGE:
            return False
        # A translator may keep a Danish proper name ("Politiet"); screen readers must still say it in Danish.
        return self.fallback or self.text.title == self.item.texts[DEFAULT_LANGUAGE].title

    @property
    def draft(self) -> bool:
        """True when the text is a translation nobody has reviewed yet."""
        return self.text.translation == "draft"


def localise(item: Service | Page, lang: str) -> Localised:
    """The one place where a missing translation falls back to Danish."""
    return Localised(item, item.texts.get(lang) or item.texts[DEFAULT_LANGUAGE], lang)


@dataclass(frozen=True)
class Content:
    """Everything under site/content/, loaded once and never changed."""

    services: Mapping[str, Service]
    pages: Mapping[str, Page]
    synonyms: tuple[tuple[str, ...], ...]
    fingerprint: str
    warnings: tuple[Problem, ...] = field(default=())
    situations: tuple[Situation, ...] | None = None  # situations.yml: the help each situation shows first
    examples: Examples | None = None  # examples/: the sentences the search learns situations from
    synonym_lines: Mapping[str, int] = field(default_factory=dict)  # each synonym's line in synonyms.yml
    municipality: Municipality = field(default_factory=Municipality)  # whose site: its name and choices

    def service(self, service_id: str, lang: str) -> Localised | None:
        """The service in `lang`, falling back to Danish; None when there is no such id."""
        found = self.services.get(service_id)
        return None if found is None else localise(found, lang)

    def page(self, slug: str, lang: str) -> Localised | None:
        """The page in `lang`, falling back to Danish; None when there is no such slug."""
        found = self.pages.get(slug)
        return None if found is None else localise(found, lang)

    def items(self) -> list[Service | Page]:
        """Every service, then every page."""
        return [*self.services.values(), *self.pages.values()]

    def ordered_services(self) -> list[Service]:
        """Every service in display order."""
        return in_display_order(self.services.values())

    def ordered_pages(self) -> list[Page]:
        """Every page in display order."""
        return in_display_order(self.pages.values())

    def list_services(
        self, lang: str, category: str | None = None, audience: str | None = None
    ) -> list[Localised]:
        """Services in display order, optionally only one category or audience."""
        return [
            localise(s, lang)
            for s in self.ordered_services()
            if (category is None or s.category == category) and (audience is None or audience in s.audiences)
        ]

    def list_pages(self, lang: str) -> list[Localised]:
        """Pages in display order."""
        return [localise(p, lang) for p in self.ordered_pages()]

    def listed_pages(self, lang: str) -> list[Localised]:
        """The pages in lists and menus: all but the safety page, which every page links to on its own."""
        return [entry for entry in self.list_pages(lang) if entry.item.key != SAFETY]
