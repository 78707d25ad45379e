"""A YAML file of the content folder saved from its form with every other byte kept (ruamel round trip).

A save is written onto ruamel.yaml's round-trip tree of the old text, changing only the values that
differ: the header, the comments after a key, the quotes, the one-line lists and the blank lines of
the rest stay as they were. Read this way (every scalar text, no version directive, our indentation,
no wrapping), an unchanged tree is written back byte for byte; tests/editor/test_editor_situations.py
measures it on the repository's files. A form's `shape` says which keys it edits at each level: a
dict maps keys to their own shape ("*": any key), a list holds items of one shape, None is a value.
A key not named there is never removed, whatever the form sends back: the form did not show it.
"""

from __future__ import annotations

import copy
import difflib
import json
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..yaml_io import dump as dump_text
from ..yaml_io import tree_yaml
from . import model


def plain(value: Any) -> Any:
    """The tree's values as plain dicts, lists and strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return str(value) if value is not None else ""


def load(text: str, name: str) -> Any:
    """The round-trip tree of `text` (ValueError, in Danish, when it is no YAML)."""
    try:
        return tree_yaml().load(text)
    except model.AliasFound:
        raise  # the editor says where, in its own words (backend.py)
    except YAMLError as exc:  # the form cannot show it; the check names the line and the fix
        raise ValueError(f"{name} kan ikke læses: kør `make check`, der siger hvor ({exc})") from exc


def _empty(value: Any) -> bool:
    """What an untouched form field holds, which is not written into the file."""
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value in (None, "", [])


def _fresh(value: Any) -> Any:
    """A new value in the file's style: lists of words on one line, empty fields left out."""
    if isinstance(value, dict):
        made = CommentedMap()
        for key, item in value.items():
            if not _empty(item):
                made[key] = _fresh(item)
        return made
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(v) for v in value)
        if all(not isinstance(v, dict | list) for v in value):
            seq.fa.set_flow_style()
        return seq
    return "" if value is None else str(value)


def _same(old: Any, new: Any) -> bool:
    was = plain(old)
    return was == new or (isinstance(was, str) and [was] == new)


def _apply(old: Any, new: Any, shape: Any) -> Any:
    """`new` written onto `old` (ruamel's tree): an equal value is kept as it is, comments and all."""
    if _same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict) and isinstance(shape, dict):
        apply_map(old, new, shape)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _apply_list(old, new, shape[0] if isinstance(shape, list) else None)
        return old
    return _fresh(new)


def apply_map(old: CommentedMap, new: dict, shape: dict) -> None:
    """`new` written onto the mapping `old` (ruamel's tree) as `shape` says: see the module's note."""
    order = [k for k in shape if k != "*"]
    owned = (lambda k: True) if "*" in shape else (lambda k: k in shape)
    for key in [k for k in old if owned(str(k)) and (k not in new or _empty(new[k]))]:
        del old[key]  # cleared or removed in the form
    for key, value in new.items():
        child = shape.get(key, shape.get("*"))
        if key in old:
            merged = _apply(old[key], value, child)
            if merged is not old[key]:
                old[key] = merged
        elif not _empty(value):
            before = order[: order.index(key)] if key in order else list(old)
            at = max((i + 1 for i, k in enumerate(old) if k in before), default=0)
            old.insert(at, key, _fresh(value))


def _apply_list(old: CommentedSeq, new: list, shape: Any) -> None:
    """Items matched by value: kept, changed in place (a situation keeps its lines), added, removed;
    a moved item is put back as it was, and the items keep the blank lines between them."""
    keys = [json.dumps(plain(v), sort_keys=True) for v in old]
    new_keys = [json.dumps(v, sort_keys=True) for v in new]
    ops = difflib.SequenceMatcher(a=keys, b=new_keys, autojunk=False).get_opcodes()
    gone: dict[str, list] = {}  # the items removed outright, by value: one moved is taken from here
    for _, a1, a2, b1, b2 in ops:
        for i in range(a1 + min(a2 - a1, b2 - b1), a2):
            gone.setdefault(keys[i], []).append(old[i])
    blank = _blank_line(old)
    for op, a1, a2, b1, b2 in reversed(ops):  # from the end: the indices before stay valid
        if op == "equal":
            continue
        for i in range(min(a2 - a1, b2 - b1)):
            merged = _apply(old[a1 + i], new[b1 + i], shape)
            if merged is not old[a1 + i]:
                old[a1 + i] = merged
        for i in reversed(range(b2 - b1, a2 - a1)):
            del old[a1 + i]
        for i in range(a2 - a1, b2 - b1):
            moved = gone.get(new_keys[b1 + i])
            old.insert(a1 + i, moved.pop() if moved else _fresh(new[b1 + i]))
    if blank is not None:
        old.ca.items.pop(0, None)
        for i in range(1, len(old)):
            old.ca.items.setdefault(i, copy.deepcopy(blank))


def _blank_line(seq: CommentedSeq) -> Any:
    """The blank line before every item but the first (situations.yml's style), or None."""
    found = [seq.ca.items.get(i) for i in range(len(seq))]
    if len(seq) < 2 or seq.fa.flow_style() or found[0] is not None:
        return None
    blank = all(c and not c[0] and c[1] and not "".join(t.value for t in c[1]).strip() for c in found[1:])
    return found[1] if blank else None


def dump(tree: Any) -> str:
    """The text of a round-trip tree, in the file's style."""
    return dump_text(tree, tree_yaml())


def rewrite(text: str, name: str) -> str:
    """The text written from the file's unchanged tree: what every save starts from, and the same
    bytes as `text` for the file's style (tests/editor/test_editor_situations.py measures the
    repository's)."""
    return dump(load(text, name))
