"""The CMS configuration (Decap's config.yml), generated from the content model: one source of truth."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..yaml_io import dump, writer
from . import examples, files, layer, model, situations, view
from .widgets import Spec, widget

RTL = tuple(code for code, lang in model.KNOWN_LANGUAGES.items() if lang.rtl)

# Fields the file keeps but the form never shows: the id is the file name. The editor leaves it as it is.
NOT_IN_FORM = ("id",)


def _form(fields: tuple[model.Field, ...]) -> list[dict]:
    """The form of one file: every field of its spec, in the model's order, then the body."""
    return [widget(f) for f in fields if f.name not in NOT_IN_FORM] + [widget(model.BODY)]


def _danish(kind: str, spec: dict, labels: tuple[str, str]) -> dict:
    return {
        "name": kind,
        "label": f"{labels[0]} (dansk)",
        "label_singular": labels[1],
        "folder": spec["folder"],
        "extension": "md",
        "format": "json-frontmatter",
        "create": True,
        "identifier_field": spec["title"],
        "slug": "{{slug}}",
        "summary": "{{" + spec["title"] + "}}",
        "fields": _form(spec["fields"]),
    }


def _translation(kind: str, spec: dict, labels: tuple[str, str], lang: str) -> dict:
    native = model.KNOWN_LANGUAGES[lang].native
    # The Danish text this translates: chosen once, for a new translation, among those that lack
    # this language (translations.js, /admin/originals.json), and shown beside the form after that.
    of = {
        "label": "Oversættelse af",
        "name": "of",
        "widget": "hmv-original",
        "collection": f"{kind}_{lang}",
        "required": True,
        "hint": "Den danske tekst, du oversætter. Kun tekster, der mangler dette sprog, kan vælges.",
    }
    return {
        "name": f"{kind}_{lang}",
        "label": f"{labels[0]} · {native} ({lang})",
        "label_singular": f"oversættelse ({lang})",
        "folder": spec["folder"],
        # Decap names a new file <slug>.<extension>: danner + ar.md is danner.ar.md, our name.
        "extension": f"{lang}.md",
        "format": "json-frontmatter",
        "create": True,
        "identifier_field": spec["title"],
        "slug": "{{fields.of}}",
        "summary": "{{" + spec["title"] + "}}",
        "fields": [of, *_form(spec["translation_fields"])],
    }


def _synonyms() -> dict:
    words = [
        {"label": lang, "name": lang, "widget": "list", "required": False} for lang in model.KNOWN_LANGUAGES
    ]
    return {
        "name": "synonyms",
        "label": "Synonymer til søgningen",
        "format": "json",  # Decap reads the format of a files collection here, not per file
        "files": [
            {
                "name": "synonyms",
                "label": "Synonymer",
                "file": "synonyms.yml",
                "fields": [
                    {
                        "label": "Grupper",
                        "label_singular": "gruppe",
                        "name": "groups",
                        "widget": "list",
                        "summary": "{{fields.da}}",
                        "fields": words,
                    }
                ],
            }
        ],
    }


# One situation's fields in Danish (situations_file.FIELDS says which there are, and their rules).
SITUATION_WORDING: dict[str, Spec] = {
    "id": {
        "label": "Id",
        "hint": "Et kort navn til situationen, fx uses-violence.",
        "pattern": [
            model.situations_file.ID.pattern,
            "Skriv id'et med små bogstaver a-z, tal og bindestreger",
        ],
    },
    "audience": {"label": "Målgruppe"},
    "urgent": {"label": "Akut", "hint": "En stor boks med »ring 112« øverst i resultaterne."},
    "fallback": {
        "label": "Generel hjælp",
        "hint": "Vises, når ordene handler om vold eller frygt, men ikke siger mere.",
    },
    "services": {
        "label": "Tilbud og sider, der vises først",
        "label_singular": "tilbud eller side",
        "hint": "I den rækkefølge, de skal vises. Træk i et punkt for at flytte det.",
        "field": {"label": "Tilbud eller side", "name": "service", "widget": "hmv-target", "required": True},
        "collapsed": False,
        "min": 1,
    },
}


def _situations() -> dict:
    rules = model.situations_file
    listed = {
        "label": "Situationer",
        "label_singular": "situation",
        "name": rules.SITUATIONS,
        "widget": "list",
        "hint": (
            "Hvilken hjælp der vises først, når nogen skriver om sin situation. Hvilken situation en "
            "sætning handler om, lærer søgningen af eksemplerne under »Eksempler (hvad folk skriver)«."
        ),
        "summary": "{{fields.id}} · {{fields.audience}}",
        "fields": [widget(f, SITUATION_WORDING) for f in rules.FIELDS],
    }
    return {
        "name": "situations",
        "label": "Situationer (hjælp der vises først)",
        "format": "json",
        "editor": {"preview": False},  # a form of lists: no page of the site looks like it
        "files": [{"name": "situations", "label": "Situationer", "file": rules.FILE, "fields": [listed]}],
    }


SENTENCES_HINT = (
    "Én sætning pr. linje, skrevet som folk skriver dem: med stavefejl, uden æ ø å, kort eller langt. "
    "Skriv også sætninger, der IKKE hører til (under none), fx »jeg blev slået« er ikke »uses-violence«. "
    "Efter gem siger tjekket, hvilke sætninger søgningen stadig læser som en anden situation."
)


def _examples() -> dict:
    """One file per language: its situations, each with its sentences (editor/examples.py)."""
    item = [
        {
            "label": "Situation",
            "name": examples.SITUATION,
            "widget": "string",
            "hint": "Situationens id fra »Situationer«, fx danger, eller none (ingen situation).",
            "pattern": [
                model.situations_file.ID.pattern,
                "Skriv id'et med små bogstaver a-z, tal og bindestreger",
            ],
        },
        {"label": "Sætninger", "name": examples.SENTENCES, "widget": "hmv-sentences", "hint": SENTENCES_HINT},
    ]
    listed = {
        "label": "Situationer",
        "label_singular": "situation",
        "name": examples.LIST,
        "widget": "list",
        "summary": "{{fields.situation}}",
        "collapsed": True,
        "fields": item,
    }
    return {
        "name": "examples",
        "label": "Eksempler (hvad folk skriver)",
        "format": "json",
        "editor": {"preview": False},  # sentences for the search: no page of the site looks like them
        "files": [
            {
                "name": code,
                "label": f"{lang.native} ({code})",
                "file": examples.path(code),
                "fields": [listed],
            }
            for code, lang in model.KNOWN_LANGUAGES.items()
        ],
    }


@dataclass(frozen=True)
class YamlFile:
    """A YAML file of the content folder with a form: its collection, how the form reads it, how a
    save is written back into its text."""

    collection: Callable[[], dict]
    view: Callable[[str], str]  # the file's text -> the form's JSON
    save: Callable[[str, str], str]  # (old text, the form's JSON) -> the new text


# The collections, in the sidebar's order. A Markdown content type is one entry here and one in
# model.CONTENT_TYPES; a YAML file of the content folder is one entry in YAML_FILES (its form, and
# the backend then reads and saves it as the entry says).
LABELS = {"services": ("Tilbud", "tilbud"), "pages": ("Sider", "side")}
YAML_FILES = {
    "synonyms.yml": YamlFile(_synonyms, view.yaml_view, files.save_yaml),
    model.situations_file.FILE: YamlFile(_situations, situations.view_text, situations.save),
    **{
        examples.path(code): YamlFile(_examples, examples.view_text, examples.save)
        for code in model.KNOWN_LANGUAGES
    },
}


def collections(*, municipality: bool = False) -> list[dict]:
    """Every collection: Danish files, then one per content type and language, then the YAML files.

    With `municipality` the municipality's own services and pages come first, and every national
    collection is read-only, with a note on where to propose a change (layer.py).
    """
    found = [_danish(kind, spec, LABELS[kind]) for kind, spec in model.CONTENT_TYPES.items()]
    for kind, spec in model.CONTENT_TYPES.items():
        for lang in model.KNOWN_LANGUAGES:
            if lang != model.DEFAULT_LANGUAGE:
                found.append(_translation(kind, spec, LABELS[kind], lang))
    found.extend(make() for make in dict.fromkeys(f.collection for f in YAML_FILES.values()))
    if not municipality:
        return found
    for national in found:
        # Decap hides "Ny" and "Slet"; a save is still offered, and the backend refuses it in words.
        national.update(create=False, delete=False, description=layer.NATIONAL_NOTE)
        national["label"] = f"Fælles: {national['label']}"
    return [_local(kind, spec) for kind, spec in model.CONTENT_TYPES.items()] + found


def _local(kind: str, spec: dict) -> dict:
    """The Danish files of the municipality's own folder (kommune/services, kommune/pages)."""
    labels = layer.LABELS[kind]
    own = _danish(kind, spec, labels)
    own.update(
        name=f"{layer.LOCAL}_{kind}",
        label=labels[0],
        folder=f"{layer.LOCAL}/{spec['folder']}",
        description=layer.LOCAL_NOTE,
    )
    return own


# The Git history is read by the team and IT: Danish, naming the text ({{collection}} is its
# singular label, "tilbud"). `make edit` without review writes files only, so these are the messages
# of drafts and publications.
COMMITS = {
    "create": 'Opret {{collection}} "{{slug}}"',
    "update": 'Ret {{collection}} "{{slug}}"',
    "delete": 'Slet {{collection}} "{{slug}}"',
    "uploadMedia": 'Læg "{{path}}" op',
    "deleteMedia": 'Slet "{{path}}"',
}


def cms_config(*, review: bool = False, municipality: bool = False) -> dict:
    """The whole config.yml; `review` adds Decap's editorial workflow (HELPSITE_EDITOR_REVIEW=1).

    `municipality`: a municipality's folder is configured, so its own layer is edited (collections).

    Decap's `local_backend: true` looks for its proxy at a fixed http://localhost:8081; naming the
    same proxy backend with a relative URL lets the editor run on any port (EDIT_PORT, tests). The
    proxy is this editor's own server, the only one that turns the form's JSON into our YAML files.
    """
    config: dict[str, Any] = {
        "locale": "da",
        "backend": {"name": "proxy", "proxy_url": "/api/v1", "branch": "main", "commit_messages": COMMITS},
        "media_folder": "_media",  # required by Decap; the content has no images, saving one is refused
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections(municipality=municipality),
    }
    if review:
        config["publish_mode"] = "editorial_workflow"  # draft -> in review -> ready -> published
    return config


def preview_model() -> dict:
    """What preview.js needs of the model: the collections to preview and the RTL languages."""
    return {"collections": [c["name"] for c in collections() if "folder" in c], "rtl": list(RTL)}


HEADER = "# Made by the editor from the content model (helpsite/editor/config.py) when it starts.\n"


@functools.lru_cache(maxsize=4)  # the model is the code's: two flags, four texts, each written once
def render(*, review: bool = False, municipality: bool = False) -> str:
    """config.yml's text, as the editor serves it (writing it takes ruamel half a second)."""
    made = cms_config(review=review, municipality=municipality)
    return HEADER + dump(made, writer())  # quoted so that YAML 1.1 and 1.2 readers read it alike
