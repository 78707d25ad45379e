"""Handouts for staff: a one-page A4 sheet or pocket cards, in one language or two side by side.

Everything the staff member chose is in the URL (GET), so a handout can be bookmarked and
nothing is stored on the server. Bad input is left out with a message, never an error page.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, g, get_template_attribute, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup

from ..content.contacts import bare_address
from ..content.model import Content, Localised
from ..country import EMERGENCY, HOTLINE_SERVICE
from ..languages import KNOWN_LANGUAGES, Language
from . import i18n
from .i18n import in_language, municipality_name
from .paper import discreet, paper_name
from .qr import qr_svg

bp = Blueprint("sheet", __name__, url_prefix="/<lang>")

FORMATS = ("a4", "card")
HOTLINE = HOTLINE_SERVICE  # 1888: on every handout, whatever was chosen
# What fits on one A4 page in two languages with the longest texts we have; the tests prove it.
MAX_SERVICES = 7
CARDS_PER_PAGE = 5  # 85 x 55 mm, front and back side by side: five rows fill an A4 page
MAX_CARD_LINES = 4  # phone numbers on the back of a pocket card
MAX_PARAMS = 100  # distinct r= values looked at; a silly URL costs no more than that
# Shown to staff on the builder and the handout preview (never printed) while PUBLIC_URL is not set.
NO_ADDRESS = _l(
    "The site's public address is not configured, so handouts are printed without a QR code or web "
    "address. Ask IT to set HELPSITE_PUBLIC_URL."
)


@dataclass(frozen=True)
class ReadySet:
    """A ready-made choice of services for a common situation."""

    key: str
    label: LazyString  # translated when shown
    ids: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()

    def members(self, content: Content) -> tuple[str, ...]:
        """The ids of the services in this set, in display order (new content joins by category);
        the municipality adds its own under `sheets:` in municipality.yml."""
        ids = (*self.ids, *content.municipality.sheets.get(self.key, ()))
        return tuple(
            s.id
            for s in content.ordered_services()
            if s.id in ids or s.category in self.categories or set(s.audiences) & set(self.audiences)
        )


READY_SETS = (
    ReadySet(
        "victims",
        _l("Subjected to violence"),
        ids=(HOTLINE, "politi", "offerraadgivningen"),
        categories=("crisis-centre",),
    ),
    ReadySet("perpetrators", _l("Uses violence"), audiences=("perpetrators",)),
    ReadySet(
        "honour",
        _l("Honour-related conflict"),
        ids=(HOTLINE, "krisecentre", "politi"),
        categories=("honour",),
    ),
    ReadySet(
        "child",
        _l("Worried about a child"),
        ids=(HOTLINE, "underretning"),  # every municipality has one (content/layers.py)
        categories=("children",),
    ),
)
SETS_BY_KEY = {s.key: s for s in READY_SETS}


@dataclass(frozen=True)
class Choice:
    """What the URL asks for, cleaned: known ids only, a usable second language and format."""

    ids: tuple[str, ...] = ()
    also: str | None = None
    format: str | None = None  # None: show the builder
    ready_set: str | None = None
    bad_format: bool = False  # an unknown format= value, shown as the A4 sheet
    messages: tuple[str, ...] = field(default=())


def read_choice(content: Content, lang: str) -> Choice:
    """Read r=, set=, also= and format= from the query string; drop what is unknown, say what was dropped."""
    args = request.args
    messages: list[str] = []
    # Distinct values only, and only so many: a URL with 500 r= parameters costs nothing.
    wanted = [value for value in dict.fromkeys(args.getlist("r")) if value][:MAX_PARAMS]
    ready = SETS_BY_KEY.get(args.get("set", ""))
    if args.get("set") and ready is None:
        messages.append(_("That ready-made set does not exist. Choose services below."))
    if ready is not None:
        wanted += ready.members(content)
    unknown = {value for value in wanted if value not in content.services}
    if unknown:
        messages.append(
            ngettext(
                "%(num)d chosen service was not found and is left out.",
                "%(num)d chosen services were not found and are left out.",
                len(unknown),
            )
        )
    # Display order, so the crisis lines come first whatever order the URL has.
    ids = tuple(s.item.key for s in content.list_services(lang) if s.item.key in wanted)
    also = args.get("also") or None
    if also is not None and not i18n.is_language(current_app, also):
        messages.append(_("That second language is not available, so the handout is in one language."))
        also = None
    if also == lang:
        also = None
    fmt = args.get("format")
    bad_format = fmt is not None and fmt not in FORMATS
    return Choice(
        ids, also, "a4" if bad_format else fmt, ready.key if ready else None, bad_format, tuple(messages)
    )


def public_url() -> str | None:
    """The site's configured public address (PUBLIC_URL), or None when it is unset or loopback.

    A loopback address (127.0.0.0/8, ::1, localhost) is this machine's own: printed on a handout it
    would lead the person nowhere, so a handout then carries no address and no QR code at all.
    """
    url = (current_app.config.get("PUBLIC_URL") or "").strip()
    try:
        host = urlsplit(url).hostname
    except ValueError:  # a malformed address (e.g. an unclosed [) is as good as none
        return None
    if not host or host == "localhost" or host.endswith(".localhost"):
        return None
    try:
        if ipaddress.ip_address(host).is_loopback:
            return None
    except ValueError:
        pass  # a name, not a number
    return url.rstrip("/")


def site_url(base: str, lang: str) -> str:
    """The public address of the site's home in `lang`: what the QR codes open."""
    return f"{base}/{lang}/"


@dataclass(frozen=True)
class Row:
    """One service on an A4 sheet: its text in each language (filled in per language) and its data."""

    entry: Localised
    texts: dict[str, Markup] = field(default_factory=dict)


@dataclass(frozen=True)
class Side:
    """One language of a handout: the sheet's head and emergency line, its QR code, its pocket card."""

    language: Language
    head: Markup
    emergency: Markup
    qr: Markup  # empty when the site's address is not configured
    card: Markup


def _side(content: Content, code: str, rows: list[Row], card_ids: tuple[str, ...]) -> Side:
    """Everything written in one language, rendered while that language is switched on."""

    def macro(name: str) -> Callable[..., Markup]:
        return get_template_attribute("sheet/parts.html", name)

    base = public_url()
    url = site_url(base, code) if base else None
    address = bare_address(url) if url else None  # as printed on paper
    municipality = municipality_name(code)
    language = KNOWN_LANGUAGES[code]
    with in_language(code):
        # No address configured: no QR code rather than one that leads nowhere.
        qr = qr_svg(url, _("QR code: opens %(address)s", address=address)) if url else Markup("")
        for row in rows:
            row.texts[code] = macro("service_text")(content.service(row.entry.item.key, code))
        card = macro("pocket_card")(
            content.service(HOTLINE, code),
            [content.service(i, code) for i in card_ids],
            _front_numbers(content),
            qr,
            municipality,
            address if address and discreet(address) else None,  # the QR code still leads there
        )
        return Side(
            language=language,
            head=macro("head")(municipality, address, language),
            emergency=macro("emergency")(),
            qr=qr,
            card=card,
        )


def _front_numbers(content: Content) -> tuple[str, ...]:
    """The numbers on the front of every pocket card: 112 and the national hotline."""
    hotline = content.services.get(HOTLINE)
    return (EMERGENCY, *(c.digits for c in hotline.phones)) if hotline else (EMERGENCY,)


def _card_ids(content: Content, ids: tuple[str, ...]) -> tuple[str, ...]:
    """Services for the back of a pocket card: those with a phone number not already on the front."""
    front = _front_numbers(content)
    chosen = [i for i in ids if any(c.digits not in front for c in content.services[i].phones)]
    return tuple(chosen[:MAX_CARD_LINES])


@bp.get("/sheet")
def sheet() -> str:
    """The handout builder; with format= the printable A4 sheet or pocket cards."""
    content: Content = current_app.extensions["helpsite.store"].content
    lang = g.lang
    choice = read_choice(content, lang)
    messages = list(choice.messages)
    if public_url() is None:
        messages.append(NO_ADDRESS)
    if choice.format is None or not choice.ids:
        if choice.format is not None:
            messages.append(_("Choose at least one service for the handout."))
        return _builder(content, choice, messages)
    if choice.bad_format:
        messages.append(_("That format is unknown, so here is the A4 sheet."))
    ids = tuple(i for i in choice.ids if i != HOTLINE)  # the hotline has its own place at the top
    if len(ids) > MAX_SERVICES - 1:
        messages.append(
            _("A sheet holds at most %(num)d services, so the first ones are on it.", num=MAX_SERVICES)
        )
        ids = ids[: MAX_SERVICES - 1]
    rows = [Row(entry) for i in (HOTLINE, *ids) if (entry := content.service(i, lang)) is not None]
    card_ids = _card_ids(content, ids)
    codes = [lang, choice.also] if choice.also else [lang]
    sides = [_side(content, code, rows, card_ids) for code in codes]
    return render_template(
        "sheet/handout.html",
        choice=choice,
        messages=messages,
        rows=rows,
        sides=sides,
        # Pocket cards alternate between the two languages, row by row.
        cards=[sides[n % len(sides)] for n in range(CARDS_PER_PAGE)],
        left_off_cards=len([i for i in ids if i not in card_ids]),
        has_address=public_url() is not None,
        edit_args={"r": list(choice.ids), **({"also": choice.also} if choice.also else {})},
    )


def _builder(content: Content, choice: Choice, messages: list[str]) -> str:
    """The form: ready sets, services, a second language and the format."""
    lang = g.lang
    return render_template(
        "sheet/builder.html",
        choice=choice,
        messages=messages,
        services=content.list_services(lang),
        sets=[(s, len(s.members(content))) for s in READY_SETS],
        other_languages=[x for x in i18n.enabled_languages(current_app) if x.code != lang],
        max_services=MAX_SERVICES,
        cards_per_page=CARDS_PER_PAGE,
    )


def init_app(app: Flask) -> None:
    """Register the handout builder and the pocket card's label filter."""
    app.register_blueprint(bp)
    app.add_template_filter(paper_name)
