"""The reviewer's side of a draft: the changes page, and an approval of exactly the version shown.

Decap's form and the changes page show a draft as it was when they loaded; its author may save
again a minute later. So the changes page names the draft's commit, and the reviewer's approval
sends that commit id back (the page's form): the editor records it only while it is still the
draft's commit. Only an approved draft can stand as 'Klar', and a publication publishes the
approved commit or nothing. Any save makes a new commit, so it undoes the approval, and the draft
goes back to 'Til gennemsyn' (workflow.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import backend, changes, drafts
from .backend import Refused

KEY = re.compile(r"[a-z][a-z_]*/[a-z0-9][a-z0-9-]*")  # collection/slug: Decap's content key
STATUS_NAMES = {"draft": "Kladde", "pending_review": "Til gennemsyn", "pending_publish": "Klar"}
HOW = "åbn 'Vis preview', læs ændringerne, og klik 'Godkend denne version'"


class NotFound(Exception):
    """There is no draft of that entry (Decap then opens the published file)."""


def draft_of(repo: drafts.Repository, key: str) -> drafts.Draft:
    """The draft `key`; NotFound when there is none."""
    draft = repo.draft(key) if KEY.fullmatch(key) else None
    if draft is None:
        raise NotFound(key)
    return draft


def approve(repo: drafts.Repository, key: str, commit: str, user: str) -> str:
    """Record `user`'s approval of the draft's `commit` and set it to 'Klar'; Refused if stale or own."""
    draft = draft_of(repo, key)
    if user in draft.savers:
        raise Refused(f"Du har selv gemt kladden ({user}), så en kollega skal godkende den")
    if commit != draft.commit:
        raise Refused(
            f"Kladden er gemt igen, efter at siden blev vist: du så version {commit[:7] or '?'}, nu er "
            f"den version {draft.commit[:7]}. Læs den nye version herunder, og godkend den, hvis den er "
            "i orden"
        )
    repo.approve(key, commit, user)
    return (
        f"Du har godkendt version {commit[:7]}, og kladden står nu som 'Klar'. Udgiv den under "
        "'Arbejdsgang' i editoren (genindlæs siden først): det er præcis denne version, der udgives"
    )


def require_approved(draft: drafts.Draft) -> None:
    """Refused unless a colleague approved the draft's present commit."""
    if not draft.approved:
        raise Refused(f"Ingen kollega har godkendt kladden endnu. Den bliver 'Klar', når en kollega {HOW}")
    if draft.approved != draft.commit:
        raise Refused(
            f"Kladden er gemt igen, efter at {draft.approver} godkendte den (godkendt version "
            f"{draft.approved[:7]}, nu version {draft.commit[:7]}), så den er ikke udgivet. Den står igen "
            f"som 'Til gennemsyn': {HOW}"
        )


def page(repo: drafts.Repository, languages: list[str], facts: Path, key: str, user: str) -> dict[str, Any]:
    """What the changes page shows of a draft: each file's lines, the check's verdict, the approval."""
    draft = draft_of(repo, key)
    root = repo.top / repo.prefix
    files = repo.changed(draft)
    shown = []
    for rel, text in files.items():
        old = backend.published(root, rel)
        lines = changes.compare(old, text)
        shown.append({"rel": rel, "lines": lines, "new_file": old is None, "deleted": text is None})
    try:
        backend.checked(root, languages, facts, files)
        refused = ""
    except Refused as exc:
        refused = str(exc)
    moved = repo.moved(draft, files)
    approved = draft.approved == draft.commit
    return {
        "key": key,
        "draft": draft,
        "version": draft.commit[:7],
        "status": STATUS_NAMES[draft.status],
        "files": shown,
        "refused": refused,
        "moved": moved,
        "approved": approved,
        "own": user in draft.savers,
        "can_approve": not approved and user not in draft.savers and not refused and not moved,
    }
