"""situations.yml in the form: every value as the text the search reads, saved back with its comments.

The search reads the file's words as written (situations_file.py reads the parser's node text), so
Polish "on" is a word, not YAML 1.1's true; the form gets that text. A save is written onto
ruamel.yaml's round-trip tree of the old text, changing only the values that differ: the header,
the comments after a key, the quotes, the one-line lists and the blank lines of the rest stay as
they were. Read this way (every scalar text, no version directive, our indentation, no wrapping),
an unchanged tree is written back byte for byte; tests/test_editor_situations.py measures it on
the repository's situations.yml files. The splice of files.py is not used here: it rewrites a changed
list item whole, and one situation is a dozen lines.
"""

from __future__ import annotations

import copy
import difflib
import io
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from . import model, view

_FILE = model.situations_file
WORDS, SITUATIONS, SIGNALS, FLAGS = _FILE.WORDS, _FILE.SITUATIONS, _FILE.SIGNALS, _FILE.FLAGS
NAME = "name"  # a list under `words:` is one item of the form's list: its name and its words
_LANGS = {lang: None for lang in model.KNOWN_LANGUAGES}
# The keys the form edits at each level, in the file's order: a dict maps keys to their own shape
# ("*": any key), a list holds items of one shape, None is a value. A key not named here is never
# removed, whatever the form sends back: the form did not show it.
SHAPE: Any = {
    WORDS: {"*": _LANGS},
    SITUATIONS: [{**{f.name: None for f in _FILE.FIELDS}, SIGNALS: _LANGS}],
}


class _Text(VersionedResolver):
    """Every scalar is text, as situations_file.py reads it: nothing is a YAML boolean or number."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _yaml() -> YAML:
    """A round-trip reader and writer in the file's own style (a new one per use: not thread-safe)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = _Text
    yaml.Composer = model.NoAliases  # an alias could multiply the file in the form: refused, with its line
    yaml.preserve_quotes = True  # "i'm" stays in its quotes
    yaml.width = 1_000_000  # a long list of phrases stays on its line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if value is not None else ""


def _listed(value: Any) -> Any:
    """A single word where a list may stand (`da: kniv`) as the form's list."""
    return [value] if isinstance(value, str) else value


def _situation_view(item: Any) -> Any:
    if not isinstance(item, dict):
        return item  # the check names the line; the form shows what it can
    shown = dict(item)
    for flag in FLAGS:
        if shown.get(flag) in ("true", "false"):  # anything else stays text: the check refuses it
            shown[flag] = shown[flag] == "true"
    if "services" in shown:
        shown["services"] = _listed(shown["services"])
    if isinstance(shown.get(SIGNALS), dict):
        shown[SIGNALS] = {k: _listed(v) for k, v in shown[SIGNALS].items()}
    return shown


def to_view(data: Any) -> Any:
    """The file's values as the form edits them: `words:` as a list of {name, da, en, ...}."""
    if not isinstance(data, dict):
        return {}
    shown = dict(data)
    if isinstance(data.get(WORDS), dict):
        shown[WORDS] = [
            {NAME: name, **({k: _listed(v) for k, v in langs.items()} if isinstance(langs, dict) else {})}
            for name, langs in data[WORDS].items()
        ]
    if isinstance(data.get(SITUATIONS), list):
        shown[SITUATIONS] = [_situation_view(s) for s in data[SITUATIONS]]
    return shown


def from_view(shown: dict) -> dict:
    """The form's values as the file's (all text): the inverse of to_view."""
    if not isinstance(shown, dict):  # ValueError: the API answers 400 with this message
        raise ValueError('formularens felter skal være et JSON-objekt: {"navn": værdi, ...}')
    data = dict(shown)
    if isinstance(shown.get(WORDS), list):
        data[WORDS] = {}
        for item in shown[WORDS]:
            if not isinstance(item, dict):
                raise ValueError(f"en ordliste skal have et navn og ord, ikke {item!r}")
            name = str(item.get(NAME) or "").strip()
            if name in data[WORDS]:  # a mapping cannot hold it twice: refuse rather than drop one
                raise ValueError(f"ordlisten '{name}' står to gange under Ordlister: giv hver sit navn")
            data[WORDS][name] = {k: v for k, v in item.items() if k != NAME}
    if isinstance(shown.get(SITUATIONS), list):
        data[SITUATIONS] = [
            {k: ("true" if v else "false") if k in FLAGS and isinstance(v, bool) else v for k, v in s.items()}
            if isinstance(s, dict)
            else s
            for s in shown[SITUATIONS]
        ]
    return data


def _load(text: str) -> Any:
    try:
        return _yaml().load(text)
    except model.AliasFound:
        raise  # the editor says where, in its own words (backend.py)
    except YAMLError as exc:  # the form cannot show it; the check names the line and the fix
        raise ValueError(f"{_FILE.FILE} kan ikke læses: kør `make check`, der siger hvor ({exc})") from exc


def view_text(text: str) -> str:
    """situations.yml as the form's JSON."""
    return json.dumps(to_view(_plain(_load(text))), indent=2, ensure_ascii=False)


# --------------------------------------------------------------------------- saving


def _empty(value: Any, key: str = "") -> bool:
    """What an untouched form field holds, which is not written into the file."""
    if isinstance(value, dict):
        return all(_empty(v, k) for k, v in value.items())
    return value in (None, "", []) or (key in FLAGS and value in ("false", False))


def _fresh(value: Any) -> Any:
    """A new value in the file's style: lists of words on one line, empty fields left out."""
    if isinstance(value, dict):
        made = CommentedMap()
        for key, item in value.items():
            if not _empty(item, key):
                made[key] = _fresh(item)
        return made
    if isinstance(value, list):
        made = CommentedSeq(_fresh(v) for v in value)
        if all(not isinstance(v, dict | list) for v in value):
            made.fa.set_flow_style()
        return made
    return "" if value is None else str(value)


def _same(old: Any, new: Any) -> bool:
    plain = _plain(old)
    return plain == new or (isinstance(plain, str) and [plain] == new)


def _apply(old: Any, new: Any, shape: Any) -> Any:
    """`new` written onto `old` (ruamel's tree): an equal value is kept as it is, comments and all."""
    if _same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict) and isinstance(shape, dict):
        _apply_map(old, new, shape)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _apply_list(old, new, shape[0] if isinstance(shape, list) else None)
        return old
    return _fresh(new)


def _apply_map(old: CommentedMap, new: dict, shape: dict) -> None:
    order = [k for k in shape if k != "*"]
    owned = (lambda k: True) if "*" in shape else (lambda k: k in shape)
    for key in [k for k in old if owned(str(k)) and (k not in new or _empty(new[k], k))]:
        del old[key]  # cleared or removed in the form
    for key, value in new.items():
        child = shape.get(key, shape.get("*"))
        if key in old:
            merged = _apply(old[key], value, child)
            if merged is not old[key]:
                old[key] = merged
        elif not _empty(value, key):
            before = order[: order.index(key)] if key in order else list(old)
            at = max((i + 1 for i, k in enumerate(old) if k in before), default=0)
            old.insert(at, key, _fresh(value))


def _apply_list(old: CommentedSeq, new: list, shape: Any) -> None:
    """Items matched by value: kept, changed in place (a situation keeps its lines), added, removed;
    a moved item is put back as it was, and the items keep the blank lines between them."""
    keys = [json.dumps(_plain(v), sort_keys=True) for v in old]
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


def _dump(yaml: YAML, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def rewrite(text: str) -> str:
    """The text written from the file's unchanged tree: what every save starts from, and the same
    bytes as `text` for the file's style (tests/test_editor_situations.py measures the repository's)."""
    return _dump(_yaml(), _load(text))


def save(old_text: str, raw: str) -> str:
    """situations.yml's new text for the form's JSON `raw`: unchanged values keep their bytes."""
    new = from_view(json.loads(raw))
    tree = _load(old_text)
    if not isinstance(tree, CommentedMap) or to_view(_plain(tree)) == to_view(new):
        return old_text  # nothing changed (or no file the form could show: the check says why)
    _apply_map(tree, new, SHAPE)
    return _dump(_yaml(), tree)


def targets(root: Path) -> list[dict[str, str]]:
    """What a situation's `services:` may name: each Danish service and page, with its title."""
    found = []
    for kind, spec in model.CONTENT_TYPES.items():
        for path in sorted((root / spec["folder"]).glob("*.md")):
            ident, lang = model.split_name(path)
            if path.name.startswith(("_", ".")) or lang != model.DEFAULT_LANGUAGE:
                continue
            try:
                meta = view.read_yaml(view.split_markdown(path.read_text(encoding="utf-8"))[1])
            except (ValueError, YAMLError, UnicodeDecodeError):
                meta = None  # the check names the mistake; the id can still be chosen
            title = meta.get(spec["title"]) if isinstance(meta, dict) else None
            found.append({"id": ident, "title": str(title or ident), "kind": kind})
    return found
