"""Change single fields of a content file's front matter and leave every other byte as it was.

An import from a translation agency changes a name, a summary or the body; rewriting the whole
file through a YAML writer would also re-quote and re-order what nobody changed, and every import
would then show as a diff of whole files. So each field is one line, replaced where it stands, and
every value written is read back to prove YAML gives the same text.
"""

from __future__ import annotations

import json
import re

from ruamel.yaml.error import YAMLError

from .front_matter import yaml_reader

_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:")


class RewriteError(Exception):
    """A file whose front matter cannot be found (it is then left alone)."""


def split_file(raw: str) -> tuple[list[str], str]:
    """The front matter's lines (with both '---' lines) and the body exactly as it follows them."""
    lines = raw.splitlines(keepends=True)
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        raise RewriteError("the file does not start with front matter ('---')")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise RewriteError("the front matter is not closed with a line '---'")
    return lines[: end + 1], "".join(lines[end + 1 :])


def _loads(text: str) -> object:
    try:
        return yaml_reader().load(text)
    except YAMLError:
        return None


def scalar(text: str, *, flow: bool = False) -> str:
    """`text` as a YAML value on one line: plain when YAML reads it back unchanged, else quoted."""
    if text == text.strip() and "\n" not in text and text:
        wrapped = f"k: [{text}]" if flow else f"k: {text}"
        if _loads(wrapped) == {"k": [text] if flow else text}:
            return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def words(items: list[str]) -> str:
    """A list of words as a YAML flow list on one line: [a, b, "c, d"]."""
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def set_fields(front: list[str], values: dict[str, str | None]) -> list[str]:
    """`front` with each key set to its one-line YAML value (None: the key's line removed).

    A key that is not there yet goes just before the closing '---'. A value that spans lines
    (a folded summary, a block list) is replaced as a whole.
    """
    newline = "\r\n" if front[0].endswith("\r\n") else "\n"
    lines = list(front)
    for key, value in values.items():
        start = next((i for i in range(1, len(lines) - 1) if _key(lines[i]) == key), None)
        new = [] if value is None else [f"{key}: {value}{newline}"]
        if start is None:
            lines[-1:-1] = new
            continue
        stop = start + 1
        while stop < len(lines) - 1 and _key(lines[stop]) is None:
            stop += 1  # the indented lines of the same value, and blank lines up to the next key
        while stop - 1 > start and not lines[stop - 1].strip():
            stop -= 1  # but not the blank lines before the next key
        lines[start:stop] = new
    return lines


def _key(line: str) -> str | None:
    match = _KEY.match(line)
    return match[1] if match else None


def read_back(front: list[str]) -> dict:
    """The front matter's values as the loader reads them; RewriteError if it is no longer YAML."""
    meta = _loads("".join(front[1:-1]))
    if not isinstance(meta, dict):
        raise RewriteError("the changed front matter is not valid YAML")
    return dict(meta)
