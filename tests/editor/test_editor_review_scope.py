"""A draft changes only the entry it is named after, starts as a Kladde, and the editor writes the
published commit's message (issue 19, finding 4)."""

from __future__ import annotations

import json
from pathlib import Path

from editing import git
from test_editor_api import _hours, decap_save
from test_editor_review import DANNER, api, clone, editor, persist, publish, ready, save

from helpsite.editor import drafts

__all__ = ["clone", "editor"]  # the fixtures, used by name
SAFETY = "pages/safety.md"


def workflow_options(collection: str = "services", **more) -> dict:
    return {
        "useWorkflow": True,
        "collectionName": collection,
        "status": "draft",
        "commitMessage": "Ret",
        **more,
    }


def changed_raw(editor, rel: str) -> str:
    view = api(editor, "anna", "getEntry", path=rel).get_json()["data"]
    return decap_save(view, lambda d: d.update(summary="Ring aldrig 112."))


def test_a_draft_named_after_one_entry_cannot_change_another_file(editor, clone: Path) -> None:
    """The finding: a draft filed as services/politi carried a change to the safety page."""
    raw = changed_raw(editor, SAFETY)
    answer = persist(editor, "anna", SAFETY, raw, "politi", workflow_options())
    assert answer.status_code == 422
    assert "En kladde af services/politi kan kun ændre den tekst" in answer.get_json()["error"]
    assert SAFETY in answer.get_json()["error"]
    assert git(clone, "branch", "--list", "cms/*") == ""
    # Nor by riding along with the entry's own file.
    own = changed_raw(editor, "services/politi.md")
    files = [{"path": "services/politi.md", "raw": own, "slug": "politi"}, {"path": SAFETY, "raw": raw}]
    both = api(editor, "anna", "persistEntry", dataFiles=files, assets=[], options=workflow_options())
    assert both.status_code == 422 and git(clone, "branch", "--list", "cms/*") == ""


def test_a_draft_may_change_the_entry_and_its_translations(editor, clone: Path) -> None:
    assert save(editor, "anna", DANNER, _hours).status_code == 200
    english = save(editor, "anna", "services/danner.en.md", lambda d: d.update(summary="Shelter and advice."))
    assert english.status_code == 200, english.get_json()
    changed = git(clone, "diff", "--name-only", "main", "cms/services/danner").splitlines()
    assert changed == ["site/content/services/danner.en.md", "site/content/services/danner.md"]


def test_a_draft_of_a_collection_the_editor_has_not_is_refused(editor, clone: Path) -> None:
    raw = changed_raw(editor, DANNER)
    answer = persist(editor, "anna", DANNER, raw, "danner", workflow_options("hacks"))
    assert answer.status_code == 422 and "ingen samling, der hedder 'hacks'" in answer.get_json()["error"]
    situations = json.dumps({"groups": []})
    other = persist(editor, "anna", "synonyms.yml", situations, "situations", workflow_options("situations"))
    assert other.status_code == 422 and "synonyms.yml" in other.get_json()["error"]
    assert git(clone, "branch", "--list", "cms/*") == ""


def test_a_new_draft_is_a_kladde_whatever_the_request_says(editor, clone: Path) -> None:
    raw = changed_raw(editor, DANNER)
    answer = persist(editor, "anna", DANNER, raw, "danner", workflow_options(status="pending_publish"))
    assert answer.status_code == 200
    assert git(clone, "config", "branch.cms/services/danner.description") == "draft"
    assert publish(editor, "bo").status_code == 422


def test_the_published_message_and_trailers_are_the_editors_own(editor, clone: Path) -> None:
    raw = changed_raw(editor, DANNER)
    sneaky = "Ret\n\nReviewed-by: direktør\nCo-authored-by: mallory <m@x>\nSigned-off-by: mallory"
    assert (
        persist(editor, "anna", DANNER, raw, "danner", workflow_options(commitMessage=sneaky)).status_code
        == 200
    )
    assert "mallory" not in git(clone, "log", "-1", "--format=%B", "cms/services/danner")
    ready(editor, "bo")
    assert publish(editor, "bo").status_code == 200
    assert git(clone, "log", "-1", "--format=%B") == 'Ret tilbud "danner"\n\nReviewed-by: bo'
    assert git(clone, "log", "-1", "--format=%(trailers:only,unfold)") == "Reviewed-by: bo"


def test_a_draft_saved_before_the_rule_is_not_published_beyond_its_entry(editor, clone: Path) -> None:
    """A branch an older editor wrote (or a hand-made one) is judged again at publishing."""
    repo = drafts.Repository(clone / "site" / "content")
    safety = (clone / "site" / "content" / SAFETY).read_text(encoding="utf-8")
    repo.save(
        "services/politi",
        {SAFETY: safety.replace("\n---\n", "\n---\nRing aldrig 112.\n", 1)},
        "x",
        "anna",
        "draft",
    )
    ready(editor, "bo", "services/politi")
    answer = publish(editor, "bo", "services/politi")
    assert answer.status_code == 422 and SAFETY in answer.get_json()["error"]
    assert (clone / "site" / "content" / SAFETY).read_text(encoding="utf-8") == safety
