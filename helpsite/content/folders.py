"""Reading one folder of content files (services/ or pages/ of either layer), grouped by id and language."""

from __future__ import annotations

from pathlib import Path

from ..languages import DEFAULT_LANGUAGE, KNOWN_LANGUAGES
from .facts import FactSheet, check_numbers
from .files import split_name
from .front_matter import Source, read_source, relative
from .problems import Collector
from .rules import ID, check_forbidden, check_placeholders, explain_bad_name

Grouped = dict[str, dict[str, Source]]  # id -> language -> file


def read_folder(
    folder: Path, root: Path, languages: tuple[str, ...], out: Collector, kind: str, facts: FactSheet
) -> Grouped:
    """Read every file of a folder, grouped by id and language (each checked as it is read)."""
    grouped: Grouped = {}
    if not folder.is_dir():
        out.add(
            relative(folder, root),
            1,
            f"the folder for {kind}s is missing",
            f"create {folder.name}/",
            code="missing-folder",
        )
        return grouped
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")) or path.is_dir():
            continue  # templates (_template.md) and editor files are not content
        if path.suffix != ".md":
            out.add(
                relative(path, root),
                1,
                "only .md files belong here",
                "rename it to end in .md, or move it out",
                code="not-md",
            )
            continue
        base, lang = split_name(path)
        if not ID.fullmatch(base):
            explain_bad_name(path, base, lang, root, out)
            continue
        if lang not in languages:
            if lang not in KNOWN_LANGUAGES:
                out.add(
                    relative(path, root), 1, f"'{lang}' in the file name is not one of our languages",
                    f"name translations <id>.<language>.md with one of: {', '.join(KNOWN_LANGUAGES)}",
                    code="unknown-language-file", args=(lang,)
                )  # fmt: skip
            continue  # a language not yet switched on: its files wait quietly
        src = read_source(path, root, out)
        if src is not None:
            check_forbidden(src, out, facts.forbidden)
            check_placeholders(src, out)
            if facts.numbers is not None:
                check_numbers(src, facts.numbers, facts.name, out, facts.forbidden)
            grouped.setdefault(base, {})[lang] = src
        elif lang == DEFAULT_LANGUAGE:
            out.unreadable.add((kind, base))
    return grouped
