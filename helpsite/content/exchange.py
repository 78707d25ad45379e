"""The content's translatable texts as XLIFF units for a translation agency, and the reviewed units back.

Every service and page gives one XLIFF `<file>` per language: its name or title, summary, keywords
and the body's segments (segments.py), with the Danish source and the current translation. An
import writes nothing unless every unit it changes keeps the Danish numbers, links and Markdown
marks, so a file that comes back wrong loses nothing; it changes only the fields and segments
that differ, so a file sent back untouched leaves no diff.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import interface_exchange, rewrite, segments, xliff
from .fields import TRANSLATION_ORDER
from .translatable import Entry, ExchangeError, entries


def export(root: Path, lang: str) -> list[xliff.Document]:
    """One XLIFF document per service and page: the Danish texts and the current `lang` translation."""
    documents = []
    for entry in entries(root, lang).values():
        # A reviewed translation of the Danish text as it is now goes out as final; a draft, or a
        # reviewed one the Danish has moved on from, goes out as needing review.
        current = entry.up_to_date
        units = [
            xliff.Unit(
                unit_id,
                source,
                target,
                state="final" if current else xliff.DRAFT_STATE,
                approved=current,
                note=note,
            )
            for unit_id, source, target, note in entry.units()
        ]
        documents.append(xliff.Document(entry.original, "da", lang, units=units))
    return documents


@dataclass
class Change:
    """A file the import writes: its new text and what changed, for the report."""

    path: Path
    data: bytes
    summary: str


def plan(
    root: Path, translations: Path, lang: str, data: bytes, name: str, role: str, today: dt.date
) -> list[Change]:
    """The files an import of `data` would write; ExchangeError with every reason when any is refused."""
    problems: list[str] = []
    changes: list[Change] = []
    try:
        documents = xliff.read(data, name)
    except xliff.XliffError as error:
        raise ExchangeError([str(error)]) from None
    known = entries(root, lang)
    seen: set[str] = set()
    for doc in documents:
        where = f"{name}, fil {doc.original}"
        if doc.original == interface_exchange.ORIGINAL and doc.original not in seen:
            seen.add(doc.original)
            found = interface_exchange.plan(translations, lang, doc, where, role, today, problems)
            changes += [Change(*found)] if found else []
        elif doc.original not in known:
            problems.append(
                f"{where}: den fil findes ikke i indholdet; send kun filer, som "
                "'flask content export-translations' har lavet, tilbage"
            )
        elif doc.original in seen:
            problems.append(f"{where}: filen står to gange; slet den ene")
        elif doc.target_language != lang or doc.source_language != "da":
            problems.append(
                f"{where}: sprogene er {doc.source_language}→{doc.target_language}, ikke da→{lang}; "
                f"importér filen med det sprog, den er oversat til"
            )
        else:
            seen.add(doc.original)
            change = _document(known[doc.original], doc, where, lang, role, today, problems)
            if change is not None:
                changes.append(change)
    if problems:
        raise ExchangeError(problems)
    return changes


def _document(
    entry: Entry, doc: xliff.Document, where: str, lang: str, role: str, today: dt.date, problems: list[str]
) -> Change | None:
    expected = {unit_id: (source, target) for unit_id, source, target, _ in entry.units()}
    texts = {unit_id: target for unit_id, (_, target) in expected.items()}
    before = len(problems)
    changed: list[str] = []
    done = {unit_id: False for unit_id in expected}
    seen: set[str] = set()
    for unit in doc.units:
        at = f"{where}, enhed {unit.id}"
        if unit.id in seen:
            problems.append(f"{at}: enheden står to gange; slet den ene")
            continue
        seen.add(unit.id)
        if unit.id not in expected:
            problems.append(
                f"{at}: enheden findes ikke i den danske tekst; eksportér igen og oversæt den nye fil"
            )
            continue
        source, target = expected[unit.id]
        if unit.source != source:
            problems.append(
                f"{at}: den danske tekst er ændret, siden filen blev eksporteret; eksportér "
                "igen, og send de ændrede tekster til bureauet"
            )
            continue
        done[unit.id] = unit.done
        if unit.target is None or unit.target == target:
            continue
        wrong = _wrong(unit.id, source, unit.target, lang)
        problems += [
            f"{at}: {reason}; ret oversættelsen, så den svarer til den danske tekst" for reason in wrong
        ]
        texts[unit.id] = unit.target
        changed.append(unit.id)
    if len(problems) > before:
        return None
    reviewed = all(done.values())
    if not changed and not (reviewed and not entry.up_to_date):
        return None  # nothing new: the file stays as it is, byte for byte
    # A new file needs every text; an existing one keeps its body unless a segment of it changed.
    rebuilt = entry.raw is None or any(unit_id.startswith("body-") for unit_id in changed)
    needed = [u for u in texts if entry.raw is None or (rebuilt and u.startswith("body-"))]
    if any(texts[unit_id] is None for unit_id in needed):
        missing = ", ".join(unit_id for unit_id in needed if texts[unit_id] is None)
        problems.append(
            f"{where}: enhederne {missing} er ikke oversat; oversæt dem alle, før filen kan skrives"
        )
        return None
    return _change(entry, texts, changed, reviewed, role, today, where, problems)


def _wrong(unit_id: str, source: str, target: str, lang: str) -> list[str]:
    if not target.strip():
        return ["oversættelsen er tom"]
    if unit_id == "keywords":
        return ["søgeord skal stå på én linje"] if "\n" in target else []
    return segments.differences(source, target, lang, block=unit_id.startswith("body-") or "\n" in target)


def _change(
    entry: Entry,
    texts: dict[str, str | None],
    changed: list[str],
    reviewed: bool,
    role: str,
    today: dt.date,
    where: str,
    problems: list[str],
) -> Change | None:
    title_key = entry.title_key
    values: dict[str, object] = {}
    for key in (title_key, "summary"):
        if key in changed or entry.meta is None:
            values[key] = str(texts[key])
    state = "reviewed" if reviewed else "draft"
    if entry.state != state:
        values["translation"] = state
    if reviewed or entry.meta is None:  # every text of it now translates the Danish as it is
        values["source"] = entry.fingerprint
    if "keywords" in changed or (entry.meta is None and "keywords" in texts):
        words = [w.strip() for w in str(texts["keywords"]).replace("،", ",").split(",") if w.strip()]
        values["keywords"] = words
    if reviewed:
        values["reviewed"] = {"date": today, "by": role}
    elif entry.meta is not None and "reviewed" in entry.meta:
        values["reviewed"] = None  # changed but not finished: no longer reviewed by anyone
    front = ["---\n", "---\n"] if entry.raw is None else rewrite.split_file(entry.raw)[0]
    body = None if entry.raw is None else rewrite.split_file(entry.raw)[1]
    if body is None or any(unit_id.startswith("body-") for unit_id in changed):
        ordered = [str(texts[f"body-{n}"]) for n in range(1, len(entry.body.segments) + 1)]
        body = segments.join(entry.body.skeleton, ordered)
    try:
        front = rewrite.set_fields(front, values, TRANSLATION_ORDER)
        meta = rewrite.read_back(front)
    except rewrite.RewriteError:
        meta = {}
    if any(str(meta.get(key)) != str(texts[key]) for key in (title_key, "summary")):
        problems.append(
            f"{where}: navn eller beskrivelse kunne ikke skrives som gyldig YAML; "
            "skriv dem uden usædvanlige tegn"
        )
        return None
    what = f"{len(changed)} tekster ændret" if changed else "ingen tekster ændret"
    said = f"gennemlæst {today.isoformat()} af {role}" if reviewed else "stadig kladde"
    return Change(entry.path, ("".join(front) + body).encode("utf-8"), f"{what}, {said}")


def apply(changes: list[Change]) -> None:
    """Write every planned file: each through a temporary file, so none is ever half written."""
    for change in changes:
        temporary = change.path.with_name(f".{change.path.name}.import")
        temporary.write_bytes(change.data)
        os.replace(temporary, change.path)
