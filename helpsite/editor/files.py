"""A save from the CMS written back into our file, changing only the fields that changed.

Decap rewrites a whole file on every save (its YAML library drops comments and re-quotes values).
So the CMS gets JSON front matter, whose types are exact, and the save is handed to the content
package's one writer (content/rewrite.py), which splices the changed fields into the original text:
an unchanged field keeps its bytes, a changed one is written in our files' style. The whole file is
then read and checked by the loader (YAML 1.2) before it is saved. This serves the front matter of
every Markdown file and synonyms.yml; situations.yml and the examples files, whose values are all
plain words, are written onto ruamel's round-trip tree instead (roundtrip.py).
"""

from __future__ import annotations

import json
from typing import Any

from ..content.rewrite import empty, field_text, splice
from .view import Meta, from_view, parse_markdown_view, split_markdown


def save_markdown(old_text: str | None, raw: str, order: list[str]) -> str:
    """The file's new text for Decap's save `raw`; `old_text` unchanged when nothing changed."""
    meta, body = parse_markdown_view(raw)
    if old_text is None:
        front = "".join(field_text(k, v) for k, v in _ordered(meta, order) if not empty(v))
        return f"---\n{front}---\n{body}"
    first, front, rest = split_markdown(old_text)
    closing, _, old_body = rest.partition("\n")
    new_front = splice(front, meta, order)
    new_body = old_body if old_body.strip("\n") == body.strip("\n") else body
    return f"{first}{new_front}{closing}\n{new_body}"


def save_yaml(old_text: str, raw: str) -> str:
    """synonyms.yml's new text for Decap's save `raw` (comments and unchanged groups kept)."""
    return splice(old_text, from_view(json.loads(raw)), [])


def _ordered(meta: Meta, order: list[str]) -> list[tuple[str, Any]]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(meta.items(), key=lambda kv: rank.get(kv[0], len(rank)))
