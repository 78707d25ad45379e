"""Reading and checking site/content/synonyms.yml: groups of words that mean the same to a reader.

Plain data with each word's line: the search matches the groups in texts (search/synonyms.py) and
says which words it ignores, at their line.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..languages import KNOWN_LANGUAGES
from .front_matter import compose_file, relative
from .problems import Collector

FILE = "synonyms.yml"
_EXAMPLE = "write it as:\ngroups:\n  - da: [krisecenter, krisecentre]\n    en: [shelter, refuge]"


def _word_lists(group: Node, rel: str, out: Collector) -> list[Node] | None:
    """The lists of words in a group: the group itself, or one per language."""
    if isinstance(group, SequenceNode):
        return [group]
    if not isinstance(group, MappingNode):
        return None
    lists = []
    for key, value in group.value:
        if key.value not in KNOWN_LANGUAGES:
            out.add(
                rel, key.start_mark.line + 1, f"'{key.value}' is not one of our languages",
                f"use one of: {', '.join(KNOWN_LANGUAGES)}", code="unknown-language", args=(key.value,)
            )  # fmt: skip
        lists.append(value)
    return lists


def read_synonyms(root: Path, out: Collector) -> tuple[tuple[tuple[str, ...], ...], dict[str, int]]:
    """The groups of synonyms.yml (`groups:`, each a list of words or language -> list of words) and
    each word's line."""
    path = root / FILE
    if not path.exists():
        return (), {}
    rel = relative(path, root)
    before = len(out.problems)
    node = compose_file(path, rel, out, "words")
    if len(out.problems) > before:
        return (), {}
    groups_node = None
    if isinstance(node, MappingNode):
        groups_node = next((v for k, v in node.value if k.value == "groups"), None)
    if not isinstance(groups_node, SequenceNode):
        line = groups_node.start_mark.line + 1 if groups_node is not None else 1
        out.add(rel, line, "synonyms.yml must hold 'groups:', a list of groups", _EXAMPLE, code="yaml")
        return (), {}
    groups = []
    lines: dict[str, int] = {}
    for group in groups_node.value:
        line = group.start_mark.line + 1
        lists = _word_lists(group, rel, out)
        if lists is None:
            out.add(
                rel, line, "a group must be a list of words, or languages with lists", _EXAMPLE, code="yaml"
            )
            continue
        words: list[str] = []
        for value in lists:
            items = value.value if isinstance(value, SequenceNode) else [value]
            for item in items:
                if not isinstance(item, ScalarNode):
                    out.add(
                        rel, item.start_mark.line + 1, "a synonym must be a word or a phrase",
                        "write the words in brackets, separated by commas: [shelter, refuge]", code="yaml"
                    )  # fmt: skip
                    continue
                word = " ".join(str(item.value).split()).lower()
                if word and word not in words:
                    words.append(word)
                if word:
                    lines.setdefault(word, item.start_mark.line + 1)
        if len(words) < 2:
            out.add(
                rel,
                line,
                "a group needs at least two words",
                "add one, or remove the group",
                warn=True,
                code="synonym-alone",
            )
        if words:
            groups.append(tuple(words))
    return tuple(groups), lines
