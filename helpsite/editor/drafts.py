"""Drafts as Git branches beside the published branch, written without touching the working tree.

A draft is one commit on `cms/<collection>/<slug>` whose parent is the published branch as it stood
at the draft's last save; its status (Decap's draft / pending_review / pending_publish) is the
branch's description in the clone's Git config, as decap-server keeps it, and beside it who saved
it and which commit a colleague approved (review.py). The working tree always
shows the published content: that is what the check compares a draft with, and what a site running
over the same clone serves. Git is driven through its plumbing commands (a private index file), not
a library: the few commands below are stable, and a library would still need the `git` binary to
push over the Git host's transports.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PREFIX = "cms"  # Decap's CMS_BRANCH_PREFIX: its content key "services/danner" is branch cms/services/danner
STATUSES = ("draft", "pending_review", "pending_publish")


class GitError(Exception):
    """A Git command failed; the message is Git's own."""


@dataclass(frozen=True)
class Draft:
    """One draft: its branch, the commit it is based on, who saved it last and when."""

    key: str  # "services/danner"
    commit: str
    base: str
    author: str
    date: str  # ISO 8601
    status: str
    savers: tuple[str, ...]  # everyone who saved it, first to last: none of them may publish it
    approved: str = ""  # the commit a colleague approved on the changes page ("" when none)
    approver: str = ""


class Repository:
    """The Git clone that holds the content folder, with its published branch checked out."""

    def __init__(self, content_dir: Path) -> None:
        content_dir = content_dir.resolve()
        try:
            self.top = Path(_git(content_dir, "rev-parse", "--show-toplevel")).resolve()
            self.branch = _git(content_dir, "symbolic-ref", "--short", "HEAD")
        except GitError as exc:
            raise GitError(f"{content_dir} is not in a Git clone with a branch checked out: {exc}") from exc
        self.prefix = content_dir.relative_to(self.top).as_posix()

    def git(
        self, *args: str, stdin: str | None = None, env: dict[str, str] | None = None, strip: bool = True
    ) -> str:
        """Run one Git command in the clone; its output (without the final newline when `strip`)."""
        return _git(self.top, *args, stdin=stdin, env=env, strip=strip)

    def path(self, rel: str) -> str:
        """A content file's path in the repository ("services/danner.md" -> "site/content/services/...")."""
        return f"{self.prefix}/{rel}" if self.prefix != "." else rel

    def head(self) -> str:
        """The published branch's commit."""
        return self.git("rev-parse", f"refs/heads/{self.branch}")

    def text(self, commit: str, rel: str) -> str | None:
        """A content file as it stands in `commit`; None when it is not there."""
        try:
            return self.git("cat-file", "blob", f"{commit}:{self.path(rel)}", strip=False)
        except GitError:
            return None

    def drafts(self) -> list[Draft]:
        """Every draft, oldest save first."""
        found = []
        listing = self.git(
            "for-each-ref", "--sort=committerdate", "--format=%(refname:strip=2)", f"refs/heads/{PREFIX}/"
        )
        for name in listing.splitlines():
            draft = self.draft(name.removeprefix(f"{PREFIX}/"))
            if draft is not None:
                found.append(draft)
        return found

    def draft(self, key: str) -> Draft | None:
        """The draft with content key `key` ("services/danner"); None when there is none."""
        branch = f"{PREFIX}/{key}"
        try:
            line = self.git("log", "-1", "--format=%H %P%x00%an%x00%aI", f"refs/heads/{branch}", "--")
        except GitError:
            return None
        ids, author, date = line.split("\0")
        commit, base = (ids.split() + [""])[:2]
        status = self._status(branch)
        savers = tuple(self._all(f"branch.{branch}.savedby")) or (author,)
        approved = (self._all(f"branch.{branch}.approved") or [""])[-1]
        approver = (self._all(f"branch.{branch}.approvedby") or [""])[-1]
        return Draft(key, commit, base, author, date, status, savers, approved, approver)

    def changed(self, draft: Draft) -> dict[str, str | None]:
        """The content files a draft changes: their text in the draft, None for a deletion."""
        names = self.git("diff", "--name-only", "--no-renames", draft.base, draft.commit, "--", self.prefix)
        rels = [n.removeprefix(self.prefix + "/") if self.prefix != "." else n for n in names.splitlines()]
        return {rel: self.text(draft.commit, rel) for rel in rels}

    def save(self, key: str, files: dict[str, str | None], message: str, author: str, status: str) -> None:
        """Write a draft: the published branch's files with `files` in place of theirs."""
        head = self.head()
        commit = self._commit(head, files, message, author, author)
        branch = f"refs/heads/{PREFIX}/{key}"
        self.git("update-ref", branch, commit)
        self._unapprove(key)  # a new commit: whatever was approved, this was not
        self.git("config", f"branch.{PREFIX}/{key}.description", status)
        section = f"branch.{PREFIX}/{key}.savedby"
        if author not in self._all(section):
            self.git("config", "--add", section, author)

    def set_status(self, key: str, status: str) -> None:
        """Move a draft to another column of the workflow; any column but 'Klar' undoes an approval."""
        self.git("config", f"branch.{PREFIX}/{key}.description", status)
        if status != "pending_publish":
            self._unapprove(key)

    def _unapprove(self, key: str) -> None:
        for name in ("approved", "approvedby"):
            with contextlib.suppress(GitError):  # nothing was approved
                self.git("config", "--unset-all", f"branch.{PREFIX}/{key}.{name}")

    def approve(self, key: str, commit: str, who: str) -> None:
        """Record that `who` approved the draft's `commit`, and set it to 'Klar'."""
        self.git("config", f"branch.{PREFIX}/{key}.approved", commit)
        self.git("config", f"branch.{PREFIX}/{key}.approvedby", who)
        self.set_status(key, "pending_publish")

    def delete(self, key: str) -> None:
        """Throw a draft away: its branch and its status."""
        self.git("update-ref", "-d", f"refs/heads/{PREFIX}/{key}")
        with contextlib.suppress(GitError):  # no status was kept
            self.git("config", "--remove-section", f"branch.{PREFIX}/{key}")

    def commit(self, files: dict[str, str | None], message: str, author: str, publisher: str) -> str:
        """A commit of `files` on top of the published branch, by `author`, committed by `publisher`."""
        return self._commit(self.head(), files, message, author, publisher)

    def moved(self, draft: Draft, rels: Iterable[str]) -> list[str]:
        """The files among `rels` that were published anew since `draft` was based on the branch."""
        head = self.head()
        return [rel for rel in rels if self.text(head, rel) != self.text(draft.base, rel)]

    def local_changes(self, rels: list[str]) -> list[str]:
        """Content files among `rels` that someone changed in the working tree without committing."""
        paths = [self.path(rel) for rel in rels]
        return self.git("status", "--porcelain", "--untracked-files=all", "--", *paths).splitlines()

    def advance(self, commit: str, remote: str) -> None:
        """Make `commit` the published branch: on the Git host first (if `remote`), then here."""
        if remote:
            self.git("push", "--quiet", remote, f"{commit}:refs/heads/{self.branch}")
        self.git("merge", "--ff-only", "--quiet", commit)  # moves the branch, its index and the files

    def merge(self, base: str | None, published: str | None, draft: str | None) -> str | None:
        """The draft's change to a file carried over onto the file as published since; None if
        both changed the same lines (Git's own three-way merge of one file)."""
        if published == base:
            return draft
        if base is None or published is None or draft is None:
            return None  # created or deleted on one side: nothing to merge line by line
        with tempfile.TemporaryDirectory(prefix="editor-merge-") as tmp:
            names = []
            for name, text in (("published", published), ("base", base), ("draft", draft)):
                (Path(tmp) / name).write_text(text, encoding="utf-8")
                names.append(str(Path(tmp) / name))
            run = subprocess.run(
                ["git", "merge-file", "-p", "--quiet", *names], capture_output=True, check=False
            )
        return run.stdout.decode() if run.returncode == 0 else None

    def _all(self, key: str) -> list[str]:
        try:
            return self.git("config", "--get-all", key).splitlines()
        except GitError:
            return []

    def _status(self, branch: str) -> str:
        try:
            status = self.git("config", f"branch.{branch}.description")
        except GitError:
            return "draft"
        return status if status in STATUSES else "draft"

    def _commit(self, parent: str, files: dict[str, str | None], message: str, author: str, by: str) -> str:
        with tempfile.TemporaryDirectory(prefix="editor-index-") as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            self.git("read-tree", parent, env=env)
            for rel, text in files.items():
                if text is None:
                    self.git("update-index", "--force-remove", self.path(rel), env=env)
                    continue
                blob = self.git("hash-object", "-w", "--stdin", "--path", self.path(rel), stdin=text)
                self.git("update-index", "--add", "--cacheinfo", f"100644,{blob},{self.path(rel)}", env=env)
            tree = self.git("write-tree", env=env)
        people = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email(author),
            "GIT_COMMITTER_NAME": by,
            "GIT_COMMITTER_EMAIL": email(by),
        }
        return self.git("commit-tree", tree, "-p", parent, "-F", "-", stdin=message, env=people)


def email(name: str) -> str:
    """The address Git records for a name: the name itself when it is one (SSO), else none."""
    return name if "@" in name else ""


def _git(
    cwd: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None, strip: bool = True
) -> str:
    run = subprocess.run(
        ["git", "-c", "core.quotepath=off", *args],
        cwd=cwd,
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        env={**os.environ, "LC_ALL": "C", **(env or {})},
        check=False,
    )
    if run.returncode != 0:
        raise GitError(run.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    out = run.stdout.decode()
    return out.rstrip("\n") if strip else out
