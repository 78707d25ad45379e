"""A content file split into YAML front matter and Markdown body, with the line of every key.

ruamel.yaml reads the front matter (yaml_io.yaml_reader): it keeps each key's and list item's
line, and refuses a key written twice. Its parser messages are then said in plain words
(`yaml_advice`): that advice, and the file and line it points at, are what an editor without YAML
knowledge needs.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ..yaml_io import ALIAS_FIX, ALIAS_PROBLEM, AliasFound, yaml_reader
from . import file_parts, limits
from .problems import Collector


@dataclass
class Source:
    """A content file split into front matter and body, with line numbers for each key."""

    path: Path
    rel: str
    meta: dict
    body: str
    body_line: int
    lines: dict[str, int]
    item_lines: dict[str, list[int]]
    fingerprint: str
    text: str  # the whole file, read once, for the checks that scan every line

    def field_at(self, line: int) -> str:
        """The front-matter field a line of the file belongs to; "body" below the front matter."""
        if line > self.body_line:
            return "body"
        above = [(start, key) for key, start in self.lines.items() if start <= line]
        return max(above)[1] if above else ""


@functools.lru_cache(maxsize=64)
def _composed(text: str) -> Node:
    """A YAML file's node tree, composed once per text (its readers only walk it, never change it).

    ruamel's pure-Python parser is most of a check's time, and a save, the preview's reload and the
    editor's checks before and after a save meet the same files again; a parse error is not kept.
    """
    return yaml_reader().compose(text)


def compose_file(path: Path, rel: str, out: Collector, quoted: str) -> Node | None:
    """A whole YAML file of the content folder as ruamel's node tree; None (reported) when unreadable.

    `quoted` names what a fix asks to quote ("values", "words").
    """
    name = path.name
    try:
        return _composed(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        out.add(rel, 1, f"{name} is not UTF-8 text", f"save it as UTF-8 ({exc.reason})", code="not-utf8")
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        alias = isinstance(exc, AliasFound)
        out.add(
            rel,
            mark.line + 1 if mark else 1,
            f"{name} {ALIAS_PROBLEM}" if alias else f"{name} is not valid YAML ({problem})",
            ALIAS_FIX
            if alias
            else f"check the indentation, and put {quoted} containing ':' or '#' in quotes",
            code="yaml",
        )
    return None


def text_fingerprint(raw: str) -> str:
    """The fingerprint of one file's text: what a translation's `source:` records of its original."""
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def relative(path: Path, root: Path) -> str:
    """A content file's path as the editor sees it in the repository (site/content/...)."""
    try:
        return str(path.relative_to(root.parent.parent))
    except ValueError:
        return str(path)


def yaml_advice(problem: str) -> tuple[str, str]:
    """A YAML parser message said so that an editor knows what to change."""
    if problem == ALIAS_PROBLEM:  # valid YAML, but not ours: said as it is, not as a syntax error
        return f"the front matter {ALIAS_PROBLEM}", ALIAS_FIX
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        why, fix = "a list in [ ] or { } is not closed", "end it with ] or }, on the same line"
    elif "\\t" in problem or "\t" in problem:
        why, fix = "it contains a tab character", "indent with spaces, never with tabs"
    elif "mapping values are not allowed" in problem:
        why, fix = "a value contains ':' without quotes", 'put the value in quotes: summary: "Tid: 24 timer"'
    elif "could not find expected ':'" in problem:
        why, fix = "a line has no ':'", "write every field as 'name: value', or indent a continued line"
    elif "found unexpected end of stream" in problem or "quoted scalar" in problem:
        why, fix = "a quotation mark is not closed", "end the value with the quotation mark it starts with"
    elif "expected <block end>" in problem or "did not find expected" in problem:
        why, fix = "the indentation is uneven", "indent every item of a list by the same number of spaces"
    else:
        why, fix = problem, "check the indentation and put text containing ':' or '#' in quotes"
    return f"the front matter is not valid YAML: {why}", fix


def duplicates(node: Node | None) -> Iterator[tuple[str, int, int]]:
    """(key, first line, repeated line) for every key written twice in one mapping, at any depth."""
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in seen:
                yield name, seen[name], line
            else:
                seen[name] = line
            yield from duplicates(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from duplicates(item)


def _error_line(exc: MarkedYAMLError, problem: str) -> int:
    mark = exc.problem_mark
    if "expected ',' or" in problem:  # an unclosed [ or {: point at where it opens
        mark = exc.context_mark or mark
    return mark.line + 1 if mark else 1  # the split keeps the newline after the opening ---


@functools.lru_cache(maxsize=1024)
def _loaded(fm_text: str) -> Any:
    """A front matter's values, parsed once per text (see `_composed`); 1,024 texts are twice both
    layers' files, and at most 64 MB even were each a whole 64 KB file."""
    return yaml_reader().load(fm_text)


def _fresh_copy(value: Any) -> Any:
    """A fresh copy of parsed values and their lines (`lc`): none can change what `_loaded` gives next."""
    copied: Any
    if isinstance(value, dict):
        copied = type(value)()
        for key, item in value.items():
            copied[key] = _fresh_copy(item)
    elif isinstance(value, list):
        copied = type(value)(_fresh_copy(item) for item in value)
    else:
        return value
    if hasattr(value, "lc"):
        copied.lc.data = value.lc.data  # the lines of its keys and items, read by read_source
    return copied


def _parse(rel: str, fm_text: str, out: Collector) -> Any:
    """The front matter as Python values, or None (after reporting why) when it cannot be read."""
    try:
        return _fresh_copy(_loaded(fm_text))
    except DuplicateKeyError:
        # YAML would keep only one of the two: say where both are, then read on to find the rest.
        for key, first, again in duplicates(yaml_reader().compose(fm_text)):
            out.add(
                rel,
                again,
                f"the field '{key}' appears twice (first on line {first})",
                "keep one of the two lines and delete the other",
                code="duplicate-field",
                field=str(key),
                args=(key,),
            )
        return yaml_reader(allow_duplicate_keys=True).load(fm_text)
    except MarkedYAMLError as exc:
        problem = str(exc.problem or exc)
        message, fix = yaml_advice(problem)
        out.add(rel, _error_line(exc, problem), message, fix, code="yaml")
    except YAMLError:  # not a parse error: characters YAML does not accept at all
        out.add(
            rel,
            1,
            "the front matter could not be read",
            "look for unusual characters and remove them",
            code="yaml",
        )
    return None


def read_source(path: Path, root: Path, out: Collector) -> Source | None:
    """Read one content file, or report why it cannot be read and return None."""
    rel = relative(path, root)
    try:
        if limits.file_too_large(rel, path.stat().st_size, out):
            return None
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        out.add(rel, 1, "the file is not UTF-8 text", f"save it as UTF-8 ({exc.reason})", code="not-utf8")
        return None
    fingerprint = text_fingerprint(raw)
    try:
        parts = file_parts.split(raw)
    except file_parts.NoFrontMatter as missing:
        if missing.opened:
            out.add(
                rel, 1, "the front matter is not closed", "put a line '---' after the last field", code="yaml"
            )
        else:
            out.add(
                rel,
                1,
                "the file does not start with front matter",
                "begin the file with a line '---'",
                code="yaml",
            )
        return None
    raw = raw.removeprefix("\ufeff")
    fm_text, body = file_parts.loaded_front(parts), file_parts.loaded_body(parts)
    problems_before = len(out.problems)
    meta = _parse(rel, fm_text, out)
    if meta is None and len(out.problems) > problems_before:
        return None
    if meta is None:  # empty front matter: every required field is then reported missing
        meta = {}
    if not isinstance(meta, dict):
        out.add(
            rel,
            2,
            "the front matter must be a list of 'field: value' lines",
            "write one field per line",
            code="yaml",
        )
        return None
    lines: dict[str, int] = {}
    item_lines: dict[str, list[int]] = {}
    for key, value in meta.items():  # a non-empty mapping is ruamel's CommentedMap, with lines (lc)
        lines.setdefault(str(key), meta.lc.key(key)[0] + 1)  # type: ignore[attr-defined]
        if isinstance(value, list):
            item_lines[str(key)] = [value.lc.item(i)[0] + 1 for i in range(len(value))]  # type: ignore[attr-defined]
    body_line = fm_text.count("\n") + 1  # the line of the closing ---; body lines follow
    source = Source(path, rel, dict(meta), body, body_line, lines, item_lines, fingerprint, raw)
    limits.check_values(source, source.meta, out)
    if limits.body_too_large(source, body, body_line + 1, out):
        return None
    return source
