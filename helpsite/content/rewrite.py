"""Changed fields written into a YAML text with every other byte kept: the one round-trip writer.

The editor (a form's save), the XLIFF import and `flask content stamp` each change a few fields of
a file. Writing the whole file anew would re-quote and re-order what nobody changed, and ruamel's
round trip keeps a file's style only for the values it did not touch. So the new values are spliced
into the old text: an unchanged field keeps its lines byte for byte, a changed one is written in
our files' style (yaml_io.writer: quoted times and numbers, lists of words on one line), a new one
goes after the field the model puts before it, and a block list keeps its unchanged items with the
comments above them. The result is read back by the loader's own reader before anyone saves it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from ..yaml_io import dump, writer, yaml_reader
from . import file_parts

BLOCK_LISTS = ("sources", "contacts", "hours", "groups")  # one item per line, as CONTENT.md shows
# Mappings written on one line with their keys in this order, as CONTENT.md shows them
# (`confirmed: {date: 2026-11-30, by: kommunikation}`); Decap sends keys in the order they were edited.
FLOW_MAPPINGS = {"confirmed": ("date", "by"), "reviewed": ("date", "by")}


class RewriteError(Exception):
    """A file whose front matter cannot be found or read (it is then left alone)."""


def empty(value: object) -> bool:
    """True for what a cleared field holds: no value, "", [] or false. Such a field is left out."""
    return value is None or value == "" or value == [] or value is False


def styled(value: object, top: str | None = None) -> object:
    """`value` marked for our files' style: lists of words and `confirmed:` on one line."""
    if isinstance(value, dict) and top in FLOW_MAPPINGS:
        order = FLOW_MAPPINGS[top]
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        flow = CommentedMap((k, styled(value[k])) for k in keys)
        flow.fa.set_flow_style()
        return flow
    if isinstance(value, dict):
        return {k: styled(v) for k, v in value.items()}
    if isinstance(value, list):
        if top not in BLOCK_LISTS and all(not isinstance(v, dict | list) for v in value):
            words = CommentedSeq(value)
            words.fa.set_flow_style()
            return words
        return [styled(v) for v in value]
    return value


def field_text(key: str, value: object) -> str:
    """`key: value` as YAML lines in our files' style."""
    if key == "source" and isinstance(value, str):  # the stamp, a fingerprint, always in double quotes
        return f"source: {json.dumps(value, ensure_ascii=False)}\n"  # a JSON string is YAML too
    return dump({key: styled(value, key)}, writer())


def _item_text(value: object, indent: int, key: str) -> str:
    """One list item with its dash at column indent - 2."""
    lines = field_text(key, [value]).splitlines()[1:]  # drop "key:"; items start at column 2
    return "".join(" " * (indent - 2) + line[2:] + "\n" for line in lines)


def _lead(block: str) -> str:
    """The blank and comment lines at the top of an item's block."""
    kept = []
    for line in block.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        kept.append(line)
    return "".join(kept)


def _end(node: Node) -> int:
    """The line after a value's last line."""
    return node.end_mark.line + (1 if node.end_mark.column else 0)


def _spans(front: str) -> dict[str, tuple[int, int, Node]]:
    """Each top-level key's lines [start, end) in the front matter, with its value node."""
    node = yaml_reader().compose(front)
    spans: dict[str, tuple[int, int, Node]] = {}
    if not isinstance(node, MappingNode):
        return spans
    for key, value in node.value:
        spans[str(key.value)] = (key.start_mark.line, max(_end(value), key.start_mark.line + 1), value)
    return spans


def _comparable(value: object) -> str:
    """A value as text that is equal for equal values: dates as the form writes them."""

    def norm(v: object) -> object:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, dict):
            return {str(k): norm(item) for k, item in v.items()}
        return [norm(item) for item in v] if isinstance(v, list) else v

    return json.dumps(norm(value), sort_keys=True, default=str, ensure_ascii=False)


def _like(new: object, old: object) -> object:
    """`new` with its keys in `old`'s order: Decap moves an edited key to the end of its object."""
    if isinstance(new, dict) and isinstance(old, dict):
        keys = [k for k in old if k in new] + [k for k in new if k not in old]
        return {k: _like(new[k], old.get(k)) for k in keys}
    if isinstance(new, list) and isinstance(old, list):
        return [_like(v, old[i] if i < len(old) else None) for i, v in enumerate(new)]
    return new


def _splice_list(lines: list[str], key: str, node: SequenceNode, old: list, new: list, nl: str) -> str:
    """A block list with unchanged items kept as written (their comments too)."""
    starts = [item.start_mark.line for item in node.value]
    indent = node.value[0].start_mark.column if node.value else 4
    # An item owns the comment lines above it: they describe it (synonyms.yml's "# Violence").
    item_start = [starts[0]]
    for s in starts[1:]:
        while s - 1 > item_start[-1] and lines[s - 1].lstrip().startswith("#"):
            s -= 1
        item_start.append(s)
    bounds = [*item_start[1:], _end(node)]
    blocks = ["".join(lines[a:b]) for a, b in zip(item_start, bounds, strict=True)]
    keys, new_keys = [_comparable(v) for v in old], [_comparable(v) for v in new]
    matcher = difflib.SequenceMatcher(a=keys, b=new_keys, autojunk=False)
    out: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(blocks[a1:a2])
            continue
        leads = [_lead(b) for b in blocks[a1:a2]]  # a changed item keeps the comment above it
        for i, v in enumerate(new[b1:b2]):
            old_block = blocks[a1 + i] if a1 + i < a2 else ""
            v = _like(v, old[a1 + i] if a1 + i < a2 else None)
            trail = "\n" * (len(old_block) - len(old_block.rstrip("\n")) - 1) if old_block else ""
            written = (_item_text(v, indent, key) + trail).replace("\n", nl)
            out.append((leads[i] if i < len(leads) else "") + written)
    return "".join(out)


def _plain(value: object) -> object:
    if isinstance(value, dict):  # ruamel's CommentedMap: a dict that also carries comments and lines
        return {k: _plain(v) for k, v in value.items()}
    return [_plain(v) for v in value] if isinstance(value, list) else value


def read_yaml(text: str) -> object:
    """YAML text as the loader reads it, in plain dicts and lists."""
    return _plain(yaml_reader().load(text))


def splice(front: str, new: dict[str, Any], order: list[str] | tuple[str, ...], nl: str = "\n") -> str:
    """The YAML text `front` with the values of `new`: unchanged keys keep their lines.

    A key missing from `new`, or empty there, is removed; a new key goes after the last key that
    `order` puts before it (at the end when `order` does not name it). Lines written end in `nl`.
    """

    def write(key: str, value: object) -> str:
        return field_text(key, value).replace("\n", nl)

    read = read_yaml(front)
    old: dict[str, Any] = read if isinstance(read, dict) else {}
    spans = _spans(front)
    lines = front.splitlines(keepends=True)
    replace: dict[str, str] = {}
    for key, (start, _, node) in spans.items():
        if key in new and _comparable(old.get(key)) == _comparable(new[key]):
            continue
        if key not in new or (empty(new[key]) and not isinstance(old.get(key), bool)):
            replace[key] = ""  # cleared: the field goes
        elif isinstance(node, SequenceNode) and not node.flow_style and node.value and _listed(new[key]):
            # A block list that stays a list keeps its unchanged items; one that becomes a scalar
            # (opening hours back to `always`) is written anew below.
            head = "".join(lines[start : node.value[0].start_mark.line])
            replace[key] = head + _splice_list(lines, key, node, old[key], new[key], nl)
        else:
            replace[key] = write(key, _like(new[key], old.get(key)))
    added = [k for k in new if k not in spans and not empty(new[k])]
    anchors = {k: _anchor(k, order, spans) for k in added}
    out: list[str] = ["".join(write(k, new[k]) for k in added if anchors[k] == "")]
    cursor = 0
    for key, (start, end, _) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        out.append("".join(lines[cursor:start]))
        out.append(replace[key] if key in replace else "".join(lines[start:end]))
        cursor = end
        out.extend(write(k, new[k]) for k in added if anchors[k] == key)
    out.append("".join(lines[cursor:]))
    out.extend(write(k, new[k]) for k in added if anchors[k] is None)
    return "".join(out)


def _listed(value: object) -> bool:
    return isinstance(value, list) and bool(value)


def _anchor(key: str, order: list[str] | tuple[str, ...], present: dict) -> str | None:
    """Where a new field goes: after the last present field before it in the model ("" = first)."""
    if key not in order:
        return None  # not in the model: at the end, where the check will point at it
    found = [k for k in order[: order.index(key)] if k in present]
    return found[-1] if found else ""


def split_file(raw: str) -> tuple[list[str], str]:
    """The front matter's lines (with both '---' lines) and the body exactly as it follows them."""
    try:
        parts = file_parts.split(raw)
    except file_parts.NoFrontMatter as missing:
        if missing.opened:
            raise RewriteError("the front matter is not closed with a line '---'") from None
        raise RewriteError("the file does not start with front matter ('---')") from None
    return [parts.opening, *parts.front.splitlines(keepends=True), parts.closing], parts.body


def set_fields(front: list[str], values: dict[str, object], order: tuple[str, ...]) -> list[str]:
    """`front` (split_file's lines) with each key set to its value (None or empty: the key removed)."""
    try:
        read = read_yaml("".join(front[1:-1]))
    except YAMLError as exc:
        raise RewriteError("the front matter is not valid YAML") from exc
    new = {**(read if isinstance(read, dict) else {}), **values}
    nl = "\r\n" if front[0].endswith("\r\n") else "\n"  # the file's own line ends, on new lines too
    text = splice("".join(front[1:-1]), {k: v for k, v in new.items() if v is not None}, order, nl)
    return [front[0], *text.splitlines(keepends=True), front[-1]]


def read_back(front: list[str]) -> dict:
    """The front matter's values as the loader reads them; RewriteError if it is no longer YAML."""
    try:
        meta = yaml_reader().load("".join(front[1:-1]))
    except YAMLError:
        meta = None
    if not isinstance(meta, dict):
        raise RewriteError("the changed front matter is not valid YAML")
    return dict(meta)
