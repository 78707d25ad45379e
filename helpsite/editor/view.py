"""Our content files as the CMS's form sees them: JSON front matter with exact types.

A file is read with the loader's own YAML reader (YAML 1.2), so the form holds exactly the values
the site gets; JSON leaves no doubt about a value's type. Two fields change shape: the form has no
field that is either "always" or a list, so hours are {always, slots}; and `confirmed` is a list of
at most one, the only way Decap lets an optional group of required fields stay empty.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ..content import file_parts
from ..content.rewrite import read_yaml
from .choices import days_to_codes
from .widgets import date_fields, one_item_fields

Meta = dict[str, object]
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _dates_out(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _dates_out(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_out(v) for v in value]
    return value


def _dates_in(value: object, dates: frozenset[str], key: str = "") -> object:
    """Text in a date field back to a date, at any depth (dated sources' dates too)."""
    if isinstance(value, str) and key in dates and _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # not a real day: the check says so
    if isinstance(value, dict):
        return {k: _dates_in(v, dates, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_in(v, dates, key) for v in value]
    return value


def to_view(meta: Meta) -> Meta:
    """Front matter as the form edits it: dates as text, hours as {always, slots}, `confirmed` in a list."""
    view: Meta = {}
    boxed = one_item_fields()
    for key, value in meta.items():
        value = _dates_out(value)
        if key in boxed and isinstance(value, dict):
            value = [value]
        if key == "hours":
            if value == "always":
                value = {"always": True, "slots": []}
            elif isinstance(value, list):
                value = {"always": False, "slots": list(value)}
        view[str(key)] = value
    return view


def from_view(view: Meta) -> Meta:
    """The form's values as front matter: the inverse of to_view."""
    if not isinstance(view, dict):  # ValueError: the API answers 400 with this message
        raise ValueError('formularens felter skal være et JSON-objekt: {"navn": værdi, ...}')
    meta: Meta = {}
    dates, boxed = date_fields(), one_item_fields()
    for key, value in view.items():
        if key == "of":
            continue  # only names a new translation's file; never stored
        value = _dates_in(value, dates, key)
        if key in boxed and isinstance(value, list) and len(value) <= 1:
            value = value[0] if value else None  # more than one stays a list: the check refuses it
        if key == "hours" and isinstance(value, dict):
            slots = [_slot_in(s) for s in value.get("slots") or [] if s]
            value = "always" if value.get("always") else (slots or None)
        meta[key] = value
    return meta


def _slot_in(slot: object) -> object:
    """A time slot as the file keeps it: Danish day names typed in the form become the codes."""
    if isinstance(slot, dict) and "days" in slot:
        return {**slot, "days": days_to_codes(slot["days"])}
    return slot


def split_markdown(text: str) -> tuple[str, str, str]:
    """A Markdown file as (opening line, front matter, rest from the closing '---' on).

    ValueError (content.file_parts.NoFrontMatter) when it has no front matter, or no end to it.
    """
    parts = file_parts.split(text)
    return parts.opening, parts.front, parts.closing + parts.body


def markdown_view(text: str, shown: Meta | None = None) -> str:
    """A Markdown file as Decap's json-frontmatter format writes it: JSON (`shown` first), then the body."""
    _, front, rest = split_markdown(text)
    read = read_yaml(front)
    meta = {**(shown or {}), **(read if isinstance(read, dict) else {})}
    body = rest.split("\n", 1)[1] if "\n" in rest else ""
    inner = json.dumps(to_view(meta), indent=2, ensure_ascii=False)
    return f"{inner}\n{body}"


def yaml_view(text: str) -> str:
    """A YAML file (synonyms.yml) as JSON."""
    read = read_yaml(text)
    return json.dumps(to_view(read if isinstance(read, dict) else {}), indent=2, ensure_ascii=False)


def parse_markdown_view(raw: str) -> tuple[Meta, str]:
    """What Decap sends for a Markdown file: (front matter, body)."""
    data, end = json.JSONDecoder().raw_decode(raw.lstrip())
    body = raw.lstrip()[end:]
    return from_view(data), body[1:] if body.startswith("\n") else body
