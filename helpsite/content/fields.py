"""What a content file may hold, as data: each field's name, kind and whether it is required.

A CMS configuration can be generated from these specs, so they stay declarative: the kind says
which editor widget a field needs and how values.py reads it. `check_fields` explains every field
a file has that its spec does not allow, and every required field it lacks.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..languages import DEFAULT_LANGUAGE
from ..taxonomy import AUDIENCES, CATEGORIES
from .files import split_name
from .front_matter import Source
from .problems import Collector
from .provenance import CONFIRMED_FORM, ROLES, SOURCE_FORM

TRANSLATION_STATES = ("draft", "reviewed")
# Who may mark a translation reviewed: the roles that confirm facts, or the translation agency.
REVIEWERS = (*ROLES, "bureau")
# The kinds of value a field can hold (the reader for each is in values.py and contacts.py).
KINDS = (
    "text",
    "markdown",
    "choice",
    "choices",
    "words",
    "bool",
    "int",
    "contacts",
    "sources",  # a list of {url or title, date}
    "confirmation",  # {date, by}: `by` is one of the field's choices
    "hours",
    "holiday_hours",  # closed | always | "10:00-14:00": a public holiday's hours, beside `hours`
)


@dataclass(frozen=True)
class Field:
    """One field of a content file's front matter."""

    name: str
    kind: str  # one of KINDS
    required: bool = False
    choices: tuple[str, ...] = ()  # for "choice" and "choices"
    hint: str = ""  # what it is for, in a word or two, for an editor

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r}")


# The Markdown below the front matter: every file has one, and it may not be empty.
BODY = Field("body", "markdown", required=True)

SERVICE_FIELDS = (
    Field("name", "text", required=True),
    Field("summary", "text", required=True),
    Field("category", "choice", required=True, choices=CATEGORIES),
    Field("audiences", "choices", required=True, choices=AUDIENCES),
    Field("crisis_line", "bool", hint="shown first, everywhere"),
    Field("order", "int", hint="1 comes first"),
    Field("contacts", "contacts", hint="none confirmed: the page points to 1888 instead"),
    Field("hours", "hours"),
    Field("holiday_hours", "holiday_hours", hint="public holidays: closed, always or 10:00-14:00"),
    Field("free", "bool"),
    Field("anonymous", "bool"),
    Field("languages", "words", hint="languages spoken, as codes"),
    Field("keywords", "words"),
    Field("sources", "sources", required=True, hint="each with its own date"),
    Field("confirmed", "confirmation", choices=ROLES, hint="only when a person confirmed the facts live"),
    Field("organization", "text", hint="who runs it, when that is not the service itself"),
    Field("many_providers", "bool", hint="a kind of help many places give (crisis centres): no one runs it"),
    Field("id", "text", hint="the id is the file name; written out, it must match"),
)
PAGE_FIELDS = (
    Field("title", "text", required=True),
    Field("summary", "text", required=True),
    Field("order", "int"),
    Field("keywords", "words"),
    Field("sources", "sources", hint="each with its own date"),
    Field("confirmed", "confirmation", choices=ROLES, hint="only when a person confirmed the facts live"),
    Field("id", "text"),
)
# A translation holds text only: it can never change a number, an hour or a category.
_TRANSLATION = (
    Field("summary", "text", required=True),
    Field("translation", "choice", required=True, choices=TRANSLATION_STATES),
    Field("keywords", "words"),
    Field("source", "text", hint="the Danish file's fingerprint: flask content stamp writes it"),
    Field("reviewed", "confirmation", choices=REVIEWERS, hint="who checked the translation, and when"),
    Field("id", "text"),
)
SERVICE_TRANSLATION_FIELDS = (Field("name", "text", required=True), *_TRANSLATION)
PAGE_TRANSLATION_FIELDS = (Field("title", "text", required=True), *_TRANSLATION)
# The order the XLIFF import and `flask content stamp` put a translation's fields in when they add one.
TRANSLATION_ORDER = ("name", "title", "summary", "translation", "source", "keywords", "reviewed")

# Field names an editor may use for contact details; in a translation they are always a mistake.
CONTACT_FIELDS = frozenset(
    ("contacts", "phone", "phones", "telephone", "tel", "telefon", "sms", "email", "e-mail", "mail",
     "web", "url", "website", "homepage", "hjemmeside", "address", "adresse")
)  # fmt: skip
_DANISH_ONLY = frozenset(f.name for f in (*SERVICE_FIELDS, *PAGE_FIELDS))

# Fields that once existed: the check says what to write instead.
RETIRED = {
    "verified": "delete the line: give each source its own date under 'sources:', and add "
    f"'{CONFIRMED_FORM}' only when a person has confirmed the facts with the service or its live site",
}
_MISSING_FIX = {
    "sources": f"add 'sources:' and below it one line per source the facts come from: {SOURCE_FORM.strip()}",
    "translation": "add 'translation: draft', or 'translation: reviewed' once a second person has checked it",
}


def check_fields(src: Source, spec: tuple[Field, ...], out: Collector, what: str) -> None:
    """Report unknown fields (with the likely intended one), missing required ones and a wrong id."""
    allowed = {f.name: f for f in spec}
    names = [name for name in allowed if name != "id"]
    base, lang = split_name(src.path)
    danish = f"{base}.md"
    for raw_key in src.meta:
        key = str(raw_key)
        if key in allowed:
            continue
        if key in RETIRED:
            out.add(
                src,
                key,
                f"the field '{key}' is no longer used",
                RETIRED[key],
                code="retired-field",
                args=(key,),
            )
            continue
        if lang != DEFAULT_LANGUAGE and key in CONTACT_FIELDS:
            out.add(
                src,
                key,
                f"'{key}' is contact information, and a translation cannot hold it",
                f"contacts live only in the Danish file: delete the line here and check {danish}",
                code="translation-danish-only",
                args=(key,),
            )
        elif lang != DEFAULT_LANGUAGE and key in _DANISH_ONLY:
            out.add(
                src,
                key,
                f"'{key}' cannot be set in a translation",
                f"hours, categories and dates live only in the Danish file: delete it; edit {danish}",
                code="translation-danish-only",
                args=(key,),
            )
        elif key in CONTACT_FIELDS:
            out.add(
                src,
                key,
                f"unknown field '{key}' in a {what}",
                "write contact details under 'contacts:' as '  - kind: phone' and '    value: \"1888\"'",
                code="unknown-field",
                args=(key,),
            )
        else:
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.75)
            fix = (
                f"did you mean '{close[0]}'? Otherwise delete it"
                if close
                else f"delete it or use: {', '.join(names)}"
            )
            out.add(src, key, f"unknown field '{key}' in a {what}", fix, code="unknown-field", args=(key,))
    for field in spec:
        key = field.name
        if field.required and (key not in src.meta or src.meta[key] in (None, "", [])):
            out.add(
                src,
                key if key in src.lines else 2,
                f"the field '{key}' is missing",
                _MISSING_FIX.get(key, f"add '{key}:' to the front matter"),
                code="missing-field",
                field=key,
            )
    if "id" in src.meta and str(src.meta["id"]) != base:
        out.add(
            src,
            "id",
            f"the id '{src.meta['id']}' does not match the file name {src.path.name}",
            f"the file name is the id: delete the 'id:' line, or rename the file to {src.meta['id']}.md",
            code="id-mismatch",
        )
