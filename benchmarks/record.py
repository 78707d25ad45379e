"""Benchmark figures into docs/performance.md: each script owns one section, rewritten on every run.

A section starts with `## <name>` and runs to the next `## `; the rest of the file is left as it is.
Figures are written by the scripts only (with the date and the machine), never by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import platform
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

FILE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEAD = (
    "# Performance and search quality\n\n"
    "Written by the scripts under `benchmarks/` (each rewrites its own section; never edit by hand).\n"
)


def processor() -> str:
    """The processor's model name: two machines with the same cores differed twofold in these figures."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "processor unknown"


def write(name: str, lines: list[str]) -> None:
    """Replace (or add) the section `name` with the date, the machine and `lines` as a code block."""
    text = FILE.read_text(encoding="utf-8") if FILE.exists() else HEAD
    cores = f"{platform.machine()}, {os.cpu_count()} cores"
    machine = f"{processor()}, {cores}, Python {platform.python_version()}"
    stamp = f"{dt.date.today().isoformat()}, {machine}"
    section = f"## {name}\n\nMeasured {stamp}.\n\n```\n" + "\n".join(lines) + "\n```\n"
    pattern = re.compile(rf"^## {re.escape(name)}\n.*?(?=^## |\Z)", re.M | re.S)
    text = (
        pattern.sub(lambda _: section + "\n", text)
        if pattern.search(text)
        else text.rstrip() + "\n\n" + section
    )
    FILE.parent.mkdir(exist_ok=True)
    FILE.write_text(text.rstrip() + "\n", encoding="utf-8")


class _Tee(io.TextIOBase):
    """Writes to the terminal and keeps a copy of every line."""

    def __init__(self, terminal: TextIO):
        self.terminal = terminal
        self.kept = io.StringIO()

    def write(self, text: str) -> int:
        self.kept.write(text)
        return self.terminal.write(text)

    def flush(self) -> None:
        self.terminal.flush()


@contextlib.contextmanager
def recorded(name: str) -> Iterator[None]:
    """Print as usual, and write everything printed as the section `name` when the run ends well."""
    tee = _Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):
        yield
    write(name, tee.kept.getvalue().rstrip("\n").splitlines())
