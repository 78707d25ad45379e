"""The /<lang>/ URL prefix, Flask-Babel, the reader's language, and the taxonomy's labels translated."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from flask import Flask, abort, current_app, g, request
from flask_babel import Babel, force_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from jinja2.ext import _make_new_gettext, _make_new_ngettext  # Jinja's own newstyle wrappers
from markupsafe import Markup, escape
from werkzeug.routing import BaseConverter

from ..content.municipality import Municipality
from ..languages import DEFAULT_LANGUAGE, KNOWN_LANGUAGES, TIMEZONE_NAME, Language, check_languages, negotiate
from ..taxonomy import AUDIENCE_NAMES, CATEGORY_NAMES


def municipality() -> Municipality:
    """Whose site this is (municipality.yml, loaded with the content); MUNICIPALITY_NAME renames it."""
    store = current_app.extensions.get("helpsite.store")
    found = store.content.municipality if store is not None else Municipality()
    override = current_app.config.get("MUNICIPALITY_NAME")
    return Municipality(slug=found.slug, name=override) if override else found


def municipality_name(lang: str | None = None) -> str:
    """The municipality's name as a reader of `lang` (default: the request's language) reads it."""
    return municipality().name_in(lang or lang_code())


def own_services_label() -> str:
    """The label of the municipality's own services in the reader's language ("... Kommunes egne tilbud")."""
    found, lang = municipality(), lang_code()
    given = found.forms.get(lang, {}).get("own_services")
    # %(genitive)s: the name as this language's possessive (municipality.yml; see Municipality.genitive_in).
    return given or gettext("%(genitive)s own services", genitive=found.genitive_in(lang))


# The taxonomy's labels in the reader's language (taxonomy.py marks them for the catalogues); the
# municipality's own services are named after it, so that label is made when it is read.
OWN_SERVICES = "municipal"


class _NamedLabel(LazyString):
    """A lazy label with a name in it: escaped in a template like any text (Flask-Babel's is not)."""

    def __html__(self) -> Markup:
        return escape(str(self))


CATEGORY_LABELS = {code: _l(name) for code, name in CATEGORY_NAMES.items()}
CATEGORY_LABELS[OWN_SERVICES] = _NamedLabel(own_services_label)
AUDIENCE_LABELS = {code: _l(name) for code, name in AUDIENCE_NAMES.items()}


def audience_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(audience, its label in the reader's language) for each of `codes`."""
    translate = get_translations().ugettext
    return [(code, translate(AUDIENCE_NAMES[code])) for code in codes]


def category_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(category, its label in the reader's language) for each of `codes`.

    What the lazy labels above say, with the request's catalogue looked up once for the list: a lazy
    label asks Flask-Babel for the request's locale at each use (25 µs), and a search page shows
    about forty.
    """
    translate = get_translations().ugettext
    return [
        (code, own_services_label() if code == OWN_SERVICES else translate(CATEGORY_NAMES[code]))
        for code in codes
    ]


def enabled_languages(app: Flask) -> tuple[Language, ...]:
    """The languages switched on in this app, Danish first."""
    return tuple(KNOWN_LANGUAGES[code] for code in app.config["LANGUAGES"])


def lang_code() -> str:
    """The language of the current request (Danish outside a language prefix)."""
    return g.get("lang") or DEFAULT_LANGUAGE


def current_language() -> Language:
    """The Language of the current request."""
    return KNOWN_LANGUAGES[lang_code()]


def is_language(app: Flask, code: str | None) -> bool:
    """True when `code` is one of the app's switched-on languages."""
    return code in app.config["LANGUAGES"]


def best_language(app: Flask) -> str:
    """The best switched-on language for the request's Accept-Language header."""
    return negotiate((value for value, _quality in request.accept_languages), app.config["LANGUAGES"])


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Render interface strings, dates and day names in `code` for a while (a handout's second column)."""
    saved = g.get("lang")
    g.lang = code
    try:
        with force_locale(code):
            yield
    finally:
        g.lang = saved


class LanguageConverter(BaseConverter):
    """`<lang:lang>` in a route: two or three lowercase letters, so `/favicon.ico` is not a language."""

    regex = "[a-z]{2,3}"


def _pull_language(endpoint: str | None, values: dict | None) -> None:
    # The language leaves the URL once, here, for every route under /<lang>/.
    if values is not None and "lang" in values:
        code = values.pop("lang")
        g.lang = code if is_language(current_app, code) else None
        g.bad_lang = g.lang is None


def _add_language(endpoint: str, values: dict) -> None:
    # Keep the reader's language in every URL built for a route under /<lang>/.
    if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = lang_code()


def _require_known_language() -> None:
    # An unknown language prefix is a 404, shown in Danish.
    if g.get("bad_lang"):
        abort(404)


def _language_context() -> dict:
    # The templates' _() and ngettext bound to this request's catalogue once per render: Flask-Babel's
    # own look up the request's locale again at each of the hundred or so strings of a page (a fifth
    # of a search page's time). Jinja's newstyle wrappers keep autoescaping and %(name)s as before.
    translations = get_translations()
    return {
        "gettext": _make_new_gettext(translations.ugettext),
        "ngettext": _make_new_ngettext(translations.ungettext),
        "language": current_language(),
        "languages": enabled_languages(current_app),
        "category_labels": CATEGORY_LABELS,
        "municipality_name": municipality_name(),
        "audience_labels": AUDIENCE_LABELS,
    }


def init_app(app: Flask) -> None:
    """Check the LANGUAGES setting, set up Flask-Babel and the language prefix."""
    check_languages(app.config["LANGUAGES"])
    app.url_map.converters["lang"] = LanguageConverter
    Babel(
        app,
        locale_selector=lang_code,
        default_translation_directories=str(app.config["TRANSLATIONS_DIR"]),
        default_timezone=TIMEZONE_NAME,
    )
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_add_language)
    app.before_request(_require_known_language)
    app.context_processor(_language_context)
