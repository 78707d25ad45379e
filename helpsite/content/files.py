"""Content files: the folder of each kind of entry and the naming rule `<id>.<lang>.md`, said once.

A Danish entry is `<id>.md`; its translation into a language is `<id>.<lang>.md` beside it. Files whose
name starts with `_` (the template) or `.` are never content.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..languages import DEFAULT_LANGUAGE

# The folder of each kind of Markdown entry, and the kind as links name it (`service:danner`).
KINDS = {"services": "service", "pages": "page"}
FOLDERS = tuple(KINDS)
# The name a new file may be given: lower-case letters, digits and hyphens, and a language code.
NAME = re.compile(r"(?P<id>[a-z0-9][a-z0-9-]*)(?:\.(?P<lang>[a-z]{2,3}))?\.md")


def split_name(path: Path) -> tuple[str, str]:
    """`krisecentre.en.md` -> ("krisecentre", "en"); `krisecentre.md` -> ("krisecentre", "da")."""
    stem = path.name[: -len(".md")]
    if "." in stem:
        base, lang = stem.rsplit(".", 1)
        return base, lang
    return stem, DEFAULT_LANGUAGE


def file_name(ident: str, lang: str) -> str:
    """The file of entry `ident` in `lang`: `danner.md` in Danish, `danner.en.md` in English."""
    return f"{ident}.md" if lang == DEFAULT_LANGUAGE else f"{ident}.{lang}.md"


def is_translation(path: Path) -> bool:
    """True for `<id>.<lang>.md`, a translation; False for a Danish original `<id>.md`."""
    return split_name(path)[1] != DEFAULT_LANGUAGE


def original_of(path: Path) -> Path:
    """The Danish original beside a translation: `danner.en.md` -> `danner.md`."""
    return path.with_name(file_name(split_name(path)[0], DEFAULT_LANGUAGE))


def is_content(path: Path) -> bool:
    """False for the template and hidden files (`_template.md`, `.draft.md`), which are never shown."""
    return not path.name.startswith(("_", "."))


def entries(root: Path, *, translations_only: bool = False) -> list[Path]:
    """Every entry file under the content folder `root`, folder by folder, in name order."""
    found = (p for folder in FOLDERS for p in sorted((root / folder).glob("*.md")) if is_content(p))
    return [p for p in found if is_translation(p) or not translations_only]
