"""Mistakes in content files, said so that an editor can find and fix them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Severity(StrEnum):
    """How bad a problem is: an error stops the content from going live, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One mistake in a content file, said so that an editor can fix it."""

    path: str
    line: int
    message: str
    fix: str
    severity: Severity = Severity.ERROR
    # What the editor needs to say it in its own words (editor/messages.py): the kind of mistake,
    # the front-matter field it is in ("" when none) and the values its message names.
    code: str = ""
    field: str = ""
    args: tuple[str, ...] = ()

    @property
    def is_error(self) -> bool:
        """True for an error (the content does not go live), False for a warning."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        label = "" if self.is_error else "warning: "
        return f"{self.path}:{self.line}: {label}{self.message}: {self.fix}"


class ContentError(Exception):
    """The content has errors; `problems` lists every one of them."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(
            "\n".join(str(p) for p in errors) + f"\n{len(errors)} content error(s); the site was not started."
        )


class Located(Protocol):
    """A file read with the line of each front-matter key (front_matter.Source)."""

    rel: str
    lines: dict[str, int]


class Collector:
    """Gathers problems while files are read, so one run reports every mistake."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # (kind, id) of Danish files that exist but could not be read: their problem is reported
        # once, so translations of them and links to them do not each report it again.
        self.unreadable: set[tuple[str, str]] = set()

    def add(
        self,
        src: Located | str,
        key_or_line: str | int,
        message: str,
        fix: str,
        *,
        warn: bool = False,
        code: str = "",
        field: str | None = None,
        args: tuple[object, ...] = (),
    ) -> None:
        """Record a problem at a line, or at the line of a front-matter key (line 1 if it has none).

        `code` names the kind of mistake and `args` its values, for the editor's Danish; `field` is
        the front-matter field (by default the key the problem is at).
        """
        rel = src if isinstance(src, str) else src.rel
        if isinstance(key_or_line, int):
            line = key_or_line
        else:
            line = 1 if isinstance(src, str) else src.lines.get(key_or_line, 1)
        if field is None:
            field = key_or_line if isinstance(key_or_line, str) else ""
        severity = Severity.WARNING if warn else Severity.ERROR
        words = tuple(str(a) for a in args)
        self.problems.append(Problem(rel, line, message, fix, severity, code, field, words))

    @property
    def has_errors(self) -> bool:
        """True when any problem is an error (warnings do not stop the site)."""
        return any(p.is_error for p in self.problems)
