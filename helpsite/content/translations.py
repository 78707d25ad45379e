"""Translations: how far each one is (missing, draft, outdated, unstamped) and the `source:` stamp."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

from .fields import (
    PAGE_TRANSLATION_FIELDS,
    REVIEWERS,
    SERVICE_TRANSLATION_FIELDS,
    TRANSLATION_ORDER,
    TRANSLATION_STATES,
)
from .files import is_translation, original_of
from .front_matter import Source, read_source
from .model import Page, Service
from .problems import Collector
from .rewrite import RewriteError, set_fields, split_file

STATES = ("missing", "draft", "outdated", "unstamped")
_STAMP = re.compile(r"[0-9a-f]{12}")
# What a translation translates of its Danish original: these fields and the body. Anything else
# (a phone number, the hours, the sources, `confirmed:`) is shown from the Danish file in every
# language, so changing it leaves every translation up to date.
TRANSLATED = tuple(
    dict.fromkeys(
        f.name
        for f in (*SERVICE_TRANSLATION_FIELDS, *PAGE_TRANSLATION_FIELDS)
        if f.name not in ("translation", "source", "reviewed", "id")
    )
)


def original_fingerprint(meta: dict, body: str) -> str:
    """The fingerprint of what a Danish file gives its translations: what `source:` records."""
    text = {"fields": {k: meta[k] for k in TRANSLATED if k in meta}, "body": body.strip()}
    canonical = json.dumps(text, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def translation_state(item: Service | Page, lang: str) -> tuple[str, ...]:
    """What is wrong with `item`'s translation into `lang`: () when it is reviewed and up to date."""
    text = item.texts.get(lang)
    if text is None:
        return ("missing",)
    found = []
    if text.translation == "draft":
        found.append("draft")
    if text.source is None:
        found.append("unstamped")
    elif text.source != item.fingerprint:
        found.append("outdated")
    return tuple(found)


def check_translation(src: Source, out: Collector) -> str:
    """Check a translation's `source:` stamp and `translation:` state; return the state (draft if unset)."""
    stamp = src.meta.get("source")
    if stamp is not None and not _STAMP.fullmatch(str(stamp)):
        out.add(
            src,
            "source",
            f"'source: {stamp}' is not the fingerprint of a Danish file",
            f"run 'flask content stamp {src.rel}' when the translation is finished",
            code="bad-stamp",
        )
    state = src.meta.get("translation")
    if state is not None and state not in TRANSLATION_STATES:
        out.add(
            src,
            "translation",
            f"'translation: {state}' is not allowed",
            "write translation: draft or translation: reviewed",
            code="unknown-choice",
            args=(state,),
        )
    _check_reviewed(src, out)
    return str(state or "draft")


def _check_reviewed(src: Source, out: Collector) -> None:
    """`reviewed: {date, by}`: who checked the translation and when (an import from an agency writes it)."""
    raw = src.meta.get("reviewed")
    if raw is None:
        return
    form = f"reviewed: {{date: YYYY-MM-DD, by: <one of {', '.join(REVIEWERS)}>}}"
    day = raw.get("date") if isinstance(raw, dict) else None
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(raw, dict) or set(map(str, raw)) != {"date", "by"} or not isinstance(day, dt.date):
        out.add(src, "reviewed", "'reviewed' needs a date and a role, nothing else", f"write {form}",
                code="confirmed-shape")  # fmt: skip
    elif str(raw["by"]) not in REVIEWERS:
        out.add(src, "reviewed", f"'{raw['by']}' is not a role that may review a translation",
                f"write {form}", code="unknown-choice", args=(raw["by"],))  # fmt: skip


class StampError(Exception):
    """A file that cannot be stamped, with the reason in plain words."""


def stamp(path: Path) -> str:
    """Write the Danish original's fingerprint into `path`'s `source:` line; change nothing else."""
    if not path.name.endswith(".md") or not is_translation(path):
        raise StampError("not a translation: translations are named <id>.<language>.md")
    if not path.is_file():
        raise StampError("no such file")
    original = original_of(path)
    if not original.is_file():
        raise StampError(f"the Danish original {original.name} is missing")
    read = read_source(original, original.parent.parent, Collector())
    if read is None:
        raise StampError(f"the Danish original {original.name} cannot be read: run 'flask content check'")
    source = original_fingerprint(read.meta, read.body)
    raw = path.read_bytes().decode("utf-8")
    try:
        lines, body = split_file(raw)
        stamped = set_fields(lines, {"source": source}, TRANSLATION_ORDER)
    except RewriteError as exc:
        raise StampError(str(exc)) from None
    if stamped == lines:
        return f"already stamped ({source})"
    path.write_bytes(("".join(stamped) + body).encode("utf-8"))
    return f"stamped with {original.name} as it is now ({source})"
