"""ruamel.yaml configured once: every YAML reader and writer of the package is made here.

Reading is YAML 1.2 (08:00 and the Polish "on" are text). Writing a changed value is done in our
files' style (docs/architecture.md, decision 15): list items indented under their key, lists of
words and `confirmed:` on one line, times and numbers in double quotes, and any text that a YAML
1.1 or 1.2 reader would take for something else in quotes, so that what we write reads the same in
both. Every instance is new per use: ruamel's objects keep state and are not thread-safe.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.emitter import Emitter, ScalarAnalysis
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.representer import SafeRepresenter
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


def compose_plain(text: str) -> Node:
    """`text`'s YAML 1.2 node tree, by libyaml's parser when ruamel.yaml.clib is installed.

    For the big files of plain lists (the examples: 12,000 lines, half a second each in the pure-Python
    reader, 30 ms here). libyaml composes an alias as the node it names, used twice; any node met twice
    is refused as AliasFound at its line, as `yaml_reader` refuses aliases while composing.
    """
    reader = YAML(typ="safe", pure=False)  # pure Python where the C library is missing: the same nodes
    reader.version = (1, 2)
    root = reader.compose(text)
    seen: set[int] = set()
    waiting = [root] if root is not None else []
    while waiting:
        node = waiting.pop()
        if id(node) in seen:
            raise AliasFound(problem=ALIAS_PROBLEM, problem_mark=node.start_mark)
        seen.add(id(node))
        if isinstance(node, MappingNode):
            waiting += [part for pair in node.value for part in pair]
        elif isinstance(node, SequenceNode):
            waiting += node.value
    return root


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


# --------------------------------------------------------------------------- writing a value


_BOTH = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))


class _EitherVersion(VersionedResolver):
    """Text that YAML 1.1 or 1.2 reads as anything else (yes, on, y, 1e3, 0o17) is written in quotes."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            for version in _BOTH:
                tag = version.resolve(kind, value, implicit)
                if tag != self.DEFAULT_SCALAR_TAG:
                    return tag
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


class _Emitter(Emitter):
    """ruamel's emitter choosing quotes as PyYAML did, which wrote every file so far.

    ruamel writes ':' and '?' plain inside [ ] (`[? q]` then reads as a mapping), double-quotes
    text with an apostrophe or a line break, and indents a [ ] list by the sequence indent.
    """

    def analyze_scalar(self, scalar: Any) -> ScalarAnalysis:
        """ruamel's analysis, with PyYAML's rule that ':' and '?' are never plain inside [ ] or { }."""
        analysis = super().analyze_scalar(scalar)
        if ":" in scalar or "?" in scalar:
            analysis.allow_flow_plain = False
        return analysis

    def choose_scalar_style(self) -> Any:
        """Plain when it reads back the same, else single quotes, else double (PyYAML's order)."""
        if self.analysis is None:
            self.analysis = self.analyze_scalar(self.event.value)
        style, analysis = self.event.style, self.analysis
        if style == '"':
            return '"'
        key_breaks = self.simple_key_context and (analysis.empty or analysis.multiline)
        plain = analysis.allow_flow_plain if self.flow_level else analysis.allow_block_plain
        if not style and self.event.implicit[0] and plain and not key_breaks:
            return ""
        single = analysis.allow_single_quoted and not (self.simple_key_context and analysis.multiline)
        return "'" if style in (None, "", "'") and single else '"'

    def increase_indent(self, flow: bool = False, sequence: Any = None, indentless: bool = False) -> None:
        """A [ ] list's continued lines indented like a mapping's, by two."""
        super().increase_indent(flow, sequence and not flow, indentless)


NUMBERISH = re.compile(r"[\d+][\d\s:.+-]*")  # phone numbers and times: written in double quotes


class _Representer(SafeRepresenter):
    """Text in double quotes when it looks like a number; ruamel's lists and maps in their flow style."""

    def represent_str(self, data: str) -> Any:
        """A string; "08:00" and "+45 70 20 20 20" in double quotes, as CONTENT.md writes them."""
        style = '"' if NUMBERISH.fullmatch(data) else None
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    def represent_styled_seq(self, data: CommentedSeq) -> Any:
        """A list on one line ([a, b]) when it is marked so, else one item per line."""
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=data.fa.flow_style())

    def represent_styled_map(self, data: CommentedMap) -> Any:
        """A mapping on one line ({date: 2026-11-30, by: x}) when it is marked so."""
        return self.represent_mapping("tag:yaml.org,2002:map", data, flow_style=data.fa.flow_style())


_Representer.add_representer(str, _Representer.represent_str)
_Representer.add_representer(CommentedSeq, _Representer.represent_styled_seq)
_Representer.add_representer(CommentedMap, _Representer.represent_styled_map)


def writer(width: int = 10_000) -> YAML:
    """The writer of new values in our files' style (a new one per use: not thread-safe)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _Representer
    yaml.Resolver = _EitherVersion
    yaml.Emitter = _Emitter
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = width  # a long summary stays on its line
    yaml.indent(mapping=2, sequence=4, offset=2)  # list items indented under their key
    return yaml


def dump(data: Any, yaml: YAML) -> str:
    """`data` as YAML text written by `yaml`."""
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
