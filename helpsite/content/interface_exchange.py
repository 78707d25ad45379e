"""The interface strings (translations/<lang>/LC_MESSAGES/messages.po) as one XLIFF document and back.

English is the source language of the interface (scripts/fill_english.py), so the units carry the
English msgid as source and the Danish wording as a note. An import sets msgstr through Babel,
which writes the catalogue exactly as `make update-translations` does (width 100), so a catalogue
nobody changed is not written at all and one that changed differs only in the changed entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from . import segments, xliff

ORIGINAL = "interface"  # the `original` of the interface's <file>, beside services/... and pages/...
_PLACEHOLDER = re.compile(r"%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[a-z]|%[sd]|\{[a-z_]*\}")
_REVIEWED = re.compile(r"\(reviewed \d{4}-\d{2}-\d{2}\)$")


def catalogue_path(translations: Path, lang: str) -> Path:
    """The gettext catalogue of `lang`."""
    return translations / lang / "LC_MESSAGES" / "messages.po"


def _load(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def _unit_id(message: Message) -> str:
    # A short stable id: the msgid is long and may hold any character; the note shows the text.
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    key = f"{message.context or ''}\x04{msgid}"
    return "m" + hashlib.sha256(key.encode()).hexdigest()[:10]


def _units(catalog: Catalog) -> list[tuple[str, str, str, Message, int]]:
    """(unit id, English source, current translation, message, plural form or -1) for every string."""
    found: list[tuple[str, str, str, Message, int]] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        if isinstance(message.id, tuple | list):
            strings = _strings(message)
            for form in range(catalog.num_plurals):
                source = str(message.id[0] if form == 0 else message.id[1])
                current = strings[form] if form < len(strings) else ""
                found.append((f"{_unit_id(message)}[{form}]", source, current, message, form))
        else:
            found.append((_unit_id(message), str(message.id), str(message.string or ""), message, -1))
    return found


def _strings(message: Message) -> list[str]:
    """A plural message's translations, one per form ("" for a form not translated yet)."""
    string = message.string
    return [str(s or "") for s in string] if isinstance(string, tuple | list) else [str(string or "")]


def _danish(danish: Catalog, message: Message) -> str:
    theirs = danish.get(message.id, message.context)
    if theirs is None:
        return ""
    string = theirs.string
    return " | ".join(string) if isinstance(string, tuple | list) else str(string or "")


def export(translations: Path, lang: str) -> xliff.Document:
    """The interface strings of `lang` as one XLIFF document (English source, Danish wording as note)."""
    catalog = _load(catalogue_path(translations, lang), lang)
    danish = _load(catalogue_path(translations, "da"), "da")
    reviewed = bool(_REVIEWED.search(catalog.last_translator or ""))
    units = []
    for unit_id, source, current, message, form in _units(catalog):
        note = f"Dansk: {_danish(danish, message)}"
        if form >= 0:
            note += f" (flertalsform {form + 1} af {catalog.num_plurals}: {catalog.plural_expr})"
        done = reviewed and "fuzzy" not in message.flags
        units.append(
            xliff.Unit(
                unit_id,
                source,
                current or None,
                state="final" if done else xliff.DRAFT_STATE,
                approved=done,
                note=note,
            )
        )
    return xliff.Document(ORIGINAL, "en", lang, datatype="po", units=units)


def _wrong(source: str, target: str, lang: str) -> list[str]:
    if not target.strip():
        return ["oversættelsen er tom"]
    found = []
    if Counter(_PLACEHOLDER.findall(source)) != Counter(_PLACEHOLDER.findall(target)):
        wanted = " ".join(_PLACEHOLDER.findall(source)) or "ingen"
        found.append(f"pladsholderne er ikke de samme som i kilden (kilden har: {wanted})")
    return found + segments.differences(source, target, lang, block=False)


def plan(
    translations: Path,
    lang: str,
    doc: xliff.Document,
    where: str,
    role: str,
    today: dt.date,
    problems: list[str],
) -> tuple[Path, bytes, str] | None:
    """The catalogue an import of `doc` would write (path, bytes, summary); None when nothing changes."""
    path = catalogue_path(translations, lang)
    if doc.target_language != lang or not path.is_file():
        problems.append(
            f"{where}: sproget er {doc.target_language}, ikke {lang}; importér filen med dets sprog"
        )
        return None
    catalog = _load(path, lang)
    known = {
        unit_id: (source, current, message, form)
        for unit_id, source, current, message, form in _units(catalog)
    }
    before = len(problems)
    changed = 0
    done = {unit_id: False for unit_id in known}
    for unit in doc.units:
        at = f"{where}, enhed {unit.id}"
        if unit.id not in known:
            problems.append(
                f"{at}: teksten findes ikke i brugerfladen; eksportér igen og oversæt den nye fil"
            )
            continue
        source, current, message, form = known[unit.id]
        if unit.source != source:
            problems.append(f"{at}: kildeteksten er ændret, siden filen blev eksporteret; eksportér igen")
            continue
        done[unit.id] = unit.done
        if unit.target is None or unit.target == current:
            continue
        wrong = _wrong(source, unit.target, lang)
        problems += [f"{at}: {reason}; ret oversættelsen" for reason in wrong]
        if not wrong:
            _set(message, form, unit.target, catalog.num_plurals)
            changed += 1
    if len(problems) > before:
        return None
    reviewed = all(done.values())
    mark = f"{role} (reviewed {today.isoformat()})"
    if reviewed and (changed or not _REVIEWED.search(catalog.last_translator or "")):
        catalog.last_translator = mark
        for message in catalog:
            message.flags.discard("fuzzy")
    elif not changed:
        return None
    output = _dump(catalog)
    state = f"gennemlæst {today.isoformat()} af {role}" if reviewed else "stadig kladde"
    return path, output, f"{changed} tekster ændret, {state}"


def _set(message: Message, form: int, text: str, forms: int) -> None:
    if form < 0:
        message.string = text
    else:
        strings = _strings(message)
        strings += [""] * (forms - len(strings))
        strings[form] = text
        message.string = tuple(strings)
    message.flags.discard("fuzzy")


def _dump(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog, width=100)  # as `make update-translations` writes it
    return buffer.getvalue()
