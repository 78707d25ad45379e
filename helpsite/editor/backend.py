"""Decap's local-backend API over the content folder: reads as JSON, saves checked before writing.

It speaks the protocol of decap-server (POST /api/v1 with an action), which is where the check has
to sit: a save that `flask content check` would refuse is answered with the check's message and
never reaches the disk.
"""

from __future__ import annotations

import dataclasses
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
from . import config, files, layer, messages, model, view

MARKDOWN_FOLDERS = tuple(spec["folder"] for spec in model.CONTENT_TYPES.values())
YAML_FILES = tuple(config.YAML_FILES)  # synonyms.yml, situations.yml: the YAML files with a form
SAVING = threading.Lock()  # one save at a time: check-then-write must see the files it checked
DEFAULT_OWNER = DEFAULTS["FACT_SHEET_OWNER"]


class Refused(Exception):
    """A request the editor will not carry out; the message is shown to the editor."""


def entry(root: Path, rel: str, municipality: Path | None = None) -> dict:
    """A content file as Decap reads it: the form's view of its text, and its path."""
    text = layer.path(root, municipality, rel).read_text(encoding="utf-8")
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


def safe(root: Path, rel: str, municipality: Path | None = None) -> str:
    """`rel` when it names a content file the editor may touch; Refused otherwise.

    kommune/<folder>/<name> names a file of the municipality's folder, when one is configured.
    """
    rel = rel.strip("/")
    local = municipality is not None and layer.is_local(rel)
    parts = layer.inner(rel).split("/") if local else rel.split("/")
    ok = (rel in YAML_FILES and not local) or (
        len(parts) == 2
        and parts[0] in (layer.FOLDERS if local else MARKDOWN_FOLDERS)
        and content_files.NAME.fullmatch(parts[1]) is not None
    )
    top = layer.base(root, municipality, rel).resolve()
    if not ok or not layer.path(root, municipality, rel).resolve().is_relative_to(top):
        raise Refused(
            f"'{rel}' er ikke et gyldigt filnavn: brug små bogstaver, tal og bindestreger, "
            "og vælg den danske tekst under 'Oversættelse af' for en ny oversættelse"
        )
    return rel


def _listing(root: Path, folder: str, extension: str, municipality: Path | None) -> list[str]:
    local = municipality is not None and layer.is_local(folder)
    if layer.inner(folder) not in MARKDOWN_FOLDERS or (layer.is_local(folder) and not local):
        return []
    found = []
    for path in sorted(layer.path(root, municipality, folder).glob("*.md")):
        if path.name.startswith(("_", ".")):
            continue  # the template and editor files are not content
        lang = content_files.split_name(path)[1]
        if (extension == "md" and lang == model.DEFAULT_LANGUAGE) or extension == f"{lang}.md":
            found.append(f"{folder}/{path.name}")
    return found


def _order(rel: str) -> list[str]:
    rel = layer.inner(rel)
    for spec in model.CONTENT_TYPES.values():
        if rel.startswith(spec["folder"] + "/"):
            fields = spec["translation_fields"] if content_files.is_translation(Path(rel)) else spec["fields"]
            return [f.name for f in fields]
    return []


def published(root: Path, rel: str, municipality: Path | None = None) -> str | None:
    """A content file's text as the site has it; None when there is no such file."""
    path = layer.path(root, municipality, rel)
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


def _key(root: Path, municipality: Path | None) -> tuple[str, str]:
    return (f"{root.resolve()}|{municipality}", model.fingerprint(root, municipality))


def _errors(root: Path, languages: list[str], facts: Path, municipality: Path | None) -> set[str]:
    key = _key(root, municipality)
    if key not in _KNOWN:
        _, problems = model.check(root, languages, facts=facts, municipality=municipality)
        _KNOWN.clear()  # only the current state is worth keeping
        _KNOWN[key] = {str(p) for p in problems if p.is_error}
    return _KNOWN[key]


def checked(
    root: Path,
    languages: list[str],
    facts: Path,
    writes: dict[str, str | None],
    warnings: list[str] | None = None,
    municipality: Path | None = None,
) -> set[str]:
    """Run the check on the would-be content; Refused with its new errors, if any; else its errors.

    The copy is checked against the real content's fact sheet (`facts`), not a copy of it. The
    problems are said in the editor's Danish (messages.py); `warnings`, when given, receives the
    warnings about the written files, so the editor can show them after the save. `municipality`
    is its folder: checked with the content, and where the kommune/... files of `writes` go.
    """
    with tempfile.TemporaryDirectory(prefix="editor-") as tmp:
        # The check names files from two folders up: the same two names give the same messages.
        top = Path(tmp) / "copy"  # the copy of a municipality's folder from elsewhere goes beside it
        trial = top / root.resolve().parent.name / root.resolve().name
        shutil.copytree(root, trial, ignore=shutil.ignore_patterns(".*"))
        own: Path | None = None
        if municipality is not None:
            own = layer.trial(root, municipality, top)
            shutil.copytree(municipality, own, ignore=shutil.ignore_patterns(".*"))
        for rel, text in writes.items():
            if text is None:
                layer.path(trial, own, rel).unlink(missing_ok=True)
            else:
                layer.path(trial, own, rel).write_text(text, encoding="utf-8")
        before = _errors(root, languages, facts, municipality)
        _, problems = model.check(trial, languages, facts=facts, municipality=own)
    if own is not None and municipality is not None:
        # A folder outside site/ is named by its full path: the copy's files as the real ones again.
        real = str(municipality)
        problems = [dataclasses.replace(p, path=p.path.replace(str(own), real, 1)) for p in problems]
    errors = [p for p in problems if p.is_error]
    saved, owner = tuple(layer.check_name(municipality, rel) for rel in writes), fact_sheet_owner()
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


def remember(root: Path, errors: set[str], municipality: Path | None = None) -> None:
    """The checked content is now on disk: its errors are known."""
    _KNOWN.clear()
    _KNOWN[_key(root, municipality)] = errors


def write(root: Path, rel: str, text: str, municipality: Path | None = None) -> None:
    """Write a checked file in place, atomically."""
    path = layer.path(root, municipality, rel)
    tmp = path.with_name(f".{path.name}.saving")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # atomic: the site's watcher never reads half a file


def handle(
    root: Path, languages: list[str], facts: Path, body: dict[str, Any], municipality: Path | None = None
) -> Any:
    """Answer one API request, checking saves against the fact sheet `facts`; Refused if not allowed.

    With a `municipality` folder its own files are read and saved too (kommune/...), and the national
    files are read-only (layer.py).
    """
    action, params = body.get("action"), body.get("params") or {}
    if action == "info":
        return {"repo": "site/content", "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        found = _listing(root, params["folder"], params["extension"], municipality)
        return [entry(root, rel, municipality) for rel in found]
    if action == "entriesByFiles":
        rels = [safe(root, f["path"], municipality) for f in params.get("files", [])]
        return [
            entry(root, rel, municipality) for rel in rels if layer.path(root, municipality, rel).exists()
        ]
    if action == "getEntry":
        return entry(root, safe(root, params["path"], municipality), municipality)
    if action in ("persistEntry", "deleteFile", "deleteFiles"):
        with SAVING:
            return _change(root, languages, facts, action, params, municipality)
    if action == "getMedia":
        return []
    if action == "getDeployPreview":
        return None
    raise Refused(f"'{action}' kan editoren ikke")


def _change(
    root: Path, languages: list[str], facts: Path, action: str, params: dict[str, Any], own: Path | None
) -> Any:
    """A save or a deletion, checked first; `own` is the municipality's folder (None: there is none)."""
    if action == "persistEntry":
        if params.get("assets"):
            raise Refused("Billeder og andre filer kan ikke gemmes her: indholdet har ingen billeder")
        writes: dict[str, str | None] = {}
        for data_file in params.get("dataFiles") or []:
            if data_file.get("newPath") and data_file["newPath"] != data_file["path"]:
                raise Refused("Skift ikke filnavn på et eksisterende tilbud: adressen og id'et skifter med")
            rel = _unlocked(root, own, [data_file["path"]])[0]
            old = published(root, rel, own)
            text = new_text(rel, old, data_file["raw"])
            if text != old:
                writes[rel] = text
        warnings: list[str] = []
        if writes:
            errors = checked(root, languages, facts, writes, warnings, own)
            for rel, written in writes.items():
                assert written is not None  # a save writes text; only a deletion removes a file
                write(root, rel, written, own)
            remember(root, errors, own)
        # Decap reads only the message; admin.js shows the warnings until the editor closes them.
        return {"message": "entry persisted", "warnings": warnings}
    rels = _unlocked(root, own, params.get("paths") or [params.get("path", "")])
    errors = checked(root, languages, facts, dict.fromkeys(rels), municipality=own)
    for rel in rels:
        layer.path(root, own, rel).unlink(missing_ok=True)
    remember(root, errors, own)
    return {"message": "deleted"}


def _unlocked(root: Path, own: Path | None, paths: list[str]) -> list[str]:
    """The files `paths` names, when this editor may change them all; Refused otherwise."""
    rels = [safe(root, p, own) for p in paths]
    why = layer.locked(own, rels)
    if why is not None:
        raise Refused(why)
    return rels
