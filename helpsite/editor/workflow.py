"""Review before publishing: Decap's editorial workflow (draft -> in review -> ready -> published).

Switched on with HELPSITE_EDITOR_REVIEW=1 on the editor host. A save becomes a draft on its own Git
branch (drafts.py), changing only the files of the entry it is named after (scope.py), and the
public content does not change. A second person opens it under "Arbejdsgang", sees the change in the
form and on the changes page, and approves that exact version there (review.py), which sets it to
'Klar'; publishing then publishes the approved commit or nothing: checked once more against the
content as it is now, pushed to the municipality's Git host (whose CI runs `make check` before it
deploys) and merged here. Nobody who saved a draft can approve or publish it; who is who comes from
the header the signed-in proxy in front of the editor sets.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from . import backend, drafts, scope
from .backend import Refused
from .review import HOW, KEY, STATUS_NAMES, NotFound, draft_of, require_approved

# The actions Decap sends with `publish_mode: editorial_workflow`, and the two that change
# published files directly, which this mode answers differently.
ACTIONS = frozenset(
    {
        "persistEntry",
        "deleteFile",
        "deleteFiles",
        "unpublishedEntries",
        "unpublishedEntry",
        "unpublishedEntryDataFile",
        "unpublishedEntryMediaFile",
        "deleteUnpublishedEntry",
        "updateUnpublishedEntryStatus",
        "publishUnpublishedEntry",
        "getDeployPreview",
    }
)
__all__ = ["ACTIONS", "STATUS_NAMES", "Anonymous", "NotFound", "handle", "person"]


class Anonymous(Exception):
    """A request without the signed-in person's name: the login proxy is missing or misconfigured."""


def person(value: str | None) -> str:
    """The signed-in person's name from the proxy's header, safe to write into a Git commit."""
    name = unicodedata.normalize("NFC", (value or "").strip())
    name = re.sub(r"[\x00-\x1f\x7f<>]", "", name)[:100]  # Git refuses <, > and control characters
    if not name:
        raise Anonymous("Editoren ved ikke, hvem du er: log ind igen (adgangen går gennem kommunens login)")
    return name


def handle(
    repo: drafts.Repository, remote: str, languages: list[str], facts: Path, body: dict[str, Any], user: str
) -> Any:
    """Answer one workflow action for `user`; Refused, NotFound or drafts.GitError if it cannot be done."""
    action, params = body.get("action"), body.get("params") or {}
    root = repo.top / repo.prefix
    if action == "unpublishedEntries":
        return [d.key for d in repo.drafts()]
    if action == "unpublishedEntryMediaFile":
        raise Refused("Kladder har ingen billeder: indholdet har ingen billeder")
    if action in ("deleteFile", "deleteFiles"):
        raise Refused(
            "Et udgivet tilbud eller en side slettes ikke i editoren, når ændringer skal gennemses: "
            "bed IT om at fjerne filen med en merge request i Git"
        )
    if action == "persistEntry" and not (params.get("options") or {}).get("useWorkflow"):
        raise Refused("Ændringer skal gennemses, før de udgives: gem som kladde")
    key = _key(params)
    if action == "unpublishedEntry":
        return _described(repo, draft_of(repo, key))
    if action == "getDeployPreview":  # Decap's "Vis preview" link: the page that shows the changes
        return {"url": f"/admin/changes/{key}", "status": "SUCCESS"} if repo.draft(key) else None
    if action == "unpublishedEntryDataFile":
        rel = backend.safe(root, params["path"])
        text = repo.text(draft_of(repo, key).commit, rel)
        if text is None:
            raise NotFound(rel)
        return {"data": backend.view_of(rel, text)}
    with backend.SAVING:  # one change at a time, as for direct saves
        if action == "persistEntry":
            return _save(repo, root, languages, facts, params, key, user)
        if action == "updateUnpublishedEntryStatus":
            draft = draft_of(repo, key)
            status = params.get("newStatus")
            if status not in drafts.STATUSES:
                raise Refused(f"Ukendt status '{status}'")
            if status == "pending_publish":
                require_approved(draft)  # 'Klar' is set by a colleague's approval of a version
            repo.set_status(key, status)
            return {"message": f"status: {status}"}
        if action == "deleteUnpublishedEntry":
            repo.delete(key)
            return {"message": f"deleted draft {key}"}
        if action == "publishUnpublishedEntry":
            return _publish(repo, root, remote, languages, facts, draft_of(repo, key), user)
    raise Refused(f"'{action}' kan editoren ikke")


def _key(params: dict[str, Any]) -> str:
    """The content key "collection/slug" of the draft a request is about."""
    options = params.get("options")
    options = options if isinstance(options, dict) else {}  # only persistEntry's shape checks it
    collection = params.get("collection") or options.get("collectionName")
    files = params.get("dataFiles")
    first = files[0] if isinstance(files, list) and files and isinstance(files[0], dict) else {}
    slug = params.get("slug") or first.get("slug")
    # `id` is the content key only when Decap asks for a whole entry; a file's id is its path.
    key = f"{collection}/{slug}" if collection and slug else str(params.get("id"))
    if not KEY.fullmatch(key):
        raise Refused(f"'{key}' er ikke en kladde, editoren kender")
    return key


def _described(repo: drafts.Repository, draft: drafts.Draft) -> dict:
    """What Decap's workflow board shows of a draft: its files, status, author and time."""
    collection, slug = draft.key.split("/", 1)
    diffs = []
    for rel, text in repo.changed(draft).items():
        new = repo.text(draft.base, rel) is None
        diffs.append(
            {"id": rel, "path": rel, "oldPath": rel, "newPath": rel, "newFile": new, "binary": False}
        )
        if text is None:
            diffs[-1]["status"] = "deleted"
    return {
        "collection": collection,
        "slug": slug,
        "status": draft.status,
        "diffs": diffs,
        "updatedAt": draft.date,
        "pullRequestAuthor": draft.author,
    }


def _save(
    repo: drafts.Repository,
    root: Path,
    languages: list[str],
    facts: Path,
    params: dict[str, Any],
    key: str,
    user: str,
) -> dict:
    """A save: the draft gets the form's values, checked against the published content."""
    if params.get("assets"):
        raise Refused("Billeder og andre filer kan ikke gemmes her: indholdet har ingen billeder")
    draft = repo.draft(key)
    writes: dict[str, str | None] = repo.changed(draft) if draft else {}
    for data_file in params.get("dataFiles") or []:
        if data_file.get("newPath") and data_file["newPath"] != data_file["path"]:
            raise Refused("Skift ikke filnavn på et eksisterende tilbud: adressen og id'et skifter med")
        rel = backend.safe(root, data_file["path"])
        scope.within(key, [rel])  # before reading it: a draft of one entry writes no other file
        old = writes[rel] if writes.get(rel) is not None else backend.published(root, rel)
        writes[rel] = backend.new_text(rel, old, data_file["raw"])
    if draft:  # files published since the draft was based: carry the draft's change over
        for rel, text in writes.items():
            merged = repo.merge(repo.text(draft.base, rel), backend.published(root, rel), text)
            if merged is None:
                raise Refused(
                    f"{rel} er ændret og udgivet de samme steder, siden kladden blev gemt: slet kladden "
                    "under 'Arbejdsgang' og ret den udgivne tekst igen"
                )
            writes[rel] = merged
    writes = {rel: text for rel, text in writes.items() if text != backend.published(root, rel)}
    scope.within(key, writes)  # a draft saved before this rule still holds to it
    backend.checked(root, languages, facts, writes)  # Refused with the check's words
    # A new draft is a Kladde whatever the request says; a save after a colleague's approval sends it
    # back to review, since the version approved is no longer the one that would be published.
    status = "draft" if draft is None else draft.status
    status = "pending_review" if status == "pending_publish" else status
    new = any(backend.published(root, rel) is None for rel in writes)
    repo.save(key, writes, scope.message(key, new), user, status)
    return {"message": "draft saved"}


def _publish(
    repo: drafts.Repository,
    root: Path,
    remote: str,
    languages: list[str],
    facts: Path,
    draft: drafts.Draft,
    user: str,
) -> dict:
    """Publish a ready draft that someone else wrote, if it still passes the check."""
    if draft.status != "pending_publish":
        raise Refused(
            f"Kladden står som '{STATUS_NAMES[draft.status]}', ikke 'Klar': en kollega skal {HOW}, "
            "før den kan udgives"
        )
    if user in draft.savers:
        raise Refused(
            f"Du har selv skrevet ændringen ({user}), så en anden skal se den igennem og udgive "
            "den: bed en kollega åbne den under 'Arbejdsgang'"
        )
    try:
        require_approved(draft)
    except Refused:
        repo.set_status(draft.key, "pending_review")  # the version approved is not the draft's now
        raise
    files = repo.changed(draft)
    scope.within(draft.key, files)  # a draft saved before the rule: refused, never published
    moved = repo.moved(draft, files)
    if moved:
        raise Refused(
            f"{', '.join(moved)} er ændret og udgivet, siden kladden blev gemt: åbn kladden, ret den til "
            "og gem den igen, så den bygger på det, der står nu"
        )
    if repo.local_changes(list(files)):
        raise Refused(
            f"{', '.join(files)} er rettet direkte på editorens maskine: bed IT rydde op, før du udgiver"
        )
    errors = backend.checked(root, languages, facts, files)
    # The message is the editor's own, never text from a request: no trailer can be slipped in.
    subject = scope.message(draft.key, any(backend.published(root, rel) is None for rel in files))
    others = "".join(
        f"Co-authored-by: {name} <{drafts.email(name)}>\n" for name in draft.savers if name != draft.author
    )
    trailers = f"{others}Reviewed-by: {draft.approver}\n"
    commit = repo.commit(files, f"{subject}\n\n{trailers}", draft.author, user)
    repo.advance(commit, remote)
    repo.delete(draft.key)
    backend.remember(root, errors)
    return {"message": f"published {draft.key}"}
