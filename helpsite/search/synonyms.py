"""The synonyms file (site/content/synonyms.yml): read and checked, then matched in texts by group.

The file is edited by the communications team, so its mistakes are content problems with a file
and a line; which words the search ignores in it is the search's own rule (analysis.COMMON_WORDS).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..content.front_matter import ALIAS_FIX, ALIAS_PROBLEM, AliasFound, relative, yaml_reader
from ..content.problems import Collector
from ..languages import KNOWN_LANGUAGES
from . import analysis

_EXAMPLE = "write it as:\ngroups:\n  - da: [krisecenter, krisecentre]\n    en: [shelter, refuge]"


def _parse(path: Path, rel: str, out: Collector) -> Node | None:
    try:
        return yaml_reader().compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        out.add(rel, 1, "synonyms.yml is not UTF-8 text", f"save it as UTF-8 ({exc.reason})")
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        alias = isinstance(exc, AliasFound)
        out.add(
            rel,
            mark.line + 1 if mark else 1,
            f"synonyms.yml {ALIAS_PROBLEM}" if alias else f"synonyms.yml is not valid YAML ({problem})",
            ALIAS_FIX if alias else "check the indentation, and put words containing ':' or '#' in quotes",
        )
    return None


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
                f"use one of: {', '.join(KNOWN_LANGUAGES)}",
            )  # fmt: skip
        lists.append(value)
    return lists


def read_synonyms(root: Path, out: Collector) -> tuple[tuple[str, ...], ...]:
    """Read synonyms.yml: `groups:`, each a list of words or language -> list of words."""
    path = root / "synonyms.yml"
    if not path.exists():
        return ()
    rel = relative(path, root)
    before = len(out.problems)
    node = _parse(path, rel, out)
    if len(out.problems) > before:
        return ()
    groups_node = None
    if isinstance(node, MappingNode):
        groups_node = next((v for k, v in node.value if k.value == "groups"), None)
    if not isinstance(groups_node, SequenceNode):
        line = groups_node.start_mark.line + 1 if groups_node is not None else 1
        out.add(rel, line, "synonyms.yml must hold 'groups:', a list of groups", _EXAMPLE)
        return ()
    groups = []
    for group in groups_node.value:
        line = group.start_mark.line + 1
        lists = _word_lists(group, rel, out)
        if lists is None:
            out.add(rel, line, "a group must be a list of words, or languages with lists", _EXAMPLE)
            continue
        words: list[str] = []
        for value in lists:
            items = value.value if isinstance(value, SequenceNode) else [value]
            for item in items:
                if not isinstance(item, ScalarNode):
                    out.add(
                        rel, item.start_mark.line + 1, "a synonym must be a word or a phrase",
                        "write the words in brackets, separated by commas: [shelter, refuge]",
                    )  # fmt: skip
                    continue
                word = " ".join(str(item.value).split()).lower()
                if word and word not in words:
                    words.append(word)
                if word and " " not in word and analysis.fold(word) in analysis.COMMON_FOLDED:
                    out.add(
                        rel, item.start_mark.line + 1,
                        f"'{word}' is a very common Danish or English word, so the search ignores it here",
                        "remove it, or use a longer phrase", warn=True,
                    )  # fmt: skip
        if len(words) < 2:
            out.add(rel, line, "a group needs at least two words", "add one, or remove the group", warn=True)
        if words:
            groups.append(tuple(words))
    return tuple(groups)


def concept(group: int) -> str:
    """The token that stands for a whole synonym group in the index."""
    return f"_g{group}"


class Synonyms:
    """The synonym groups, matched in a text by word (in any of its forms) or by phrase."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self.single: dict[str, set[int]] = {}
        self.phrases: dict[tuple[str, ...], set[int]] = {}
        self.tokens: list[str] = []
        for number, group in enumerate(groups):
            tokens: set[str] = set()
            for entry in group:
                found = analysis.words(entry)
                meaningful = [w for w in found if analysis.fold(w) not in analysis.COMMON_FOLDED]
                if len(found) == 1 and meaningful:
                    for form in analysis.variants(found[0]):
                        self.single.setdefault(form, set()).add(number)
                elif len(found) > 1:
                    self.phrases.setdefault(tuple(analysis.key(w) for w in found), set()).add(number)
                for word in meaningful:
                    tokens |= analysis.variants(word)
            # A token for the group itself, so a phrase in a query ("min mand") can find it.
            self.tokens.append(" ".join([concept(number), *sorted(tokens)]))
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.starts = {k[0] for k in self.phrases}

    def tag(self, text: str) -> str:
        """The synonyms field for a text: the words of every group it mentions, up to three times."""
        found = analysis.words(text)
        seen: Counter[int] = Counter()
        for word, count in Counter(found).items():
            for form in analysis.variants(word):
                for group in self.single.get(form, ()):
                    seen[group] += count
        if self.phrases:
            keys = [analysis.key(w) for w in found]
            for i, key in enumerate(keys):
                if key not in self.starts:
                    continue
                for n in range(2, self.longest + 1):
                    groups = self.phrases.get(tuple(keys[i : i + n]))
                    if groups:
                        seen.update(groups)
        return " ".join(self.tokens[g] for g, count in sorted(seen.items()) for _ in range(min(count, 3)))
