"""Languages, text direction, the /<lang>/ URL prefix and Flask-Babel set-up."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, g, request
from flask_babel import Babel
from werkzeug.routing import BaseConverter


@dataclass(frozen=True)
class Language:
    """One language the site can be shown in."""

    code: str
    native: str  # the language's name in itself, for the switcher
    rtl: bool = False

    @property
    def dir(self) -> str:
        """The HTML `dir` value for this language."""
        return "rtl" if self.rtl else "ltr"


# Every language the site shows, in the switcher's order. Adding a language is one row here
# (the LANGUAGES setting defaults to all of them), a translations/<code> catalogue and the
# content files; until a content file exists, readers see the Danish text with a notice.
KNOWN_LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("da", "Dansk"),
        Language("en", "English"),
        Language("ar", "العربية", rtl=True),
        Language("fa", "فارسی", rtl=True),
        Language("ur", "اردو", rtl=True),
        Language("tr", "Türkçe"),
        Language("so", "Soomaali"),
        Language("uk", "Українська"),
        Language("pl", "Polski"),
    )
}

DEFAULT_LANGUAGE = "da"


def enabled_languages(app: Flask) -> tuple[Language, ...]:
    """The languages switched on in this app, Danish first."""
    return tuple(KNOWN_LANGUAGES[code] for code in app.config["LANGUAGES"])


def current_language() -> Language:
    """The language of the current request (Danish outside a language prefix)."""
    return KNOWN_LANGUAGES[g.get("lang") or DEFAULT_LANGUAGE]


def is_language(app: Flask, code: str | None) -> bool:
    """True when `code` is one of the app's switched-on languages."""
    return code in app.config["LANGUAGES"]


def best_language(app: Flask) -> str:
    """The best switched-on language for the request's Accept-Language header."""
    # Compare primary subtags in the browser's order of preference: "da-DK, en;q=0.8" is Danish
    # (werkzeug's best_match would prefer the exact "en" over the regional "da-DK").
    for value, _quality in request.accept_languages:  # already sorted by quality
        primary = value.split("-")[0].split("_")[0].lower()
        if primary in app.config["LANGUAGES"]:
            return primary
    return DEFAULT_LANGUAGE


class LanguageConverter(BaseConverter):
    """`<lang:lang>` in a route: two or three lowercase letters, so `/favicon.ico` is not a language."""

    regex = "[a-z]{2,3}"


def _select_locale() -> str:
    return g.get("lang") or DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    """Check the LANGUAGES setting and set up Flask-Babel."""
    unknown = [code for code in app.config["LANGUAGES"] if code not in KNOWN_LANGUAGES]
    if unknown or DEFAULT_LANGUAGE not in app.config["LANGUAGES"]:
        raise ValueError(
            f"LANGUAGES must include {DEFAULT_LANGUAGE!r} and only known codes "
            f"({', '.join(KNOWN_LANGUAGES)}); unknown: {unknown}"
        )
    app.url_map.converters["lang"] = LanguageConverter
    Babel(
        app,
        locale_selector=_select_locale,
        default_translation_directories=str(app.config["TRANSLATIONS_DIR"]),
        default_timezone="Europe/Copenhagen",
    )

    @app.url_value_preprocessor
    def pull_language(endpoint: str | None, values: dict | None) -> None:
        # The language leaves the URL once, here, for every route under /<lang>/.
        if values is not None and "lang" in values:
            code = values.pop("lang")
            g.lang = code if is_language(app, code) else None
            g.bad_lang = g.lang is None

    @app.url_defaults
    def add_language(endpoint: str, values: dict) -> None:
        # Keep the reader's language in every URL built for a route under /<lang>/.
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = g.get("lang") or DEFAULT_LANGUAGE

    @app.before_request
    def require_known_language() -> None:
        # An unknown language prefix is a 404, shown in Danish.
        if g.get("bad_lang"):
            abort(404)

    @app.context_processor
    def language_context() -> dict:
        return {"language": current_language(), "languages": enabled_languages(app)}
