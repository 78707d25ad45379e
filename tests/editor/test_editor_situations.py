"""situations.yml in the editor: a form made from the file's shape, saves that keep every other byte."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from test_editor_api import api, editor_over, entry

from helpsite import ROOT
from helpsite.content import situations as situations_file
from helpsite.editor import config as cms
from helpsite.editor import roundtrip
from helpsite.taxonomy import AUDIENCES

FILE = situations_file.FILE


def form(client) -> dict:
    return json.loads(entry(client, FILE))


def save(client, data: dict):
    raw = json.dumps(data, indent=2, ensure_ascii=False)  # what Decap's json format writes
    return api(
        client, "persistEntry", dataFiles=[{"path": FILE, "raw": raw, "slug": "situations"}], assets=[]
    )


def situation(data: dict, ident: str) -> dict:
    return next(s for s in data["situations"] if s["id"] == ident)


def diff(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines gone, lines new), as a line diff has them."""
    lines = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [x[2:] for x in lines if x.startswith("- ")], [x[2:] for x in lines if x.startswith("+ ")]


# --------------------------------------------------------------------------- the form


@pytest.mark.slow
def test_the_form_is_made_from_the_files_shape() -> None:
    collections = {c["name"]: c for c in yaml.safe_load(cms.render())["collections"]}
    collection = collections["situations"]
    assert collection["label"] == "Situationer (hjælp der vises først)" and collection["editor"] == {
        "preview": False
    }
    (only,) = collection["files"]
    assert only["file"] == FILE
    fields = {f["name"]: f for f in only["fields"]}
    assert list(fields) == [situations_file.SITUATIONS]
    one = {f["name"]: f for f in fields[situations_file.SITUATIONS]["fields"]}
    assert list(one) == [f.name for f in situations_file.FIELDS]
    assert [one[f.name]["required"] for f in situations_file.FIELDS] == [
        f.required for f in situations_file.FIELDS
    ]
    assert one["audience"]["widget"] == "select" and [o["value"] for o in one["audience"]["options"]] == list(
        AUDIENCES
    )
    assert one["id"]["pattern"][0] == situations_file.ID.pattern
    assert [one[flag]["widget"] for flag in situations_file.FLAGS] == ["boolean", "boolean"]
    assert one["services"]["field"]["widget"] == "hmv-target" and one["services"]["min"] == 1
    assert "situations" not in cms.preview_model()["collections"]  # no site-look preview is registered


def test_the_form_holds_the_situations_the_search_reads(real_copy: Path, fixture_content: Path) -> None:
    data = form(editor_over(real_copy))
    assert situation(data, "danger")["urgent"] is True and "urgent" not in situation(data, "worried")
    assert situation(data, "danger")["services"][0] == "politi"
    data = form(editor_over(fixture_content))
    assert situation(data, "professional")["services"] == ["hvidovre", "lev-uden-vold"]


def test_the_choices_of_services_are_the_danish_services_and_pages(real_copy: Path) -> None:
    answer = editor_over(real_copy).get("/admin/targets.json").get_json()
    found = {t["id"]: t for t in answer["targets"]}
    assert found["danner"] == {"id": "danner", "title": "Danner", "kind": "services"}
    assert found["recognise"]["kind"] == "pages"  # professionals is Hvidovre's own page now
    assert "_template" not in found and not any("." in ident for ident in found)
    assert answer["groups"] == {"services": "Tilbud", "pages": "Sider"}


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize(
    "path", [ROOT / "site" / "content" / FILE, ROOT / "tests" / "fixtures" / "content" / FILE]
)
def test_the_round_trip_writer_gives_every_byte_back(path: Path) -> None:
    """The measure behind the save: ruamel's tree of the file, written unchanged, is the file."""
    text = path.read_text(encoding="utf-8")
    assert roundtrip.rewrite(text, FILE) == text


def test_saving_unchanged_and_undoing_a_change_give_the_file_back(real_copy: Path) -> None:
    client, path = editor_over(real_copy), real_copy / FILE
    before = path.read_bytes()
    assert save(client, form(client)).status_code == 200 and path.read_bytes() == before
    data = form(client)
    situation(data, "honour")["services"].append("offerraadgivningen")
    assert save(client, data).status_code == 200 and path.read_bytes() != before
    situation(data, "honour")["services"].pop()
    assert save(client, data).status_code == 200
    assert path.read_bytes() == before


def _urgent(data: dict) -> None:
    situation(data, "cannot-talk")["urgent"] = True


def _not_urgent(data: dict) -> None:
    situation(data, "danger")["urgent"] = False


def _service(data: dict) -> None:
    situation(data, "worried")["services"].append("offerraadgivningen")


def _changes_only_its_line(
    root: Path, change: Callable[[dict], None], gone: list[str], new: list[str]
) -> None:
    client, path = editor_over(root), root / FILE
    before = path.read_text(encoding="utf-8")
    data = form(client)
    change(data)
    answer = save(client, data)
    assert answer.status_code == 200, answer.get_json()
    after = path.read_text(encoding="utf-8")
    assert diff(before, after) == (gone, new)
    comments = [line for line in before.splitlines() if "#" in line]
    assert comments and all(line in after.splitlines() for line in comments)  # header and inline


@pytest.mark.parametrize(
    "change, gone, new",
    [
        (_urgent, [], ["    urgent: true"]),  # below the audience, where the others have it
        (_not_urgent, ["    urgent: true"], []),
        (
            _service,
            ["    services: [lev-uden-vold, danner, recognise]"],
            ["    services: [lev-uden-vold, danner, recognise, offerraadgivningen]"],
        ),
    ],
)
def test_a_change_in_the_form_changes_only_its_line(
    real_copy: Path, change: Callable[[dict], None], gone: list[str], new: list[str]
) -> None:
    _changes_only_its_line(real_copy, change, gone, new)


def test_a_new_situation_and_a_moved_one_keep_the_files_layout(real_copy: Path) -> None:
    client, path = editor_over(real_copy), real_copy / FILE
    before = path.read_text(encoding="utf-8")
    data = form(client)
    honour = next(k for k, item in enumerate(data["situations"]) if item["id"] == "honour")
    data["situations"].insert(0, data["situations"].pop(honour))  # honour is listed first now
    new = {"id": "money", "audience": "victims", "urgent": False, "fallback": False}  # as Decap adds one
    new |= {"services": ["lev-uden-vold"]}
    data["situations"].append(new)
    answer = save(client, data)
    assert answer.status_code == 200, answer.get_json()
    after = path.read_text(encoding="utf-8")
    assert after.endswith("\n\n  - id: money\n    audience: victims\n    services: [lev-uden-vold]\n")
    assert after.index("  - id: honour") < after.index("  - id: danger")
    assert sorted(before.splitlines()) == sorted(after.splitlines()[:-4])  # the same lines, moved
    assert "\n\n\n" not in after and "situations:\n  - id: honour\n" in after


# --------------------------------------------------------------------------- refused


@pytest.mark.parametrize(
    "change, words",
    [
        (
            lambda d: situation(d, "danger")["services"].append("krisecenter"),
            "»krisecenter« under »Tilbud og sider, der vises først« er hverken et tilbud eller en side",
        ),
        (lambda d: situation(d, "danger").update(audience="everyone"), "kan ikke vælges i »Målgruppe«"),
        (lambda d: situation(d, "honour").update(id="danger"), "»danger« bruges af to situationer"),
    ],
)
def test_a_save_the_check_refuses_is_answered_with_its_message_and_not_written(
    fixture_content: Path, change: Callable[[dict], None], words: str
) -> None:
    client, path = editor_over(fixture_content), fixture_content / FILE
    before = path.read_bytes()
    data = form(client)
    change(data)
    answer = save(client, data)
    assert answer.status_code == 422
    message = answer.get_json()["error"]
    assert message.startswith("Ikke gemt") and words in message and FILE not in message, message
    assert path.read_bytes() == before
