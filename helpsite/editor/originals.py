"""The Danish originals a translation is made from: which lack a language, their words, their stamp.

A new translation is offered only the Danish texts that have no file in its language yet; its form
shows the chosen text's words to translate from; and the stamp button records the Danish text's
fingerprint in `source:`, as `flask content stamp` does, so the check knows what it translates.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from ..content.front_matter import read_source
from ..content.problems import Collector
from ..content.translations import original_fingerprint
from . import model

_COLLECTION = re.compile(r"^(services|pages)_([a-z]{2})$")
_CACHE: dict[tuple[str, str], list[dict]] = {}  # (content fingerprint, collection) -> originals
_LOCK = threading.Lock()


def originals(root: Path, collection: str) -> list[dict]:
    """Every Danish text of the translation collection's kind: its words, stamp, and whether it has one."""
    match = _COLLECTION.match(collection)
    if not match:
        return []
    key = (model.fingerprint(root), collection)
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = _read(root, match[1], match[2])
        return _CACHE[key]


def _read(root: Path, kind: str, lang: str) -> list[dict]:
    title = model.CONTENT_TYPES[kind]["title"]
    found = []
    for path in sorted((root / kind).glob("*.md")):
        if path.name.startswith(("_", ".")) or path.name.count(".") != 1:
            continue  # the template, editor files and translations
        src = read_source(path, root, Collector())
        if src is None:
            continue  # a broken Danish file: the check says so where it matters
        found.append(
            {
                "id": path.stem,
                "title": str(src.meta.get(title) or path.stem),
                "summary": str(src.meta.get("summary") or ""),
                "body": src.body.strip(),
                "stamp": original_fingerprint(src.meta, src.body),
                "translated": (root / kind / f"{path.stem}.{lang}.md").exists(),
            }
        )
    return found
