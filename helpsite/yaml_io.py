"""ruamel.yaml configured once: every YAML reader and writer of the package is made here.

Reading is YAML 1.2 (08:00 and the Polish "on" are text). Every instance is new per use: ruamel's
objects keep state and are not thread-safe.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

ALIAS_PROBLEM = "uses a YAML anchor (&name) or alias (*name), which content files may not"
ALIAS_FIX = "write the value out in full where it is needed, without '&' and '*'"


class AliasFound(MarkedYAMLError):
    """A YAML anchor or alias, refused where it stands (its line is the problem mark)."""


class NoAliases(Composer):
    """A composer that refuses anchors and aliases before they are used.

    Our files never need them, and an alias repeats a whole value: nine lines of nested aliases
    ("billion laughs") become a billion words in any reader that walks the values (the editor's
    form, the checks). Refusing them while composing costs nothing and leaves nothing to expand.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        """The next node, or AliasFound when it is an alias or carries an anchor."""
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise AliasFound(problem=ALIAS_PROBLEM, problem_mark=event.start_mark)
        return super().compose_node(parent, index)


def yaml_reader(*, allow_duplicate_keys: bool = False) -> YAML:
    """The loader's YAML reader: keeps lines, refuses aliases (a new one per file: not thread-safe)."""
    reader = YAML(typ="rt", pure=True)
    reader.Composer = NoAliases
    # YAML 1.2: 08:00 is the text "08:00" (1.1 read it as 480 minutes) and yes/no/on are words, not
    # booleans (1.1 read Polish "on" as true); only true/false are booleans.
    reader.version = (1, 2)
    reader.allow_duplicate_keys = allow_duplicate_keys
    return reader


class _Text(VersionedResolver):
    """Every scalar is text, as the content package reads the form's YAML files: no booleans or numbers."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def tree_yaml() -> YAML:
    """The round-trip reader and writer of a whole YAML file (situations.yml, examples/): its own style kept.

    Read this way (every scalar text, no version directive, our indentation, no wrapping), an
    unchanged tree is written back byte for byte.
    """
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = _Text
    yaml.Composer = NoAliases  # an alias could multiply the file in the form: refused, with its line
    yaml.preserve_quotes = True  # "i'm" stays in its quotes
    yaml.width = 1_000_000  # a long list of phrases stays on its line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(data: Any, yaml: YAML) -> str:
    """`data` as YAML text written by `yaml`."""
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
