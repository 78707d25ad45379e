"""One entry read on its own beside the content already loaded: the editor's preview of an unsaved form.

Reading every file takes seconds (the example sentences most of them); a preview reads only the
entry's own files (its Danish original and its translations) and takes every other service and page
from the content on disk, so its links, lists and menus are the site's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

# The loader's own steps, so an entry read here is checked exactly as `flask content check` checks it.
from ..languages import today as todays_date
from .facts import sheet_for
from .folders import read_folder
from .layers import EVERY_MUNICIPALITY, check_links
from .loader import _pages, _services
from .model import Content
from .problems import Collector, Problem


def check_entry(
    root: Path,
    languages: Iterable[str],
    known: Content,
    today: dt.date | None = None,
    facts: Path | None = None,
) -> tuple[Content | None, list[Problem]]:
    """`known` with the services and pages under `root` in place of its own (None on errors); the problems."""
    today = today or todays_date()
    langs = tuple(languages)
    out = Collector()
    sheet = sheet_for(root, facts, out)
    services = _services(read_folder(root / "services", root, langs, out, "service", sheet), out, today, {})
    pages = _pages(read_folder(root / "pages", root, langs, out, "page", sheet), out, today, {})
    everything = ({**known.services, **services}, {**known.pages, **pages})
    # Every link is checked against every entry, as the whole check does (the saved ones already pass).
    check_links(*everything, known.municipality.hide, out, EVERY_MUNICIPALITY)
    if out.has_errors:
        return None, out.problems
    content = replace(
        known,
        services=MappingProxyType(everything[0]),
        pages=MappingProxyType(everything[1]),
        warnings=tuple(out.problems),
    )
    return content, out.problems
