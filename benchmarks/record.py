"""Benchmark figures into docs/performance.md: each script owns one section, rewritten on every run.

A section starts with `## <name>` and runs to the next `## `; the rest of the file is left as it is.
Figures are written by the scripts only (with the date and the machine), never by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

FILE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEAD = (
    "# Performance and search quality\n\n"
    "Written by the scripts under `benchmarks/` (each rewrites its own section; never edit by hand).\n"
)


def write(name: str, lines: list[str]) -> None:
    """Replace (or add) the section `name` with the date, the machine and `lines` as a code block."""
    text = FILE.read_text(encoding="utf-8") if FILE.exists() else HEAD
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
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
