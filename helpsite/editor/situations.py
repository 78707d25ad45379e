"""situations.yml in the form: every value as the text the content package reads, saved with its comments.

The content package reads the file's words as written (content/situations.py reads the parser's
node text), so an id is never read as a boolean; the form gets that text. A save changes only the
values that differ (roundtrip.py), so the header, the comments and the blank lines stay.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from . import model, roundtrip, view

_FILE = model.situations_file
SITUATIONS, FLAGS = _FILE.SITUATIONS, _FILE.FLAGS
# The keys the form edits, in the file's order (roundtrip.py): any other key stays as it is.
SHAPE: Any = {SITUATIONS: [{f.name: None for f in _FILE.FIELDS}]}


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
    return shown


def to_view(data: Any) -> Any:
    """The file's values as the form edits them: flags as booleans, a single service as a list."""
    if not isinstance(data, dict):
        return {}
    shown = dict(data)
    if isinstance(data.get(SITUATIONS), list):
        shown[SITUATIONS] = [_situation_view(s) for s in data[SITUATIONS]]
    return shown


def from_view(shown: dict) -> dict:
    """The form's values as the file's (all text): the inverse of to_view."""
    if not isinstance(shown, dict):  # ValueError: the API answers 400 with this message
        raise ValueError('formularens felter skal være et JSON-objekt: {"navn": værdi, ...}')
    data = dict(shown)
    if isinstance(shown.get(SITUATIONS), list):
        # A flag left false is not written (the file leaves it out); true is written as the text "true".
        data[SITUATIONS] = [
            {
                k: "true" if k in FLAGS and v is True else v
                for k, v in s.items()
                if not (k in FLAGS and v in (False, "false"))
            }
            if isinstance(s, dict)
            else s
            for s in shown[SITUATIONS]
        ]
    return data


def view_text(text: str) -> str:
    """situations.yml as the form's JSON."""
    return json.dumps(
        to_view(roundtrip.plain(roundtrip.load(text, _FILE.FILE))), indent=2, ensure_ascii=False
    )


def save(old_text: str, raw: str) -> str:
    """situations.yml's new text for the form's JSON `raw`: unchanged values keep their bytes."""
    new = from_view(json.loads(raw))
    tree = roundtrip.load(old_text, _FILE.FILE)
    if not isinstance(tree, CommentedMap) or to_view(roundtrip.plain(tree)) == to_view(new):
        return old_text  # nothing changed (or no file the form could show: the check says why)
    roundtrip.apply_map(tree, new, SHAPE)
    return roundtrip.dump(tree)


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
