"""Every translatable text of a service or page, with the Danish source and the current translation.

What `flask content export-translations` sends and `import-translations` checks against: the name
or title, the summary, the keywords and the body's segments (segments.py), each as a unit with an
id that stays the same as long as the Danish text keeps its headings, items and paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import rewrite, segments
from .front_matter import read_source
from .problems import Collector
from .translations import original_fingerprint

FOLDERS = {"services": "name", "pages": "title"}  # folder -> the field that names the text
NOTES = {
    "name": "Navnet på tilbuddet",
    "title": "Sidens titel",
    "summary": "Kort beskrivelse: en eller to sætninger",
    "keywords": "Søgeord, adskilt med komma: ord en læser kunne søge på (behøver ikke svare til de danske)",
    "heading-2": "Overskrift",
    "heading-3": "Underoverskrift",
    "list-item": "Punkt i en liste",
    "numbered-item": "Punkt i en nummereret liste",
    "quote": "Citat",
    "paragraph": "Afsnit",
}
LINKS_NOTE = " (behold tal og adresserne i [tekst](adresse) som på dansk)"


class ExchangeError(Exception):
    """An import refused as a whole: every reason, each naming file, unit and fix (in Danish)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Entry:
    """A Danish service or page and its translation into one language (if there is one yet)."""

    original: str  # services/danner
    title_key: str
    danish: dict
    body: segments.Body
    path: Path  # the translation's file, <id>.<lang>.md
    meta: dict | None  # the translation's front matter; None: not translated yet
    raw: str | None
    current: segments.Body | None  # the translation's body, when it has the Danish body's shape
    fingerprint: str

    def units(self) -> list[tuple[str, str, str | None, str]]:
        """(unit id, Danish text, current translation or None, note) for every translatable text."""
        meta = self.meta or {}
        found: list[tuple[str, str, str | None, str]] = []
        for key in (self.title_key, "summary"):
            target = meta.get(key)
            source = str(self.danish.get(key) or "")  # never empty in content the check passes
            found.append((key, source, None if target is None else str(target), NOTES[key]))
        if self.danish.get("keywords"):
            mine = meta.get("keywords")
            found.append(
                (
                    "keywords",
                    ", ".join(map(str, self.danish["keywords"])),
                    ", ".join(map(str, mine)) if mine else None,
                    NOTES["keywords"],
                )
            )
        for number, segment in enumerate(self.body.segments, start=1):
            target = self.current.segments[number - 1].text if self.current else None
            note = NOTES.get(segment.kind, NOTES["heading-3"])
            if any(c.isdigit() for c in segment.text) or "](" in segment.text:
                note += LINKS_NOTE
            found.append((f"body-{number}", segment.text, target, note))
        return found

    @property
    def state(self) -> str | None:
        """draft | reviewed, or None when there is no translation yet."""
        return None if self.meta is None else str(self.meta.get("translation") or "draft")

    @property
    def up_to_date(self) -> bool:
        """True when the translation is reviewed and stamped with the Danish text as it is now."""
        return self.state == "reviewed" and str((self.meta or {}).get("source")) == self.fingerprint


def _read(path: Path, root: Path) -> tuple[dict, str, str]:
    """A file's front matter, whole text and body as the loader reads them."""
    src = read_source(path, root, Collector())
    if src is None:
        raise ExchangeError([f"{path.name} kan ikke læses: kør 'flask content check' og ret fejlene først"])
    return src.meta, path.read_text(encoding="utf-8"), src.body


def entries(root: Path, lang: str) -> dict[str, Entry]:
    """Every service and page of the content folder with its translation into `lang`, by original."""
    found: dict[str, Entry] = {}
    for folder, title_key in FOLDERS.items():
        for danish in sorted((root / folder).glob("*.md")):
            if danish.name.startswith((".", "_")) or danish.name.count(".") != 1:
                continue
            meta, raw, loaded = _read(danish, root)
            _, danish_body = rewrite.split_file(raw)
            body = segments.split(danish_body)
            path = danish.with_name(f"{danish.stem}.{lang}.md")
            mine, text, current = None, None, None
            if path.is_file():
                mine, text, _ = _read(path, root)
                shaped = segments.split(rewrite.split_file(text)[1])
                current = shaped if shaped.shape == body.shape else None
            found[f"{folder}/{danish.stem}"] = Entry(
                f"{folder}/{danish.stem}",
                title_key,
                meta,
                body,
                path,
                mine,
                text,
                current,
                original_fingerprint(meta, loaded),
            )
    return found
