"""A save from the CMS written back into our file, changing only the fields that changed.

Decap rewrites a whole file on every save (its YAML library drops comments and re-quotes values).
So the CMS gets JSON front matter, whose types are exact, and the save is spliced into the original
text: an unchanged field keeps its bytes, a changed one is written by PyYAML in our files' style,
and the whole file is then read and checked by the loader (YAML 1.2) before it is saved. PyYAML
writes YAML 1.1, whose quoting is the stricter of the two (it quotes 08:00, yes and on, which 1.2
reads as text anyway), so what it writes reads the same in both. This splice is our own code because
a changed field must come out in our files' style (quoted times and numbers, flow lists), which a
round-trip writer keeps only for the values it did not touch. It serves the front matter of every
Markdown file and synonyms.yml; situations.yml, whose values are all plain words, is written on
ruamel.yaml's round-trip tree instead (situations.py), with its own byte-for-byte tests.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, cast

import yaml

from .view import Meta, empty, from_view, parse_markdown_view, read_yaml, split_markdown, to_view

_NUMBERISH = re.compile(r"[\d+][\d\s:.+-]*")  # phone numbers and times: written in quotes
BLOCK_LISTS = ("sources", "contacts", "hours", "groups")  # one item per line, as CONTENT.md shows
# Mappings written on one line with their keys in this order, as CONTENT.md shows them
# (`confirmed: {date: 2026-11-30, by: kommunikation}`); Decap sends keys in the order they were edited.
FLOW_MAPPINGS = {"confirmed": ("date", "by"), "reviewed": ("date", "by")}


# --------------------------------------------------------------------------- writing YAML back


class _Dumper(yaml.SafeDumper):
    """PyYAML in our files' style: list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _NUMBERISH.fullmatch(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


class _Flow(list):
    """A list of words, written on one line: [a, b, c]."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


class _FlowMap(dict):
    """A small mapping, written on one line: {date: 2026-11-30, by: kommunikation}."""


_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def _styled(value: object, top: str | None = None) -> object:
    if isinstance(value, dict) and top in FLOW_MAPPINGS:
        order = FLOW_MAPPINGS[top]
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        return _FlowMap({k: _styled(value[k]) for k in keys})
    if isinstance(value, dict):
        return {k: _styled(v) for k, v in value.items()}
    if isinstance(value, list):
        if top not in BLOCK_LISTS and all(not isinstance(v, dict | list) for v in value):
            return _Flow(value)
        return [_styled(v) for v in value]
    return value


def dump_field(key: str, value: object) -> str:
    """`key: value` as YAML lines in our files' style (lists of words on one line)."""
    if key == "source" and isinstance(value, str):  # the stamp, written as `flask content stamp` writes it
        return f'source: "{value}"\n'
    return yaml.dump(
        {key: _styled(value, key)},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
        default_flow_style=False,
    )


def _dump_item(value: object, indent: int, key: str) -> str:
    """One list item with its dash at column indent - 2."""
    lines = dump_field(key, [value]).splitlines()[1:]  # drop "key:"; items start at column 2
    return "".join(" " * (indent - 2) + line[2:] + "\n" for line in lines)


def _lead(block: str) -> str:
    """The blank and comment lines at the top of an item's block."""
    kept = []
    for line in block.splitlines(keepends=True):
        if line.strip() and not line.lstrip().startswith("#"):
            break
        kept.append(line)
    return "".join(kept)


def _spans(front: str) -> dict[str, tuple[int, int, yaml.Node]]:
    """Each top-level key's lines [start, end) in the front matter, with its value node."""
    node = yaml.compose(front, Loader=yaml.SafeLoader)
    spans: dict[str, tuple[int, int, yaml.Node]] = {}
    if not isinstance(node, yaml.MappingNode):
        return spans
    for key, value in node.value:
        end = value.end_mark.line + (1 if value.end_mark.column else 0)
        spans[str(key.value)] = (key.start_mark.line, max(end, key.start_mark.line + 1), value)
    return spans


def _like(new: object, old: object) -> object:
    """`new` with its keys in `old`'s order: Decap moves an edited key to the end of its object."""
    if isinstance(new, dict) and isinstance(old, dict):
        keys = [k for k in old if k in new] + [k for k in new if k not in old]
        return {k: _like(new[k], old.get(k)) for k in keys}
    if isinstance(new, list) and isinstance(old, list):
        return [_like(v, old[i] if i < len(old) else None) for i, v in enumerate(new)]
    return new


def _same(old: object, new: object) -> bool:
    def norm(v: object) -> str:
        return json.dumps(to_view({"v": v}), sort_keys=True, default=str, ensure_ascii=False)

    return norm(old) == norm(new)


def _splice_list(lines: list[str], key: str, node: yaml.SequenceNode, old: list, new: list) -> str:
    """A block list with unchanged items kept as written (their comments too)."""
    starts = [item.start_mark.line for item in node.value]
    indent = node.value[0].start_mark.column if node.value else 4
    # An item owns the comment lines above it: they describe it (synonyms.yml's "# Violence").
    item_start = [starts[0]]
    for s in starts[1:]:
        while s - 1 > item_start[-1] and lines[s - 1].lstrip().startswith("#"):
            s -= 1
        item_start.append(s)
    end = node.end_mark.line + (1 if node.end_mark.column else 0)
    bounds = [*item_start[1:], end]
    blocks = ["".join(lines[a:b]) for a, b in zip(item_start, bounds, strict=True)]
    keys = [json.dumps(to_view({"v": v}), sort_keys=True, default=str) for v in old]
    new_keys = [json.dumps(to_view({"v": v}), sort_keys=True, default=str) for v in new]
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=keys, b=new_keys, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(blocks[a1:a2])
            continue
        leads = [_lead(b) for b in blocks[a1:a2]]  # a changed item keeps the comment above it
        for i, v in enumerate(new[b1:b2]):
            old_block = blocks[a1 + i] if a1 + i < a2 else ""
            v = _like(v, old[a1 + i] if a1 + i < a2 else None)
            trail = "\n" * (len(old_block) - len(old_block.rstrip("\n")) - 1) if old_block else ""
            out.append((leads[i] if i < len(leads) else "") + _dump_item(v, indent, key) + trail)
    return "".join(out)


def _list(value: object) -> bool:
    return isinstance(value, list) and bool(value)


def splice_yaml(front: str, new: Meta, order: list[str]) -> str:
    """The YAML text `front` with the values of `new`: unchanged keys keep their lines."""
    read = read_yaml(front)
    old: dict[str, Any] = read if isinstance(read, dict) else {}
    spans = _spans(front)
    lines = front.splitlines(keepends=True)
    replace: dict[str, str] = {}
    for key, (start, _end, node) in spans.items():
        if key in new and _same(old.get(key), new[key]):
            continue
        if key not in new or (empty(new[key]) and not isinstance(old.get(key), bool)):
            replace[key] = ""  # cleared in the form: the field goes
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value and _list(new[key]):
            # A block list that stays a list keeps its unchanged items; one that becomes a scalar
            # (opening hours back to `always`) is written anew below.
            head = "".join(lines[start : node.value[0].start_mark.line])
            replace[key] = head + _splice_list(lines, key, node, old[key], cast(list, new[key]))
        else:
            replace[key] = dump_field(key, _like(new[key], old.get(key)))
    added = [k for k in new if k not in spans and not empty(new[k])]
    anchors = {k: _anchor(k, order, spans) for k in added}
    out: list[str] = ["".join(dump_field(k, new[k]) for k in added if anchors[k] == "")]
    cursor = 0
    for key, (start, end, _) in sorted(spans.items(), key=lambda kv: kv[1][0]):
        out.append("".join(lines[cursor:start]))
        out.append(replace[key] if key in replace else "".join(lines[start:end]))
        cursor = end
        out.extend(dump_field(k, new[k]) for k in added if anchors[k] == key)
    out.append("".join(lines[cursor:]))
    out.extend(dump_field(k, new[k]) for k in added if anchors[k] is None)
    return "".join(out)


def _anchor(key: str, order: list[str], present: dict) -> str | None:
    """Where a new field goes: after the last present field before it in the model ("" = first)."""
    if key not in order:
        return None  # not in the model: at the end, where the check will point at it
    found = [k for k in order[: order.index(key)] if k in present]
    return found[-1] if found else ""


def save_markdown(old_text: str | None, raw: str, order: list[str]) -> str:
    """The file's new text for Decap's save `raw`; `old_text` unchanged when nothing changed."""
    meta, body = parse_markdown_view(raw)
    if old_text is None:
        front = "".join(dump_field(k, v) for k, v in _ordered(meta, order) if not empty(v))
        return f"---\n{front}---\n{body}"
    first, front, rest = split_markdown(old_text)
    closing, _, old_body = rest.partition("\n")
    new_front = splice_yaml(front, meta, order)
    new_body = old_body if old_body.strip("\n") == body.strip("\n") else body
    return f"{first}{new_front}{closing}\n{new_body}"


def save_yaml(old_text: str, raw: str) -> str:
    """synonyms.yml's new text for Decap's save `raw` (comments and unchanged groups kept)."""
    return splice_yaml(old_text, from_view(json.loads(raw)), [])


def _ordered(meta: Meta, order: list[str]) -> list[tuple[str, Any]]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(meta.items(), key=lambda kv: rank.get(kv[0], len(rank)))
