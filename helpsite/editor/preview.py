"""The preview pane: the unsaved form as the public site renders it (web/entry_page.py), or its problems.

Decap's preview pane posts the form as it is (POST /admin/preview, behind the editor's guard) and
shows the answer in a frame. The form is written into a scratch folder with the entry's other files
(its Danish original, its translations) and read by the loader's own steps, beside the content on
disk (content/entry.py); what the check refuses is shown in the editor's Danish instead of a page.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import Flask, render_template

from ..config import ROOT
from ..content.entry import check_entry
from ..content.model import Content
from ..content.problems import Problem
from ..publishing.store import EMPTY
from ..web.entry_page import page_app, render_entry
from . import backend, messages, model

NEW_KEY = "ny-tekst"  # an entry not yet saved has no file name: the preview gives it this one
STYLE = ROOT / "site" / "static" / "site.css"
_COLLECTION = re.compile(r"^(services|pages)(?:_([a-z]{2}))?$")
_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*site\.css">')
_SCRIPT = re.compile(r'<script src="[^"]*site\.js" defer></script>\n?')
_ON_DISK: dict[str, Content] = {}  # the services and pages on disk, by the content's fingerprint
_LOCK = threading.Lock()


class NoPreview(Exception):
    """The form cannot be shown yet; the message (Danish) says what to fill in first."""


def on_disk(root: Path, languages: list[str], facts: Path) -> Content:
    """The services and pages as saved (read again after any change); empty when they do not load."""
    key = model.fingerprint(root)
    with _LOCK:
        if key not in _ON_DISK:
            content, _ = check_entry(root, languages, EMPTY, facts=facts)
            _ON_DISK.clear()
            _ON_DISK[key] = content or EMPTY
        return _ON_DISK[key]


def where(collection: str, path: str, data: dict[str, Any]) -> tuple[str, str, str]:
    """(folder, key, language) of the entry a form edits: from its file, or from the form when new."""
    match = _COLLECTION.match(collection)
    if not match:
        raise NoPreview("Denne slags tekst har ingen side på hjemmesiden, så der er intet at vise.")
    folder, lang = match[1], match[2] or model.DEFAULT_LANGUAGE
    name = path.rsplit("/", 1)[-1]
    key = name.split(".", 1)[0] if name else ""
    if not key and lang != model.DEFAULT_LANGUAGE:
        key = str(data.get("of") or "")
        if not key:
            raise NoPreview("Vælg den danske tekst under »Oversættelse af«, så vises siden her.")
    return folder, key or NEW_KEY, lang


def _unfilled(slot: object) -> bool:
    # A time slot just added and not yet filled in: left out until it is (the save still checks it).
    return isinstance(slot, dict) and all(v in (None, "") for v in slot.values())


def file_text(rel: str, root: Path, data: dict[str, Any]) -> str:
    """The file `rel` as it would be saved from the form's `data` (its text, with the body)."""
    front = {k: v for k, v in data.items() if k != "body"}
    hours = front.get("hours")
    if isinstance(hours, dict) and isinstance(hours.get("slots"), list):
        front["hours"] = {**hours, "slots": [s for s in hours["slots"] if not _unfilled(s)]}
    raw = json.dumps(front, ensure_ascii=False) + "\n" + str(data.get("body") or "")
    return backend.new_text(rel, backend.published(root, rel), raw)


def trial(root: Path, folder: str, key: str, rel: str, text: str, scratch: Path) -> Path:
    """A scratch content folder with the entry's files only, the form's text in place of its file."""
    content = scratch / root.resolve().parent.name / root.resolve().name
    for kind in ("services", "pages"):
        (content / kind).mkdir(parents=True)
    for path in (root / folder).glob(f"{key}.*"):
        if path.name.count(".") <= 2 and path.name.split(".", 1)[0] == key:
            shutil.copyfile(path, content / folder / path.name)
    (content / rel).write_text(text, encoding="utf-8")
    return content


def render(app: Flask, renderer: Flask, collection: str, path: str, data: dict[str, Any]) -> str:
    """The preview's HTML: the page as the site shows it, or the form's problems in Danish."""
    config = app.config
    root, languages, facts = config["CONTENT_DIR"], config["LANGUAGES"], config["FACTS_FILE"]
    try:
        folder, key, lang = where(collection, path, data)
        suffix = "" if lang == model.DEFAULT_LANGUAGE else f".{lang}"
        rel = backend.safe(root, f"{folder}/{key}{suffix}.md")
        text = file_text(rel, root, data)
    except (NoPreview, backend.Refused) as exc:
        return _problems([str(exc)])
    known = on_disk(root, languages, facts)
    with tempfile.TemporaryDirectory(prefix="preview-") as scratch:
        shown = trial(root, folder, key, rel, text, Path(scratch))
        content, problems = check_entry(shown, languages, known, facts=facts)
    errors = [p for p in problems if p.severity == "error"]
    if content is None or errors:
        return _problems(_said(errors))
    html = render_entry(renderer, content, folder, key, lang)
    if html is None:
        return _problems(["Siden kan ikke vises endnu: udfyld de felter, der skal udfyldes."])
    return _styled(html)


def _said(problems: list[Problem]) -> list[str]:
    owner = backend.fact_sheet_owner()
    return list(dict.fromkeys(messages.say(p, owner) for p in problems))


def _problems(lines: list[str]) -> str:
    return render_template("preview.html", problems=lines)


def _styled(html: str) -> str:
    # The frame shows the page without a request of its own: the site's CSS goes inline, and its
    # script (quick exit, search as you type) stays out of a preview that is not the live page.
    style = STYLE.read_text(encoding="utf-8")
    html = _LINK.sub(lambda _: f"<style>{style}</style>", html, count=1)
    return _SCRIPT.sub("", html, count=1)


def init_app(app: Flask) -> Flask:
    """The renderer: an app with the site's templates and routes, configured as the editor is."""
    return page_app(app.config)
