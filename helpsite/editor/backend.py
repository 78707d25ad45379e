"""Decap's local-backend API over the content folder: reads as JSON, saves checked before writing.

It speaks the protocol of decap-server (POST /api/v1 with an action), which is where the check has
to sit: a save that `flask content check` would refuse is answered with the check's message and
never reaches the disk.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from flask import current_app, has_app_context

from ..config import DEFAULTS
from ..content import files as content_files
from . import config, files, messages, model, view

MARKDOWN_FOLDERS = tuple(spec["folder"] for spec in model.CONTENT_TYPES.values())
YAML_FILES = tuple(config.YAML_FILES)  # synonyms.yml, situations.yml: the YAML files with a form
SAVING = threading.Lock()  # one save at a time: check-then-write must see the files it checked
DEFAULT_OWNER = DEFAULTS["FACT_SHEET_OWNER"]


class Refused(Exception):
    """A request the editor will not carry out; the message is shown to the editor."""


def entry(root: Path, rel: str) -> dict:
    """A content file as Decap reads it: the form's view of its text, and its path."""
    text = (root / rel).read_text(encoding="utf-8")
    return {
        "data": view_of(rel, text),
        "file": {"path": rel, "id": hashlib.sha256(text.encode()).hexdigest()},
    }


def view_of(rel: str, text: str) -> str:
    """The text the form reads for the file `rel`: JSON front matter, or JSON for a YAML file."""
    try:
        if rel in YAML_FILES:
            return config.YAML_FILES[rel].view(text)
        # A translation's form names its Danish original (never stored: view.from_view drops it).
        name = Path(rel)
        original: dict[str, object] | None = None
        if content_files.is_translation(name):
            original = {"of": content_files.split_name(name)[0]}
        return view.markdown_view(text, original)
    except model.AliasFound as exc:
        raise Refused(_alias(rel, exc)) from None


def _alias(rel: str, exc: model.AliasFound) -> str:
    """What the editor says of a file with a YAML alias, at the line of the file it is on."""
    # The front matter is read from the line after the opening '---'; a YAML file from its top.
    line = exc.problem_mark.line + (1 if rel in YAML_FILES else 2)
    return (
        f"{rel}, linje {line}: filen bruger et YAML-anker (&navn) eller et alias (*navn). Det "
        "tillader editoren ikke, for et alias kan gentage en værdi millioner af gange. Bed IT skrive "
        "værdien helt ud i filen (uden & og *), og åbn den så igen"
    )


def safe(root: Path, rel: str) -> str:
    """`rel` when it names a content file the editor may touch; Refused otherwise."""
    rel = rel.strip("/")
    parts = rel.split("/")
    ok = rel in YAML_FILES or (
        len(parts) == 2
        and parts[0] in MARKDOWN_FOLDERS
        and content_files.NAME.fullmatch(parts[1]) is not None
    )
    if not ok or not (root / rel).resolve().is_relative_to(root.resolve()):
        raise Refused(
            f"'{rel}' er ikke et gyldigt filnavn: brug små bogstaver, tal og bindestreger, "
            "og vælg den danske tekst under 'Oversættelse af' for en ny oversættelse"
        )
    return rel


def _listing(root: Path, folder: str, extension: str) -> list[str]:
    if folder not in MARKDOWN_FOLDERS:
        return []
    found = []
    for path in sorted((root / folder).glob("*.md")):
        if path.name.startswith(("_", ".")):
            continue  # the template and editor files are not content
        lang = content_files.split_name(path)[1]
        if (extension == "md" and lang == model.DEFAULT_LANGUAGE) or extension == f"{lang}.md":
            found.append(f"{folder}/{path.name}")
    return found


def _order(rel: str) -> list[str]:
    for spec in model.CONTENT_TYPES.values():
        if rel.startswith(spec["folder"] + "/"):
            fields = spec["translation_fields"] if content_files.is_translation(Path(rel)) else spec["fields"]
            return [f.name for f in fields]
    return []


def published(root: Path, rel: str) -> str | None:
    """A content file's text as the site has it; None when there is no such file."""
    path = root / rel
    return path.read_text(encoding="utf-8") if path.exists() else None


def new_text(rel: str, old: str | None, raw: str) -> str:
    """The file `rel` once the form's `raw` is spliced into its text `old` (None: a new file)."""
    try:
        if rel in YAML_FILES:
            if old is None:
                raise Refused(f"{rel} findes ikke")
            return config.YAML_FILES[rel].save(old, raw)
        return files.save_markdown(old, raw, _order(rel))
    except model.AliasFound as exc:
        raise Refused(_alias(rel, exc)) from None


# The errors of the content as it is on disk, by its fingerprint: a save then runs the check once
# (on the would-be content), not twice. Filled after every write with what that check found.
_KNOWN: dict[tuple[str, str], set[str]] = {}


def _errors(root: Path, languages: list[str], facts: Path) -> set[str]:
    key = (str(root.resolve()), model.fingerprint(root))
    if key not in _KNOWN:
        _, problems = model.check(root, languages, facts=facts)
        _KNOWN.clear()  # only the current state is worth keeping
        _KNOWN[key] = {str(p) for p in problems if p.is_error}
    return _KNOWN[key]


def checked(
    root: Path,
    languages: list[str],
    facts: Path,
    writes: dict[str, str | None],
    warnings: list[str] | None = None,
) -> set[str]:
    """Run the check on the would-be content; Refused with its new errors, if any; else its errors.

    The copy is checked against the real content's fact sheet (`facts`), not a copy of it. The
    problems are said in the editor's Danish (messages.py); `warnings`, when given, receives the
    warnings about the written files, so the editor can show them after the save.
    """
    with tempfile.TemporaryDirectory(prefix="editor-") as tmp:
        # The check names files from two folders up: the same two names give the same messages.
        trial = Path(tmp) / root.resolve().parent.name / root.resolve().name
        shutil.copytree(root, trial, ignore=shutil.ignore_patterns(".*"))
        for rel, text in writes.items():
            if text is None:
                (trial / rel).unlink(missing_ok=True)
            else:
                (trial / rel).write_text(text, encoding="utf-8")
        before = _errors(root, languages, facts)
        _, problems = model.check(trial, languages, facts=facts)
    errors = [p for p in problems if p.is_error]
    saved, owner = tuple(writes), fact_sheet_owner()
    new = list(dict.fromkeys(messages.say(p, owner, saved) for p in errors if str(p) not in before))
    if new:
        raise Refused("Ikke gemt. " + "\n".join(new))
    if warnings is not None:
        ours = tuple("/" + rel for rel in saved)
        mine = (p for p in problems if not p.is_error and p.path.endswith(ours))
        warnings.extend(dict.fromkeys(messages.say(p, owner) for p in mine))
    return {str(p) for p in errors}


def fact_sheet_owner() -> str:
    """Who adds a number to the fact sheet (FACT_SHEET_OWNER), as the running editor is configured."""
    if has_app_context():
        return str(current_app.config.get("FACT_SHEET_OWNER") or DEFAULT_OWNER)
    return DEFAULT_OWNER


def remember(root: Path, errors: set[str]) -> None:
    """The checked content is now on disk: its errors are known."""
    _KNOWN.clear()
    _KNOWN[(str(root.resolve()), model.fingerprint(root))] = errors


def write(root: Path, rel: str, text: str) -> None:
    """Write a checked file in place, atomically."""
    path = root / rel
    tmp = path.with_name(f".{path.name}.saving")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # atomic: the site's watcher never reads half a file


def handle(root: Path, languages: list[str], facts: Path, body: dict[str, Any]) -> Any:
    """Answer one API request, checking saves against the fact sheet `facts`; Refused if not allowed."""
    action, params = body.get("action"), body.get("params") or {}
    if action == "info":
        return {"repo": "site/content", "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        return [entry(root, rel) for rel in _listing(root, params["folder"], params["extension"])]
    if action == "entriesByFiles":
        rels = [safe(root, f["path"]) for f in params.get("files", [])]
        return [entry(root, rel) for rel in rels if (root / rel).exists()]
    if action == "getEntry":
        return entry(root, safe(root, params["path"]))
    if action in ("persistEntry", "deleteFile", "deleteFiles"):
        with SAVING:
            return _change(root, languages, facts, action, params)
    if action == "getMedia":
        return []
    if action == "getDeployPreview":
        return None
    raise Refused(f"'{action}' kan editoren ikke")


def _change(root: Path, languages: list[str], facts: Path, action: str, params: dict[str, Any]) -> Any:
    """A save or a deletion, checked first."""
    if action == "persistEntry":
        if params.get("assets"):
            raise Refused("Billeder og andre filer kan ikke gemmes her: indholdet har ingen billeder")
        writes: dict[str, str | None] = {}
        for data_file in params.get("dataFiles") or []:
            if data_file.get("newPath") and data_file["newPath"] != data_file["path"]:
                raise Refused("Skift ikke filnavn på et eksisterende tilbud: adressen og id'et skifter med")
            rel = safe(root, data_file["path"])
            old = published(root, rel)
            text = new_text(rel, old, data_file["raw"])
            if text != old:
                writes[rel] = text
        warnings: list[str] = []
        if writes:
            errors = checked(root, languages, facts, writes, warnings)
            for rel, written in writes.items():
                assert written is not None  # a save writes text; only a deletion removes a file
                write(root, rel, written)
            remember(root, errors)
        # Decap reads only the message; admin.js shows the warnings until the editor closes them.
        return {"message": "entry persisted", "warnings": warnings}
    rels = [safe(root, p) for p in params.get("paths") or [params.get("path", "")]]
    errors = checked(root, languages, facts, dict.fromkeys(rels))
    for rel in rels:
        (root / rel).unlink(missing_ok=True)
    remember(root, errors)
    return {"message": "deleted"}
