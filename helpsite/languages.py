"""The site's languages: codes, names, text direction, the default language, its time zone, negotiation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel import negotiate_locale

from .country import TIMEZONE_NAME

DEFAULT_LANGUAGE = "da"
# Opening hours, "open now" and content dates are the country's local time (country.py).
TIMEZONE = ZoneInfo(TIMEZONE_NAME)


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
DANISH = KNOWN_LANGUAGES[DEFAULT_LANGUAGE]


def today() -> dt.date:
    """Today's date in Copenhagen."""
    return dt.datetime.now(TIMEZONE).date()


def check_languages(codes: Iterable[str]) -> None:
    """Refuse a LANGUAGES setting without Danish or with a code we do not know."""
    codes = list(codes)
    unknown = [code for code in codes if code not in KNOWN_LANGUAGES]
    if unknown or DEFAULT_LANGUAGE not in codes:
        raise ValueError(
            f"LANGUAGES must include {DEFAULT_LANGUAGE!r} and only known codes "
            f"({', '.join(KNOWN_LANGUAGES)}); unknown: {unknown}"
        )


def negotiate(preferred: Iterable[str], enabled: Iterable[str]) -> str:
    """The best enabled language for the browser's languages (best first), else Danish.

    Babel tries each preferred tag in turn, exactly and then by its primary subtag, so
    "da-DK, en;q=0.8" is Danish (werkzeug's best_match would prefer the exact "en").
    """
    # No aliases: Babel's would turn "da" into "da_DK", which is not one of our codes.
    tags = [tag.replace("_", "-") for tag in preferred]
    found = negotiate_locale(tags, list(enabled), sep="-", aliases={})
    return found.split("-")[0].lower() if found else DEFAULT_LANGUAGE
