"""A reviewed draft is published exactly as the reviewer saw it, or not at all (issue 19, finding 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from editing import git
from test_editor_api import _hours
from test_editor_review import (
    DANNER,
    api,
    approve_version,
    clone,
    editor,
    publish,
    ready,
    save,
    shown_version,
)

__all__ = ["clone", "editor"]  # the fixtures, used by name


def status_of(clone: Path) -> str:
    return git(clone, "config", "branch.cms/services/danner.description")


def set_status(editor, who: str, status: str):
    return api(
        editor, who, "updateUnpublishedEntryStatus", collection="services", slug="danner", newStatus=status
    )


@pytest.mark.slow
def test_a_save_after_the_review_is_never_published_under_the_reviewers_name(editor, clone: Path) -> None:
    """The finding: Anna saves v1 and asks for 'Klar'; Bo sees v1; Anna saves v2; Bo publishes."""
    published = (clone / "site" / "content" / DANNER).read_text(encoding="utf-8")
    save(editor, "anna", DANNER, _hours)  # v1
    asked = set_status(editor, "anna", "pending_publish")
    assert asked.status_code == 422 and "Vis preview" in asked.get_json()["error"]  # a colleague approves
    assert set_status(editor, "anna", "pending_review").status_code == 200
    seen = shown_version(editor, "bo")  # Bo reads the changes page: v1
    assert approve_version(editor, "bo", seen).status_code == 200
    assert status_of(clone) == "pending_publish"

    save(editor, "anna", DANNER, lambda d: d.update(summary="Ændret, efter at Bo så kladden."))  # v2
    assert status_of(clone) == "pending_review"  # back to review: v2 was never approved
    answer = publish(editor, "bo")
    assert answer.status_code == 422 and "ikke 'Klar'" in answer.get_json()["error"]
    assert (clone / "site" / "content" / DANNER).read_text(encoding="utf-8") == published
    assert set_status(editor, "bo", "pending_publish").status_code == 422  # not without reading v2

    stale = approve_version(editor, "bo", seen)  # the page Bo still had open: v1
    assert stale.status_code == 409 and "gemt igen" in stale.get_data(as_text=True)
    assert status_of(clone) == "pending_review"
    ready(editor, "bo")  # Bo reads v2 and approves it
    assert publish(editor, "bo").status_code == 200
    text = (clone / "site" / "content" / DANNER).read_text(encoding="utf-8")
    assert "Ændret, efter at Bo så kladden." in text
    assert git(clone, "log", "-1", "--format=%(trailers:key=Reviewed-by,valueonly)") == "bo"


def test_publishing_refuses_a_draft_whose_commit_is_not_the_approved_one(editor, clone: Path) -> None:
    """However the status came to say 'Klar' (an older editor, a hand edit), the commit decides."""
    save(editor, "anna", DANNER, _hours)
    first = git(clone, "rev-parse", "cms/services/danner")
    save(editor, "anna", DANNER, lambda d: d.update(summary="Anden version."))
    for name, value in (("description", "pending_publish"), ("approved", first), ("approvedby", "bo")):
        git(clone, "config", f"branch.cms/services/danner.{name}", value)
    answer = publish(editor, "bo")
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "gemt igen, efter at bo godkendte den" in error and first[:7] in error
    assert status_of(clone) == "pending_review"
    assert git(clone, "log", "-1", "--format=%s", "main") == "content"  # nothing published


def test_the_changes_page_names_the_version_and_only_a_colleague_may_approve_it(editor, clone: Path) -> None:
    save(editor, "anna", DANNER, _hours)
    commit = git(clone, "rev-parse", "cms/services/danner")
    own = editor.get("/admin/changes/services/danner", headers={"X-Remote-User": "anna"}).get_data(
        as_text=True
    )
    assert f'<code title="{commit}">{commit[:7]}</code>' in own
    assert "Du har selv gemt kladden" in own and "<form" not in own
    refused = approve_version(editor, "anna", commit)
    assert refused.status_code == 409 and "en kollega skal godkende den" in refused.get_data(as_text=True)
    assert status_of(clone) == "draft"
    theirs = editor.get("/admin/changes/services/danner", headers={"X-Remote-User": "bo"}).get_data(
        as_text=True
    )
    assert f'name="commit" value="{commit}"' in theirs and "Godkend denne version" in theirs
    done = approve_version(editor, "bo", commit).get_data(as_text=True)
    assert "Godkendt af <strong>bo</strong>" in done and "Godkend denne version" not in done
    assert approve_version(editor, "bo", commit, "services/politi").status_code == 404
    assert editor.post("/admin/changes/services/danner", data={"commit": commit}).status_code == 401


@pytest.mark.slow
def test_moving_an_approved_draft_back_undoes_the_approval(editor, clone: Path) -> None:
    save(editor, "anna", DANNER, _hours)
    ready(editor, "bo")
    assert set_status(editor, "anna", "pending_review").status_code == 200
    assert set_status(editor, "anna", "pending_publish").status_code == 422
    ready(editor, "bo")
    assert set_status(editor, "bo", "pending_publish").status_code == 200  # already approved: no change
    assert publish(editor, "cleo").status_code == 200
    assert git(clone, "log", "-1", "--format=%cn|%(trailers:key=Reviewed-by,valueonly)") == "cleo|bo"
