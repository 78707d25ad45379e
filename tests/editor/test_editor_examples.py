"""The example sentences in the editor: one form per language, a sentence added is one line added,
and the check's word on every save (a situation that does not exist, a sentence read otherwise)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
import yaml
from test_editor_api import api, editor_over, entry

from helpsite import ROOT
from helpsite.editor import config as cms
from helpsite.editor import examples, roundtrip
from helpsite.languages import KNOWN_LANGUAGES
from helpsite.search.checks import check

REAL = ROOT / "site" / "content" / "examples"


def form(client, lang: str) -> dict:
    return json.loads(entry(client, examples.path(lang)))


def save(client, lang: str, data: dict):
    raw = json.dumps(data, indent=2, ensure_ascii=False)
    files = [{"path": examples.path(lang), "raw": raw, "slug": lang}]
    return api(client, "persistEntry", dataFiles=files, assets=[])


def sentences(data: dict, label: str) -> list[str]:
    return next(item["sentences"] for item in data["examples"] if item["situation"] == label)


@pytest.mark.slow
def test_every_language_has_its_file_in_one_collection() -> None:
    collections = {c["name"]: c for c in yaml.safe_load(cms.render())["collections"]}
    files = collections["examples"]["files"]
    assert [f["file"] for f in files] == [f"examples/{code}.yml" for code in KNOWN_LANGUAGES]
    (listed,) = files[0]["fields"]
    assert [f["widget"] for f in listed["fields"]] == ["string", "hmv-sentences"]


@pytest.mark.parametrize("path", sorted(REAL.glob("*.yml")), ids=lambda p: p.stem)
def test_the_round_trip_writer_gives_every_byte_back(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert roundtrip.rewrite(text, path.name) == text


def test_a_sentence_added_is_one_line_added_and_the_comments_stay(real_copy: Path) -> None:
    client, path = editor_over(real_copy), real_copy / examples.path("so")
    before = path.read_text(encoding="utf-8")
    data = form(client, "so")
    assert "caawa ayuu i dilayaa" in sentences(data, "danger")
    sentences(data, "danger").append("wuu  i   dilayaa hadda")  # spaces as typed
    answer = save(client, "so", data)
    assert answer.status_code == 200, answer.get_json()
    after = path.read_text(encoding="utf-8")
    changed = [x for x in difflib.ndiff(before.splitlines(), after.splitlines()) if x[:2] in ("- ", "+ ")]
    assert changed == ["+   - wuu i dilayaa hadda"]
    sentences(data, "danger").pop()
    assert save(client, "so", data).status_code == 200
    assert path.read_text(encoding="utf-8") == before  # undone: every byte back, "# unsure" notes too


def test_a_situation_that_does_not_exist_is_refused_with_the_checks_message(real_copy: Path) -> None:
    client, path = editor_over(real_copy), real_copy / examples.path("da")
    before = path.read_bytes()
    data = form(client, "da")
    data["examples"].append({"situation": "penge", "sentences": ["han tager mine penge"]})
    answer = save(client, "da", data)
    assert answer.status_code == 422
    message = answer.get_json()["error"]
    assert "Situationen »penge« findes ikke" in message and "da.yml" not in message, message
    assert path.read_bytes() == before


def test_one_situation_twice_is_refused_not_merged(real_copy: Path) -> None:
    client, path = editor_over(real_copy), real_copy / examples.path("da")
    before = path.read_bytes()
    data = form(client, "da")
    data["examples"].append({"situation": "danger", "sentences": ["han har en kniv"]})
    answer = save(client, "da", data)
    assert answer.status_code == 400 and "'danger' står to gange" in answer.get_json()["error"]
    assert path.read_bytes() == before


def test_a_sentence_the_model_reads_otherwise_is_saved_and_named(real_copy: Path) -> None:
    """A warning does not stop a save; the check names the sentence's line, so it can be given company."""
    client = editor_over(real_copy)
    data = form(client, "en")
    sentences(data, "danger").append("what are the opening hours of the library")
    answer = save(client, "en", data)
    assert answer.status_code == 200, answer.get_json()
    text = (real_copy / examples.path("en")).read_text(encoding="utf-8")
    line = text.splitlines().index("  - what are the opening hours of the library") + 1
    _, problems = check(real_copy, KNOWN_LANGUAGES)
    assert any(
        p.path == "site/content/examples/en.yml" and p.line == line and p.severity == "warning"
        and "reads this example as 'none', not 'danger'" in p.message
        for p in problems
    )  # fmt: skip
