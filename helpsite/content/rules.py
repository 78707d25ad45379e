"""What may never be published, and what a file may be called: forbidden numbers, placeholders, ids."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..languages import DEFAULT_LANGUAGE
from .front_matter import Source, relative
from .problems import Collector

# The fact sheet's DO-NOT-PUBLISH section is the list of numbers never to publish (facts.py reads it).
# These, from that list as amended on 2026-12-01, are kept in code as well, as a safety net: a content
# folder checked against another sheet, or a sheet that has lost its section, must still refuse the old
# hotline and the numbers no source confirms. Matched with any spacing ("70 20 30 82" is 70203082).
FORBIDDEN_NUMBERS = ("70203082", "70277666", "70114503", "33116067", "82515200")
# Text from services/_template.md that must never reach readers.
PLACEHOLDERS = ("SKRIV HER", "eksempel.dk")

_DIGIT_GAP = re.compile(r"(?<=\d)[\s.-](?=\d)")  # "70 20 30 82" and "70.20.30.82" are 70203082
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def check_forbidden(src: Source, out: Collector, forbidden: Iterable[str] = FORBIDDEN_NUMBERS) -> None:
    """Report every DO-NOT-PUBLISH number anywhere in the file, however it is spaced."""
    squeezed = _DIGIT_GAP.sub("", src.text)
    for number in sorted(set(forbidden)):
        if number in squeezed:
            line = next(
                (i for i, ln in enumerate(src.text.splitlines(), 1) if number in _DIGIT_GAP.sub("", ln)),
                1,
            )
            out.add(
                src,
                line,
                f"the number {number} is on the DO-NOT-PUBLISH list (obsolete or never confirmed)",
                "remove it; link to the organisation's website and point to 1888 instead",
                code="do-not-publish",
                field=src.field_at(line),
                args=(number,),
            )


def check_placeholders(src: Source, out: Collector) -> None:
    """Report the template's placeholder text left in a file (its YAML comments may name them)."""
    for number, line in enumerate(src.text.splitlines(), 1):
        if line.lstrip().startswith("#") and number < src.body_line:
            continue  # a YAML comment: the template's instructions may name the placeholders
        for marker in PLACEHOLDERS:
            if marker in line:
                out.add(
                    src,
                    number,
                    f"the template's placeholder '{marker}' is still here",
                    "replace it with the real text or address, or delete the line",
                    code="placeholder",
                    args=(marker,),
                )


def normal_id(name: str) -> str:
    """The id a name stands for: lowercase, æ ø å as ae oe aa, spaces and underscores as hyphens."""
    name = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"-+", "-", re.sub(r"[\s_]+", "-", name)).strip("-")


def explain_bad_name(path: Path, base: str, lang: str, root: Path, out: Collector) -> None:
    """Explain a file name that is not an id, and catch a second file for an existing id."""
    rel = relative(path, root)
    wanted = normal_id(base)
    twin = path.with_name(f"{wanted}.md" if lang == DEFAULT_LANGUAGE else f"{wanted}.{lang}.md")
    # samefile: on a case-insensitive disk (macOS, Windows) "Danner.md" finds itself as "danner.md".
    if ID.fullmatch(wanted) and twin.exists() and not twin.samefile(path):
        out.add(
            rel,
            1,
            f"'{path.name}' is a second file for the id '{wanted}' "
            f"(it differs from {twin.name} only by capital letters or æ, ø, å)",
            f"move what you need into {twin.name} and delete {path.name}",
            code="bad-file-name",
            args=(path.name,),
        )
    elif ID.fullmatch(wanted):
        out.add(
            rel, 1, f"the file name '{path.name}' is not a valid id",
            f"rename it to {twin.name}: lowercase letters, digits and hyphens, æ ø å written ae oe aa",
            code="bad-file-name", args=(path.name,)
        )  # fmt: skip
    else:
        out.add(
            rel, 1, f"the file name '{path.name}' is not a valid id",
            "use lowercase letters, digits and hyphens, e.g. lev-uden-vold.md (write æ ø å as ae oe aa)",
            code="bad-file-name", args=(path.name,)
        )  # fmt: skip


def check_unique_title(src: Source, key: str, seen: dict[str, str], out: Collector) -> None:
    """Two entries with one name are one entry twice: readers could not tell them apart."""
    value = src.meta.get(key)
    if not isinstance(value, str) or not value.strip():
        return
    normal = normal_id(value)
    if normal in seen:
        out.add(
            src,
            key,
            f"the {key} '{value.strip()}' is already used by {seen[normal]}",
            "give each its own name, or merge the two files into one",
            code="title-used",
            args=(value.strip(), seen[normal]),
        )
    else:
        seen[normal] = src.rel
