"""The form's choices in Danish, stored as the codes the files hold: one label per code.

Categories and audiences are worded as the site's Danish pages word them (the Danish catalogue
translates taxonomy.py's labels); the rest are editor words kept here. Opening days may be typed as
Danes write them ("man-fre"): the form accepts both, and the file keeps the codes (mon-fri).
"""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from ..config import ROOT
from ..taxonomy import AUDIENCE_NAMES, CATEGORY_NAMES
from . import model

CATALOGUE = ROOT / "translations" / "da" / "LC_MESSAGES" / "messages.po"
# Danish day names, in model.DAYS's order (mon ... sun).
DANISH_DAYS = ("man", "tir", "ons", "tor", "fre", "lør", "søn")
EDITOR_LABELS: dict[str, dict[str, str]] = {
    "kind": {"phone": "Telefon", "sms": "SMS", "email": "E-mail", "web": "Hjemmeside"},
    "translation": {
        "draft": "Kladde (ikke gennemlæst)",
        "reviewed": "Gennemlæst af en anden, der kan sproget",
    },
    "by": {
        "kommunikation": "Kommunikation",
        "sundhedsplejen": "Sundhedsplejen",
        "familieafdelingen": "Familieafdelingen",
        "jobcentret": "Jobcentret",
        "it": "IT",
        "bureau": "Oversættelsesbureau",
    },
}


@cache
def _danish() -> dict[str, str]:
    """The Danish catalogue's translations (English message id -> Danish)."""
    with CATALOGUE.open("rb") as po:
        return {str(m.id): str(m.string) for m in read_po(po) if m.id and m.string}


def labels(name: str) -> dict[str, str]:
    """Code -> Danish label for the choice field `name` (empty when it has no labels)."""
    if name == "category":
        # The editor is every municipality's: its own services are "Kommunens egne tilbud" here.
        found = {code: _danish().get(english, english) for code, english in CATEGORY_NAMES.items()}
        return {
            code: label % {"genitive": "Kommunens"} if "%(" in label else label
            for code, label in found.items()
        }
    if name in ("audiences", "audience"):
        return {code: _danish().get(english, english) for code, english in AUDIENCE_NAMES.items()}
    return EDITOR_LABELS.get(name, {})


def options(name: str, codes: tuple[str, ...] | list[str]) -> list[dict[str, str] | str]:
    """Decap's select options for `codes`: {label, value}, the label Danish where one is known."""
    named = labels(name)
    return [{"label": named[code], "value": code} if code in named else code for code in codes]


_DANISH_DAY = re.compile("|".join(DANISH_DAYS))


def days_to_codes(days: object) -> object:
    """Opening days as the file keeps them: "man-fre, lør" -> "mon-fri,sat"; codes stay as typed."""
    if not isinstance(days, str) or not _DANISH_DAY.search(days.lower()):
        return days
    text = re.sub(r"\s*([,-])\s*", r"\1", days.strip().lower())
    return _DANISH_DAY.sub(lambda m: model.DAYS[DANISH_DAYS.index(m[0])], text)
