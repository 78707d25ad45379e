"""Edit a copy of the content the way an editor would, for tests that break it on purpose."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

# The day the fixture content (tests/fixtures/content/) is judged on: its newest source is from 2024
# and nobody has confirmed it live. Tests pass it as `today`, so they give the same answer on any day.
TODAY = dt.date(2026, 12, 1)


def confirm(path: Path, day: dt.date | str, by: str = "kommunikation") -> str:
    """Add `confirmed: {date, by}` above a file's sources, as an editor would; returns the line."""
    line = f"confirmed: {{date: {day}, by: {by}}}"
    replace(path, "\nsources:\n", f"\n{line}\nsources:\n")
    return line


def replace(path: Path, old: str, new: str, *also: tuple[str, str]) -> None:
    """Change exact passages of a file in one write, each of which must occur exactly once: `old` to
    `new`, then each (old, new) pair in `also` (a watcher never sees a file with only some changed)."""
    text = path.read_text(encoding="utf-8")
    for before, after in ((old, new), *also):
        assert text.count(before) == 1, (path, before)
        text = text.replace(before, after)
    path.write_text(text, encoding="utf-8")


def field_line(path: Path, field: str) -> str:
    """The whole `field: ...` line of a file's front matter (the first line that starts with it)."""
    return next(x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith(f"{field}:"))


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of `path` that holds `needle` (exactly one line must)."""
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    assert len(hits) == 1, (path, needle, hits)
    return hits[0]


def git(where: Path, *args: str) -> str:
    """Run git in `where` as a person at a terminal would (no identity of their own needed)."""
    env = {"GIT_AUTHOR_NAME": "it", "GIT_AUTHOR_EMAIL": "it@x", "GIT_COMMITTER_NAME": "it"}
    env["GIT_COMMITTER_EMAIL"] = "it@x"
    run = subprocess.run(["git", *args], cwd=where, capture_output=True, text=True, env=env, check=True)
    return run.stdout.strip()


def clone_with_host(site: Path, where: Path) -> Path:
    """An editor host's clone of `site`'s content and fact sheet in `where`/clone, its Git host a
    bare repository `where`/host.git (its `origin`)."""
    work = where / "clone"
    for folder in ("content", "facts"):
        shutil.copytree(site / folder, work / "site" / folder)
    git(where, "init", "-q", "--bare", "-b", "main", "host.git")
    git(where, "init", "-q", "-b", "main", work.name)
    git(work, "add", ".")
    git(work, "commit", "-q", "-m", "content")
    git(work, "remote", "add", "origin", str(where / "host.git"))
    git(work, "push", "-q", "origin", "main")
    return work
