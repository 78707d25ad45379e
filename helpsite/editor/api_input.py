"""What an API request may hold: a JSON object with an action and params of the types Decap sends.

Decap sends well-formed requests; anything else comes from a program or a person probing the
editor. It is judged here, once, before any action runs, so the actions can trust their params'
types and a bad request is a 400 with a Danish message, never a 500 from deep inside a save.
"""

from __future__ import annotations

import json
from typing import Any

MAX_NAME = 300  # a path, slug, collection or status: far longer than any real one
MAX_TEXT = 2 * 1024 * 1024  # a file's text (`raw`): the editor's whole request limit

_ENTRY = {"id": str, "collection": str, "slug": str}
_DATA_FILE = {"path": str, "raw": str, "slug": str, "newPath": str}
_OPTIONS = {"useWorkflow": bool, "collectionName": str, "status": str, "commitMessage": str}
# Each action's params: a type, a list of one shape ([shape]) or a dict of keys and their shapes.
# `list` and `dict` are any list or object; keys not named here are ignored (Decap's `branch`).
SHAPES: dict[str, dict[str, Any]] = {
    "info": {},
    "entriesByFolder": {"folder": str, "extension": str, "depth": int},
    "entriesByFiles": {"files": [{"path": str}]},
    "getEntry": {"path": str},
    "persistEntry": {"dataFiles": [_DATA_FILE], "assets": list, "options": _OPTIONS},
    "deleteFile": {"path": str, "options": dict},
    "deleteFiles": {"paths": [str], "options": dict},
    "getMedia": {"mediaFolder": str},
    "getDeployPreview": _ENTRY,
    "unpublishedEntries": {},
    "unpublishedEntry": _ENTRY,
    "unpublishedEntryDataFile": {**_ENTRY, "path": str},
    "unpublishedEntryMediaFile": {**_ENTRY, "path": str},
    "deleteUnpublishedEntry": _ENTRY,
    "updateUnpublishedEntryStatus": {**_ENTRY, "newStatus": str},
    "publishUnpublishedEntry": _ENTRY,
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "entriesByFolder": ("folder", "extension"),
    "getEntry": ("path",),
    "persistEntry": ("dataFiles",),
    "deleteFile": ("path",),
    "deleteFiles": ("paths",),
    "unpublishedEntryDataFile": ("path",),
    "updateUnpublishedEntryStatus": ("newStatus",),
}
_TYPE_NAMES = {str: "tekst", bool: "sand/falsk", int: "et tal", list: "en liste", dict: "et objekt"}


class BadInput(Exception):
    """A request the editor cannot read; the message says what is wrong with it, in Danish."""


def body(data: bytes) -> dict[str, Any]:
    """The request's {"action", "params"}, its params checked against the action's shape."""
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise BadInput("Forespørgslen er ikke UTF-8-tekst") from exc
    except (ValueError, RecursionError) as exc:
        raise BadInput("Forespørgslen er ikke gyldig JSON") from exc
    if not isinstance(value, dict):
        raise BadInput("Forespørgslen skal være et JSON-objekt med 'action' og 'params'")
    action = value.get("action")
    if not isinstance(action, str) or action not in SHAPES:
        shown = action[:MAX_NAME] if isinstance(action, str) else action.__class__.__name__
        raise BadInput(f"Editoren kender ikke handlingen '{shown}'")
    params = value.get("params")
    params = {} if params is None else params
    _check(params, SHAPES[action], "params")
    missing = [key for key in REQUIRED.get(action, ()) if params.get(key) is None]
    if missing:
        raise BadInput(f"'{action}' mangler {', '.join(missing)} i params")
    return {"action": action, "params": params}


def _check(value: Any, shape: Any, where: str) -> None:
    """BadInput unless `value` has `shape`; None stands for a missing optional value."""
    if value is None:
        return
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            raise BadInput(f"{where} skal være et objekt")
        for key, inner in shape.items():
            _check(value.get(key), inner, f"{where}.{key}")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            raise BadInput(f"{where} skal være en liste")
        for index, item in enumerate(value):
            if item is None:  # a missing key may be null; an item of a list may not
                raise BadInput(f"{where}[{index}] er tom")
            _check(item, shape[0], f"{where}[{index}]")
    elif not isinstance(value, shape) or (shape is int and isinstance(value, bool)):
        raise BadInput(f"{where} skal være {_TYPE_NAMES[shape]}")
    elif shape is str:
        _text(value, where)


def _text(value: str, where: str) -> None:
    limit = MAX_TEXT if where.endswith((".raw", ".commitMessage")) else MAX_NAME
    if len(value) > limit:
        raise BadInput(f"{where} er for lang (over {limit} tegn)")
    if "\x00" in value:
        raise BadInput(f"{where} indeholder et nul-tegn")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate ("\ud800"): JSON allows it, a file cannot hold it
        raise BadInput(f"{where} indeholder et tegn, der ikke kan gemmes som UTF-8") from exc
