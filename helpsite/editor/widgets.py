"""The form's widget for each field of the content model: chosen by the field's kind, worded in Danish.

The model (content/fields.py) says each field's name, kind, whether it is required and its choices;
the widget follows from the kind alone, so a new field of a known kind reaches the form without a
change here. What the model cannot say is kept here: the Danish label and hint, and the rules the
form applies before saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import choices, model

Spec = dict[str, Any]

# The form's rules say what `flask content check` says, in the Danish of CONTENT.md. The check stays
# the authority: the server runs it on every save; these only let an editor meet a rule before saving.
_DAY = "(" + "|".join((*model.DAYS, *choices.DANISH_DAYS)) + ")"  # mon or man: view.py stores mon
_SHORT = model.SHORT_NUMBERS.pattern.replace(r"116\d{3}", r"116 ?\d{3}")  # "116 111" is written spaced
PHONE = rf"(\+45 ?)?(\d{{2}}[ -]?\d{{2}}[ -]?\d{{2}}[ -]?\d{{2}}|{_SHORT})"
EMAIL = model.EMAIL_PATTERN
WEB = model.WEB_PATTERN
PATTERNS = {
    "contact": (
        f"^({PHONE}|{EMAIL}|{WEB})$",
        'Ikke et gyldigt dansk telefonnummer: skriv et bekræftet nummer som "1888" eller "33 33 00 47". '
        "En e-mail skrives navn@domæne.dk, en hjemmeside med https:// foran",
    ),
    "source": (f"^{WEB}$", "Kilden er ikke en webadresse: skriv hele adressen, der starter med https://"),
    # The check's own pattern; the words say in Danish what DATE_FORMS says in English.
    "source_date": (
        model.SOURCE_DATE_PATTERN,
        "Skriv kildens egen dato: et år (2021), en måned (2023-12), en dag (2021-02-08), år (2021–2024), "
        "'before 2017' eller 'undated'",
    ),
    "days": (
        f"^{_DAY}(-{_DAY})?(,{_DAY}(-{_DAY})?)*$",
        "Skriv dagene som fx man-fre, lør eller søn (også mon-fri, sat og sun)",
    ),
    "time": (f"^({model.TIME.pattern})$", 'Skriv tiden som "08:00" eller "14:00"'),
    "holiday_hours": (
        r"^(closed|always|\d{1,2}[:.]\d\d ?- ?\d{1,2}[:.]\d\d(, ?\d{1,2}[:.]\d\d ?- ?\d{1,2}[:.]\d\d)*)$",
        'Skriv closed (lukket), always (døgnåbent) eller tiderne, fx "10:00-14:00"',
    ),
}
DATE = {"widget": "hmv-date"}  # admin.js: YYYY-MM-DD, never in the future, as the check says


def _required_list(field: model.Field) -> Spec:
    return {"min": 1} if field.required else {}


def _contacts(field: model.Field) -> Spec:
    return {
        "widget": "list",
        "label_singular": "kontakt",
        "summary": "{{fields.kind}}: {{fields.value}}",
        "collapsed": False,  # the numbers are what editors come to check: always in view
        "fields": [
            {
                "label": "Slags",
                "name": "kind",
                "widget": "select",
                "options": choices.options("kind", model.CONTACT_KINDS),
            },
            {"label": "Nummer eller adresse", "name": "value", "widget": "string", "pattern": "contact"},
        ],
    }


def _hours(field: model.Field) -> Spec:
    # The file holds `always` or a list of slots; the form has no widget that is either, so it edits
    # {always, slots} and view.py turns that back into the file's shape.
    slot = [
        {
            "label": "Dage",
            "name": "days",
            "widget": "string",
            "pattern": "days",
            "hint": "Fx man-fre, lør eller søn.",
        },
        {
            "label": "Åbner",
            "name": "open",
            "widget": "string",
            "pattern": "time",
            "hint": 'Skriv fx "08:00".',
        },
        {
            "label": "Lukker",
            "name": "close",
            "widget": "string",
            "pattern": "time",
            "hint": 'Skriv fx "16:00".',
        },
    ]
    return {
        "widget": "object",
        "collapsed": False,
        "fields": [
            {"label": "Døgnåbent", "name": "always", "widget": "boolean", "required": False},
            {
                "label": "Tider (når det ikke er døgnåbent)",
                "label_singular": "tid",
                "name": "slots",
                "widget": "list",
                "required": False,
                "summary": "{{fields.days}} {{fields.open}}-{{fields.close}}",
                "collapsed": False,
                "fields": slot,
            },
        ],
    }


def _dated_sources(field: model.Field) -> Spec:
    """Sources as [{url or title, date}]: a web page, or a title for what is on paper, and when seen."""
    return {
        "widget": "list",
        "label_singular": "kilde",
        "collapsed": False,
        "summary": "{{fields.url}}{{fields.title}} ({{fields.date}})",
        "fields": [
            {"label": "Adresse", "name": "url", "widget": "string", "pattern": "source", "required": False},
            {
                "label": "Titel (en kilde uden webadresse)",
                "name": "title",
                "widget": "string",
                "required": False,
            },
            {"label": "Kildens dato", "name": "date", "widget": "string", "pattern": "source_date"},
        ],
        **_required_list(field),
    }


def _confirmation(field: model.Field) -> Spec:
    """{date, by}: when the facts were confirmed and by whom, `by` one of the field's roles.

    The form edits it as a list of at most one: Decap checks the required fields of an object even
    when the object is optional and empty, so a file nobody has confirmed could not be saved at all.
    A list's item is checked only once it is added: absent, or both date and role (view.py unwraps it).
    """
    by = {"label": "Af", "name": "by", "widget": "select", "options": choices.options("by", field.choices)}
    return {
        "widget": "list",
        "label_singular": "bekræftelse",
        "max": 1,
        "collapsed": False,
        "summary": "{{fields.date}} ({{fields.by}})",
        "fields": [{"label": "Dato", "name": "date", **DATE}, by],
        **_required_list(field),
    }


# The kinds whose value the form holds as a list of at most one item (see _confirmation).
ONE_ITEM_KINDS = ("confirmation",)


# The widget for each kind of field in content/fields.py. A kind with no row here stops the
# generator (and the test) with its name: a new field of a known kind is in the form with no other change.
KIND_WIDGETS: dict[str, Callable[[model.Field], Spec]] = {
    "text": lambda f: {"widget": "string"},
    "markdown": lambda f: {"widget": "markdown", "modes": ["raw", "rich_text"]},
    "choice": lambda f: {"widget": "select", "options": choices.options(f.name, f.choices)},
    "choices": lambda f: {
        "widget": "select",
        "multiple": True,
        "options": choices.options(f.name, f.choices),
        **_required_list(f),
    },
    "words": lambda f: {"widget": "list"},
    "bool": lambda f: {"widget": "boolean"},
    "int": lambda f: {"widget": "number", "value_type": "int"},
    "date": lambda f: dict(DATE),
    "contacts": _contacts,
    "hours": _hours,
    "holiday_hours": lambda f: {"widget": "string", "pattern": "holiday_hours"},
    "sources": _dated_sources,  # content/fields.py: a list of {url or title, date}
    "confirmation": _confirmation,
}

# What the model cannot say: each field's Danish label and hint (and the translation status's
# default, the summary's larger box). A field missing here is still in the form, labelled by its
# name and the model's hint.
WORDING: dict[str, Spec] = {
    "name": {"label": "Navn"},
    "title": {"label": "Titel"},
    # A summary is one or two sentences: a box with room for them (the file holds it as one text).
    "summary": {"label": "Resumé", "widget": "text", "hint": "En eller to korte sætninger."},
    "body": {"label": "Tekst"},
    "category": {"label": "Kategori"},
    "audiences": {"label": "Målgrupper"},
    "crisis_line": {"label": "Krisetelefon øverst på alle sider", "hint": "Kun døgnåbne telefonlinjer."},
    "order": {"label": "Rækkefølge", "hint": "Lavere tal står først."},
    "organization": {"label": "Drives af", "hint": "Kun hvis det ikke er tilbuddet selv."},
    "many_providers": {
        "label": "Gives af mange steder",
        "hint": "Fx krisecentre: ikke ét sted, men en slags hjælp. De åbne data viser ingen organisation.",
    },
    "contacts": {"label": "Kontakt", "hint": "Kun bekræftede numre og adresser."},
    "hours": {"label": "Åbningstider"},
    "holiday_hours": {
        "label": "Åbningstider på helligdage",
        "hint": "closed, always eller fx 10:00-14:00. Tomt: siden skriver 'ring og hør' på helligdage.",
    },
    "free": {"label": "Gratis", "hint": "Kun hvis kilden siger det."},
    "anonymous": {"label": "Anonymt", "hint": "Kun hvis kilden siger det."},
    "languages": {
        "label": "Sprog, man kan tale med dem på",
        "hint": "Sprogkoder adskilt af komma, fx da, en, ar.",
    },
    "keywords": {"label": "Søgeord", "hint": "Ord, folk søger efter, adskilt af komma."},
    "sources": {"label": "Kilder", "hint": "De sider, oplysningerne er tjekket på. Én pr. side."},
    "confirmed": {
        "label": "Bekræftet",
        "hint": "Kun når en person har bekræftet oplysningerne hos tilbuddet eller på dets hjemmeside: "
        "hvornår, og af hvem (en rolle, aldrig et navn).",
    },
    "reviewed": {
        "label": "Gennemlæst",
        "hint": "Hvornår oversættelsen blev gennemlæst, og af hvem: en rolle eller bureauet, aldrig et navn.",
    },
    "source": {
        "label": "Passer til den danske tekst",
        "widget": "hmv-stamp",
        "hint": "Tryk på knappen, når oversættelsen siger det samme som den danske tekst gør nu.",
    },
    "translation": {
        "label": "Oversættelsens status",
        "default": model.TRANSLATION_STATES[0],
        "hint": "Gennemlæst, når en anden, der kan sproget, har læst den igennem.",
    },
}


def widget(field: model.Field, wordings: dict[str, Spec] = WORDING) -> Spec:
    """The form's field for one field of the model: its kind's widget, its Danish words (from
    `wordings`, by the field's name), its rules."""
    if field.kind not in KIND_WIDGETS:
        raise KeyError(
            f"the content model's field '{field.name}' is of kind '{field.kind}', which the editor has "
            "no widget for: add a row to KIND_WIDGETS in helpsite/editor/widgets.py"
        )
    fallback = {"label": field.name, **({"hint": field.hint} if field.hint else {})}
    wording = wordings.get(field.name, fallback)
    spec = {"name": field.name, "label": wording["label"], **KIND_WIDGETS[field.kind](field)}
    spec.update({k: v for k, v in wording.items() if k != "label"})
    spec["required"] = field.required
    return with_patterns(spec)


def with_patterns(spec: Spec) -> Spec:
    """The spec with each pattern's name replaced by [regex, Danish message], in nested fields too."""
    spec = dict(spec)
    if isinstance(spec.get("pattern"), str):
        spec["pattern"] = list(PATTERNS[spec["pattern"]])
    if "fields" in spec:
        spec["fields"] = [with_patterns(f) for f in spec["fields"]]
    if "field" in spec:
        spec["field"] = with_patterns(spec["field"])
    return spec


def _date_names(specs: Iterable[Spec]) -> set[str]:
    found = set()
    for spec in specs:
        if spec.get("widget") == DATE["widget"]:
            found.add(spec["name"])
        found |= _date_names(spec.get("fields") or [])
    return found


def _model_fields() -> list[model.Field]:
    types = model.CONTENT_TYPES.values()
    return [f for spec in types for f in (*spec["fields"], *spec["translation_fields"])]


def one_item_fields() -> frozenset[str]:
    """The fields the form holds as a list of at most one: the server turns it back into the item."""
    return frozenset(f.name for f in _model_fields() if f.kind in ONE_ITEM_KINDS)


def date_fields() -> frozenset[str]:
    """Every field name the form edits as a date, at any depth: the server turns its text into a date."""
    return frozenset(_date_names(widget(f) for f in _model_fields()))
