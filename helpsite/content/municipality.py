"""A municipality's own file, `site/municipalities/<slug>/municipality.yml`: its name and its choices.

The municipality's layer is that folder: this file, `services/` and `pages/` (read by layers.py like
site/content/). The file names the municipality in every language, orders, hides or adds a local
note to national entries, names its own services in situations, and may carry the owner's settings
(config.py reads those leniently; the check reads the whole file with its lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..config import MUNICIPALITY_FILE as FILE
from ..config import MUNICIPALITY_SETTINGS as SETTINGS
from ..languages import DEFAULT_LANGUAGE
from .front_matter import compose_file, relative
from .problems import Collector

KEYS = (
    "name",
    "genitive",
    "forms",
    "own_services",
    "settings",
    "order",
    "hide",
    "notes",
    "situations",
    "sheets",
    "fixture",
)


@dataclass(frozen=True)
class Municipality:
    """Whose site this is: the name in each language, and how it orders, hides and annotates national help."""

    slug: str = ""
    name: str = ""
    genitive: str = ""  # the Danish genitive, "Hvidovre Kommunes"
    forms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> name/genitive/own_services
    order: Mapping[str, int] = field(default_factory=dict)
    hide: frozenset[str] = frozenset()
    notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # id -> lang -> Markdown
    situations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sheets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # a handout's ready set -> own ids
    fixture: bool = False
    path: str = ""
    lines: Mapping[tuple[str, str], int] = field(default_factory=dict)  # ("hide", "politi") -> its line

    def line(self, key: str, sid: str) -> int:
        """The line that names `sid` under `key` (order, hide, notes, situations), 1 if unknown."""
        return self.lines.get((key, sid), 1)

    def name_in(self, lang: str) -> str:
        """The name as a reader of `lang` reads it (the Danish name unless the file gives a form)."""
        return self.forms.get(lang, {}).get("name") or self.name

    def genitive_in(self, lang: str) -> str:
        """The possessive form for "%(genitive)s own services": Danish and English have their own."""
        given = self.forms.get(lang, {}).get("genitive")
        if given:
            return given
        if lang == DEFAULT_LANGUAGE:
            return self.genitive or (self.name if self.name.endswith(("s", "x", "z")) else f"{self.name}s")
        # The other catalogues put the plain name where the possessive goes (Turkish adds 'nin itself).
        return f"{self.name_in(lang)}'s" if lang == "en" else self.name_in(lang)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _mapping(node: Node | None) -> dict[str, Node]:
    return {str(k.value): v for k, v in node.value} if isinstance(node, MappingNode) else {}


def _text(node: Node | None) -> str:
    return str(node.value).strip() if isinstance(node, ScalarNode) and node.value is not None else ""


def _ids(node: Node | None) -> list[tuple[str, int]]:
    items = node.value if isinstance(node, SequenceNode) else []
    return [(_text(i), _line(i)) for i in items if isinstance(i, ScalarNode)]


def read_municipality(folder: Path, root: Path, out: Collector) -> Municipality | None:
    """The municipality's file, checked line by line (None, reported, when it is missing or unreadable)."""
    path = folder / FILE
    rel = relative(path, root)
    if not path.is_file():
        out.add(
            rel,
            1,
            f"the municipality's {FILE} is missing",
            f"run `flask municipality new {folder.name}`, or set HELPSITE_MUNICIPALITY to an existing folder",
            code="missing-municipality",
        )
        return None
    node = compose_file(path, rel, out, "values")
    if node is None:
        return None
    top = _mapping(node)
    for key, _ in node.value if isinstance(node, MappingNode) else ():
        if key.value not in KEYS:
            out.add(
                rel,
                _line(key),
                f"'{key.value}' is not a setting of {FILE}",
                f"use one of: {', '.join(KEYS)}",
                code="unknown-field",
            )
    name = _text(top.get("name"))
    if not name:
        out.add(
            rel,
            _line(top.get("name") or node),
            "the municipality's name is missing",
            'write name: "Eksempel Kommune" at the top',
            code="missing-field",
        )
    forms: dict[str, dict[str, str]] = {}
    for lang, given in _mapping(top.get("forms")).items():
        forms[lang] = {k: _text(v) for k, v in _mapping(given).items() if k in ("name", "genitive")}
    for lang, label in _mapping(top.get("own_services")).items():
        forms.setdefault(lang, {})["own_services"] = _text(label)
    for key, value in _mapping(top.get("settings")).items():
        if key not in SETTINGS:
            out.add(
                rel,
                _line(value),
                f"'{key}' is not one of the owner's settings",
                f"use one of: {', '.join(SETTINGS)}",
                code="unknown-field",
            )
    order = {}
    for sid, value in _mapping(top.get("order")).items():
        if not _text(value).lstrip("-").isdigit():
            out.add(
                rel,
                _line(value),
                f"the order of '{sid}' must be a whole number",
                f"write {sid}: 5",
                code="bad-order",
            )
        else:
            order[sid] = int(_text(value))
    notes = {
        sid: MappingProxyType({lang: _text(v) for lang, v in _mapping(by_lang).items()})
        for sid, by_lang in _mapping(top.get("notes")).items()
    }
    situations = {sid: tuple(i for i, _ in _ids(v)) for sid, v in _mapping(top.get("situations")).items()}
    return Municipality(
        slug=folder.name,
        name=name,
        genitive=_text(top.get("genitive")),
        forms=MappingProxyType({k: MappingProxyType(v) for k, v in forms.items()}),
        order=MappingProxyType(order),
        hide=frozenset(i for i, _ in _ids(top.get("hide"))),
        notes=MappingProxyType(notes),
        situations=MappingProxyType(situations),
        sheets=MappingProxyType(
            {k: tuple(i for i, _ in _ids(v)) for k, v in _mapping(top.get("sheets")).items()}
        ),
        fixture=_text(top.get("fixture")).lower() == "true",
        path=rel,
        lines=MappingProxyType(_lines(top)),
    )


def _lines(top: dict[str, Node]) -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for key in ("order", "notes", "situations", "sheets"):
        for k, _ in top[key].value if isinstance(top.get(key), MappingNode) else []:
            found[(key, str(k.value))] = _line(k)
    for sid, line in _ids(top.get("hide")):
        found[("hide", sid)] = line
    return found
