"""Review before publishing: drafts on Git branches, published by a second person, pushed to the host."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from editing import clone_with_host, git
from test_editor_api import _hours, decap_save, load

from helpsite.editor import config as cms
from helpsite.editor import create_app, drafts, model

DANNER = "services/danner.md"


@pytest.fixture
def clone(tmp_path: Path, fixture_content: Path) -> Path:
    """The editor host's clone of the fixture content, with the Git host as its `origin`."""
    return clone_with_host(fixture_content.parent, tmp_path)


def client_of(clone: Path, push: str = "origin"):
    settings = {"TESTING": True, "CONTENT_DIR": clone / "site" / "content", "EDITOR_REVIEW": True}
    return create_app({**settings, "EDITOR_PUSH": push}).test_client()


def api(client, who: str | None, action: str, **params):
    headers = {"X-Remote-User": who} if who else {}
    body = {"action": action, "params": {"branch": "main", **params}}
    return client.post("/api/v1", json=body, headers=headers)


def save(client, who: str, rel: str, change, collection: str = "services", slug: str = "danner"):
    """Save as Decap does with the editorial workflow: the form opens the draft if there is one."""
    found = api(client, who, "unpublishedEntryDataFile", collection=collection, slug=slug, path=rel)
    if found.status_code == 404:
        found = api(client, who, "getEntry", path=rel)
    raw = decap_save(found.get_json()["data"], change)
    options = {"useWorkflow": True, "collectionName": collection, "status": "draft", "commitMessage": "Ret"}
    return persist(client, who, rel, raw, slug, options)


def persist(client, who: str, rel: str, raw: str, slug: str, options: dict):
    return api(
        client,
        who,
        "persistEntry",
        dataFiles=[{"path": rel, "raw": raw, "slug": slug}],
        assets=[],
        options=options,
    )


# The changes page's version (the commit id in its title) and its button, as a reviewer uses them.
def shown_version(client, who: str, key: str = "services/danner") -> str:
    html = client.get(f"/admin/changes/{key}", headers={"X-Remote-User": who}).get_data(as_text=True)
    return re.search(r'<code title="([0-9a-f]{40})">', html).group(1)


def approve_version(client, who: str, commit: str, key: str = "services/danner"):
    return client.post(f"/admin/changes/{key}", data={"commit": commit}, headers={"X-Remote-User": who})


def ready(client, who: str, key: str = "services/danner") -> None:
    """`who` reads the changes page and approves the version it shows: the draft is then 'Klar'."""
    answer = approve_version(client, who, shown_version(client, who, key), key)
    assert answer.status_code == 200, answer.get_data(as_text=True)


def publish(client, who: str, key: str = "services/danner"):
    collection, slug = key.split("/")
    return api(client, who, "publishUnpublishedEntry", collection=collection, slug=slug)


@pytest.fixture
def editor(clone: Path):
    return client_of(clone)


@pytest.mark.slow
def test_the_served_configuration_has_the_workflow_and_one_without_review_has_not(editor) -> None:
    served = yaml.safe_load(editor.get("/admin/config.yml").get_data(as_text=True))
    assert served["publish_mode"] == "editorial_workflow"
    assert served == cms.cms_config(review=True)
    assert "publish_mode" not in yaml.safe_load(cms.render(review=False))
    info = api(editor, "anna", "info").get_json()
    assert info["publish_modes"] == ["editorial_workflow"]


def test_a_request_without_the_login_proxys_name_is_refused(editor) -> None:
    answer = api(editor, None, "entriesByFolder", folder="services", extension="md", depth=1)
    assert answer.status_code == 401
    assert "hvem du er" in answer.get_json()["error"]


def test_a_save_is_a_draft_the_public_files_do_not_change(editor, clone: Path) -> None:
    path = clone / "site" / "content" / DANNER
    before = path.read_bytes()
    assert save(editor, "anna", DANNER, _hours).status_code == 200
    assert path.read_bytes() == before
    assert git(clone, "status", "--porcelain") == ""
    assert api(editor, "bo", "unpublishedEntries").get_json() == ["services/danner"]
    draft = api(editor, "bo", "unpublishedEntry", id="services/danner").get_json()
    assert draft["status"] == "draft" and draft["pullRequestAuthor"] == "anna"
    assert [d["path"] for d in draft["diffs"]] == [DANNER] and not draft["diffs"][0]["newFile"]
    text = api(editor, "bo", "unpublishedEntryDataFile", collection="services", slug="danner", path=DANNER)
    assert '"always": false' in text.get_json()["data"]
    # A second save builds on the draft, not on the published file.
    second = save(editor, "anna", DANNER, lambda d: d.update(summary="Ny tekst om Danner"))
    assert second.status_code == 200, second.get_json()
    changed = git(clone, "diff", "main", "cms/services/danner", "--", "site/content").splitlines()
    removed = [x for x in changed if x.startswith("-") and not x.startswith("---")]
    assert sorted(x.split(":")[0] for x in removed) == ["-hours", "-summary"]
    assert "+summary: Ny tekst om Danner" in changed


def test_no_draft_is_a_404_so_decap_opens_the_published_file(editor) -> None:
    answer = api(editor, "anna", "unpublishedEntry", collection="services", slug="danner")
    assert answer.status_code == 404


def test_a_draft_the_check_refuses_is_not_saved(editor, clone: Path) -> None:
    answer = save(editor, "anna", DANNER, lambda d: d["contacts"][0].update(value="33 33 OO 47"))
    assert answer.status_code == 422
    assert "er ikke et gyldigt dansk telefonnummer" in answer.get_json()["error"]
    assert api(editor, "anna", "unpublishedEntries").get_json() == []


def test_the_author_cannot_publish_a_second_person_can(editor, clone: Path) -> None:
    path = clone / "site" / "content" / DANNER
    old = path.read_text(encoding="utf-8").splitlines()
    save(editor, "anna", DANNER, _hours)
    early = publish(editor, "bo")
    assert early.status_code == 422 and "'Klar'" in early.get_json()["error"]
    ready(editor, "bo")
    own = publish(editor, "anna")
    assert own.status_code == 422 and "en anden skal" in own.get_json()["error"]
    assert path.read_text(encoding="utf-8").splitlines() == old

    answer = publish(editor, "bo")
    assert answer.status_code == 200, answer.get_json()
    new = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in old if line not in new] == ["hours: always"]
    assert not load(clone / "site" / "content").services["danner"].hours.always
    assert git(clone, "status", "--porcelain") == ""
    assert git(clone, "log", "-1", "--format=%an|%cn|%B") == 'anna|bo|Ret tilbud "danner"\n\nReviewed-by: bo'
    assert git(clone.parent / "host.git", "rev-parse", "main") == git(clone, "rev-parse", "main")
    assert api(editor, "bo", "unpublishedEntries").get_json() == []
    assert git(clone, "branch", "--list", "cms/*") == ""
    _, problems = model.check(clone / "site" / "content", ["da", "en", "ar"])
    assert not [p for p in problems if p.severity == "error"]


@pytest.mark.slow
def test_nobody_who_saved_a_draft_publishes_it(editor, clone: Path) -> None:
    save(editor, "anna", DANNER, _hours)
    save(editor, "bo", DANNER, lambda d: d.update(summary="Krisecenter og rådgivning i København."))
    ready(editor, "cleo")
    for who in ("anna", "bo"):
        answer = publish(editor, who)
        assert answer.status_code == 422 and f"({who})" in answer.get_json()["error"]
    assert publish(editor, "cleo").status_code == 200
    trailers = git(clone, "log", "-1", "--format=%an|%(trailers:only,unfold)")
    assert trailers == "bo|Co-authored-by: anna <>\nReviewed-by: cleo"


@pytest.mark.slow
def test_a_draft_over_a_file_published_since_is_refused_until_saved_again(editor, clone: Path) -> None:
    save(editor, "anna", DANNER, _hours)
    ready(editor, "bo")
    path = clone / "site" / "content" / DANNER
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nname:", "\n# rettet\nname:", 1), encoding="utf-8"
    )
    git(clone, "commit", "-q", "-am", "someone else")
    answer = publish(editor, "bo")
    assert answer.status_code == 422 and "siden kladden blev gemt" in answer.get_json()["error"]
    save(editor, "anna", DANNER, lambda d: None)  # saved again: now on top of what stands
    assert publish(editor, "bo").status_code == 422  # a new version: read and approved again first
    ready(editor, "bo")
    assert publish(editor, "bo").status_code == 200
    text = path.read_text(encoding="utf-8")
    assert "# rettet" in text and "hours: always" not in text  # both changes stand


def test_a_draft_and_a_publication_that_changed_the_same_line_are_not_merged(editor, clone: Path) -> None:
    save(editor, "anna", DANNER, _hours)
    path = clone / "site" / "content" / DANNER
    before = path.read_text(encoding="utf-8")
    path.write_text(before.replace("hours: always", 'hours: [{days: mon, open: "09:00", close: "10:00"}]'))
    git(clone, "commit", "-q", "-am", "someone else")
    answer = save(editor, "anna", DANNER, lambda d: d.update(name="Danner (ny)"))
    assert answer.status_code == 422 and "de samme steder" in answer.get_json()["error"]


def test_a_push_the_git_host_refuses_changes_nothing_here(editor, clone: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(tmp_path, "clone", "-q", str(tmp_path / "host.git"), other.name)
    (other / "site" / "note.txt").write_text("x", encoding="utf-8")
    git(other, "add", ".")
    git(other, "commit", "-q", "-m", "moved on the host")
    git(other, "push", "-q", "origin", "main")
    head = git(clone, "rev-parse", "main")
    save(editor, "anna", DANNER, _hours)
    ready(editor, "bo")
    answer = publish(editor, "bo")
    assert answer.status_code == 502 and "Git svarede" in answer.get_json()["error"]
    assert git(clone, "rev-parse", "main") == head
    assert api(editor, "bo", "unpublishedEntries").get_json() == ["services/danner"]


def test_only_drafts_change_files_in_this_mode(editor, clone: Path) -> None:
    raw = decap_save(api(editor, "anna", "getEntry", path=DANNER).get_json()["data"], _hours)
    direct = persist(editor, "anna", DANNER, raw, "danner", {})
    assert direct.status_code == 422 and "gem som kladde" in direct.get_json()["error"]
    gone = api(editor, "anna", "deleteFiles", paths=[DANNER], options={"commitMessage": "x"})
    assert gone.status_code == 422 and (clone / "site" / "content" / DANNER).exists()


def test_a_new_page_is_a_new_file_on_its_draft_and_throwing_it_away_leaves_nothing(
    editor, clone: Path
) -> None:
    raw = '{\n  "title": "Ny side",\n  "summary": "Om noget nyt."\n}\nTekst.\n'
    options = {"useWorkflow": True, "collectionName": "pages", "status": "draft", "commitMessage": "Ny"}
    answer = persist(editor, "anna", "pages/ny.md", raw, "ny", options)
    assert answer.status_code == 200, answer.get_json()
    draft = api(editor, "bo", "unpublishedEntry", id="pages/ny").get_json()
    assert draft["diffs"][0]["newFile"] is True
    assert not (clone / "site" / "content" / "pages" / "ny.md").exists()
    assert api(editor, "bo", "deleteUnpublishedEntry", collection="pages", slug="ny").status_code == 200
    assert api(editor, "bo", "unpublishedEntries").get_json() == []


def test_review_needs_a_git_clone(fixture_content: Path) -> None:
    with pytest.raises(drafts.GitError, match="is not in a Git clone"):
        create_app({"TESTING": True, "CONTENT_DIR": fixture_content, "EDITOR_REVIEW": True})


def test_the_reviewer_sees_what_changed_word_by_word_and_what_the_check_says(editor, clone: Path) -> None:
    save(editor, "anna", DANNER, lambda d: d.update(summary="Krisecenter og rådgivning i København."))
    link = api(editor, "bo", "getDeployPreview", collection="services", slug="danner").get_json()
    assert link == {"url": "/admin/changes/services/danner", "status": "SUCCESS"}
    page = editor.get(link["url"], headers={"X-Remote-User": "bo"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gemt af <strong>anna</strong>" in html and "Status: <strong>Kladde</strong>" in html
    assert "ingen nye fejl" in html
    removed = re.search(r'<tr class="del">.*?</tr>', html).group(0)
    added = re.search(r'<tr class="ins">.*?</tr>', html).group(0)
    assert "<mark>Kvindeorganisation med krisecenter</mark>" in removed
    assert "<mark>Krisecenter</mark>" in added and "København" in added
    assert html.count('<tr class="del">') == 1 and html.count('<tr class="ins">') == 1
    assert editor.get(link["url"]).status_code == 401  # behind the login, like the API
    assert editor.get("/admin/changes/services/politi", headers={"X-Remote-User": "bo"}).status_code == 404
    assert api(editor, "bo", "getDeployPreview", collection="services", slug="politi").get_json() is None


def test_the_changes_page_warns_when_the_draft_would_now_fail_the_check(editor, clone: Path) -> None:
    def add_phone(data: dict) -> None:
        data["contacts"].append({"kind": "phone", "value": "116 006"})

    assert save(editor, "anna", DANNER, add_phone).status_code == 200
    # Since the draft was saved, the fact sheet lost that number: publishing it now would fail.
    facts = clone / "site" / "facts" / "services.md"
    rows = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    facts.write_text("".join(row for row in rows if "116 006" not in row), encoding="utf-8")
    html = editor.get("/admin/changes/services/danner", headers={"X-Remote-User": "bo"}).get_data(
        as_text=True
    )
    assert 'class="verdict bad"' in html and "verdict ok" not in html
    assert "116 006" in html.split('class="verdict bad"')[1].split("</p>")[0]
    assert approve_version(editor, "bo", git(clone, "rev-parse", "cms/services/danner")).status_code == 200
    refused = publish(editor, "bo")
    assert refused.status_code == 422 and "116 006" in refused.get_json()["error"]


def test_without_review_there_is_no_changes_page(fixture_content: Path) -> None:
    plain = create_app({"TESTING": True, "CONTENT_DIR": fixture_content}).test_client()
    assert plain.get("/admin/changes/services/danner").status_code == 404


def test_the_example_sentences_go_through_review_too(editor, clone: Path) -> None:
    """A YAML file's form (Decap's json format) becomes a draft and is published line for line."""
    path = clone / "site" / "content" / "examples" / "da.yml"
    before = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(api(editor, "anna", "getEntry", path="examples/da.yml").get_json()["data"])
    danger = next(item for item in data["examples"] if item["situation"] == "danger")
    danger["sentences"].append("han truer med kniv")
    options = {"useWorkflow": True, "collectionName": "examples", "status": "draft", "commitMessage": "Ret"}
    raw = json.dumps(data, indent=2, ensure_ascii=False)
    assert persist(editor, "anna", "examples/da.yml", raw, "da", options).status_code == 200
    assert path.read_text(encoding="utf-8").splitlines() == before
    assert api(editor, "bo", "unpublishedEntries").get_json() == ["examples/da"]
    ready(editor, "bo", "examples/da")
    assert publish(editor, "bo", "examples/da").status_code == 200
    after = path.read_text(encoding="utf-8").splitlines()
    assert [x for x in after if x not in before] == ["  - han truer med kniv"]
