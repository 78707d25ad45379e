"""Reading and checking site/content/situations.yml: which help each situation shows first.

The file says, per situation, who it is for and the services (or pages) to show first; which
situation a person's words speak of is learned from examples/ (examples.py; the search trains on
them). Every mistake is named with its line and its fix. Plain data only: the search compiles it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..taxonomy import AUDIENCES
from .fields import Field
from .front_matter import compose_file, duplicates, relative
from .problems import Collector

FILE = "situations.yml"
SITUATIONS = "situations"
# One situation's fields in the order the file writes them (the browser editor's form is made from these).
FIELDS = (
    Field("id", "text", required=True, hint="lower-case letters, digits and '-'"),
    Field("audience", "choice", required=True, choices=AUDIENCES),
    Field("urgent", "bool", hint="a 'call 112' box above the results"),
    Field("fallback", "bool", hint="the general help, when the words speak of violence and no more"),
    Field("services", "words", required=True, hint="ids of services or pages, the first shown first"),
)
FLAGS = tuple(f.name for f in FIELDS if f.kind == "bool")  # written true or false; left out is false
ID = re.compile(r"^[a-z][a-z0-9-]*$")
# Keys of an older format, when situations were found by phrases: read no more, said once.
RETIRED = ("signals", "words")
_EXAMPLE = (
    "write it as:\nsituations:\n  - id: uses-violence\n    audience: perpetrators\n"
    "    services: [lev-uden-vold, dialog-mod-vold]"
)


@dataclass(frozen=True)
class Situation:
    """One situation: its id, the audience, the ids shown first, whether it is an emergency."""

    id: str
    audience: str
    services: tuple[str, ...]
    urgent: bool = False
    fallback: bool = False  # the general help for violence


def read_situations(root: Path, out: Collector, ids: Iterable[str]) -> tuple[Situation, ...] | None:
    """The situations in `root`/situations.yml, checked (None when there is no such file)."""
    path = root / FILE
    if not path.exists():
        return None
    rel = relative(path, root)
    node = compose_file(path, rel, out, "values")
    if node is None:
        return None
    for key, first, again in duplicates(node):  # YAML would quietly keep only one of the two
        out.add(
            rel, again, f"'{key}' appears twice in one place (first on line {first})",
            "keep one of the two and delete the other", code="yaml"
        )  # fmt: skip
    top = _mapping(node)
    for key, _ in node.value if isinstance(node, MappingNode) else ():
        if key.value == RETIRED[1]:
            out.add(rel, _line(key), _retired(RETIRED[1]), _RETIRED_FIX, warn=True, code="situations-retired")
    listed = top.get(SITUATIONS)
    if not isinstance(listed, SequenceNode):
        out.add(
            rel, _line(listed or node), f"{FILE} must hold '{SITUATIONS}:', a list", _EXAMPLE, code="yaml"
        )
        return None
    found: list[Situation] = []
    seen: set[str] = set()
    for item in listed.value:
        situation = _situation(item, rel, out, set(ids), seen)
        if situation is not None:
            found.append(situation)
    return tuple(found)


_RETIRED_FIX = "delete it, and write the sentences people use in examples/<language>.yml instead"


def _retired(key: str) -> str:
    return f"'{key}:' is no longer read: the search learns from the example sentences"


def _mapping(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value}


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _words(node: Node | None) -> list[tuple[str, Node]]:
    items = node.value if isinstance(node, SequenceNode) else [node] if node is not None else []
    return [(" ".join(str(i.value).split()).lower(), i) for i in items if isinstance(i, ScalarNode)]


def _situation(item: Node, rel: str, out: Collector, known: set[str], seen: set[str]) -> Situation | None:
    fields = _mapping(item)
    if not isinstance(item, MappingNode) or "id" not in fields:
        out.add(
            rel,
            _line(item),
            "a situation needs 'id:', 'audience:' and 'services:'",
            _EXAMPLE,
            code="situation-incomplete",
        )
        return None
    ident = str(fields["id"].value)
    if not ID.match(ident) or ident in seen:
        why = "is used twice" if ident in seen else "must be lower-case letters, digits and '-'"
        out.add(
            rel,
            _line(fields["id"]),
            f"the situation id '{ident}' {why}",
            "give each situation its own id",
            code="situation-id-twice" if ident in seen else "bad-id",
            field="id",
            args=(ident,),
        )
        return None
    seen.add(ident)
    for key, _ in item.value:
        if key.value == RETIRED[0]:
            out.add(rel, _line(key), _retired(RETIRED[0]), _RETIRED_FIX, warn=True, code="situations-retired")
    audience = str(getattr(fields.get("audience"), "value", ""))
    if audience not in AUDIENCES:
        out.add(
            rel, _line(fields.get("audience", item)), f"'{audience}' is not an audience",
            f"use one of: {', '.join(AUDIENCES)}", code="unknown-choice", field="audience", args=(audience,)
        )  # fmt: skip
    services = []
    for sid, node in _words(fields.get("services")):
        if sid in known:
            services.append(sid)
            continue
        close = difflib.get_close_matches(sid, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        out.add(
            rel, _line(node), f"'{sid}' is not a service or a page",
            f"{hint}use the name of a file in services/ or pages/",
            code="unknown-service", field="services", args=(sid,)
        )  # fmt: skip
    if not services:
        out.add(
            rel,
            _line(item),
            f"situation '{ident}' lists no services",
            "add 'services: [lev-uden-vold]' or others",
            code="situation-no-services",
            field="services",
            args=(ident,),
        )
    flags = {}
    for name in FLAGS:
        flag = fields.get(name)
        value = getattr(flag, "value", "false")
        if flag is not None and value not in ("true", "false"):
            out.add(
                rel,
                _line(flag),
                f"'{name}' must be true or false",
                f"write '{name}: true' or leave it out",
                code="not-bool",
                field=name,
            )
        flags[name] = value == "true"
    return Situation(ident, audience, tuple(services), **flags)
