"""The editor says the check's problems in the communications team's Danish: what, which field, what to do."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpsite import ROOT
from helpsite.content import contacts, fields, values
from helpsite.content.problems import Problem
from helpsite.content.provenance import ROLES
from helpsite.editor import config as cms
from helpsite.editor import create_app, messages, model, widgets
from helpsite.taxonomy import AUDIENCES, CATEGORIES

SOURCES = [ROOT / "helpsite" / "content", ROOT / "helpsite" / "search" / "checks.py"]


def editor_over(root: Path, **settings: object):
    return create_app({"TESTING": True, "CONTENT_DIR": root, **settings}).test_client()


def api(client, action: str, **params):
    return client.post("/api/v1", json={"action": action, "params": {"branch": "main", **params}})


def save_danner(client, change: Callable[[dict], None], body: Callable[[str], str] = lambda b: b):
    """Save services/danner.md as Decap would after `change` to its form (and `body` to its text)."""
    view = api(client, "getEntry", path="services/danner.md").get_json()["data"]
    data, end = json.JSONDecoder().raw_decode(view)
    change(data)
    raw = json.dumps(data, indent=2, ensure_ascii=False) + body(view[end:])
    files = [{"path": "services/danner.md", "raw": raw, "slug": "danner"}]
    return api(client, "persistEntry", dataFiles=files, assets=[])


def refused(answer) -> str:
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    # Never a path, a line number, the check's English or Decap's error code.
    assert error.startswith("Ikke gemt. ") and not re.search(r"site/|\.md\b|:\d+:|API_ERROR", error), error
    return error


def codes_in(path: Path) -> set[str]:
    """Every code= a problem is given in a source file (a literal, or either side of an if-else)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.keyword) and node.arg == "code":
            values = (
                [node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp) else [node.value]
            )
            found |= {v.value for v in values if isinstance(v, ast.Constant)}
    return found


def test_every_problem_the_check_adds_has_a_code_and_danish_words() -> None:
    files = [p for src in SOURCES for p in ([src] if src.is_file() else src.glob("*.py"))]
    files = [p for p in files if p.name != "problems.py"]  # the Collector's own Problem(...)
    untagged = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            adds = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add"
            made = isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem"
            tagged = any(k.arg == "code" for k in getattr(node, "keywords", ()))
            if ((adds and getattr(node.func.value, "id", "") == "out") or made) and not tagged:
                untagged.append(f"{path.name}:{node.lineno}")
    assert untagged == []
    codes = set().union(*(codes_in(p) for p in files))
    assert codes - set(messages.TEMPLATES) == set()


def test_a_number_not_in_the_fact_sheet_names_the_field_who_adds_it_and_where_to_read_it(
    fixture_content: Path,
) -> None:
    client = editor_over(fixture_content, FACT_SHEET_OWNER="Anne i Kommunikation")
    error = refused(save_danner(client, lambda d: d["contacts"][0].update(value="33 33 00 48")))
    assert "Nummeret 33 33 00 48 i »Kontakt« står ikke i faktaarket" in error
    assert "bed Anne i Kommunikation om at skrive det i faktaarket" in error and "/admin/faktaark" in error
    in_body = refused(
        save_danner(editor_over(fixture_content), lambda d: None, lambda b: b + "\nRing 33 33 00 48.\n")
    )
    assert "i »Tekst« står ikke i faktaarket" in in_body and "den ansvarlige for faktaarket" in in_body


@pytest.mark.parametrize(
    "change, words",
    [
        (
            lambda d: d["contacts"][0].update(value="70 20 30 82"),
            "Nummeret 70203082 i »Kontakt« må ikke stå på siden",
        ),
        (lambda d: d.update(name=""), "»Navn« skal udfyldes"),
        (lambda d: d.update(category="shelter"), "»shelter« kan ikke vælges i »Kategori«"),
        (lambda d: d["sources"][0].update(date="2021-13"), "Datoen »2021-13« for kilden"),
        (lambda d: d.update(summary="x" * 600), "»Resumé« er for langt (600 tegn, højst 500)"),
    ],
)
def test_each_kind_of_mistake_is_said_in_danish_at_its_field(
    fixture_content: Path, change, words: str
) -> None:
    assert words in refused(save_danner(editor_over(fixture_content), change))


def test_a_file_broken_outside_the_editor_is_said_without_its_yaml(fixture_content: Path) -> None:
    path = fixture_content / "services" / "politi.md"
    path.write_text("---\nname: [Politi\n---\nTekst.\n", encoding="utf-8")
    _, problems = model.check(fixture_content, ["da"])
    said = [messages.say(p, "X", ("services/danner.md",)) for p in problems if p.path.endswith("politi.md")]
    assert said and all(s.startswith("I tilbuddet »politi«: Filen kan ikke læses") for s in said), said
    assert not any("YAML" in s or "line" in s for s in said)


def test_a_problem_without_danish_words_still_says_so_in_danish() -> None:
    text = messages.say(Problem("site/content/x.md", 3, "odd", "fix it", code="new-kind"), "X")
    assert text.startswith("Tjekket fandt en fejl, editoren ikke har dansk til. Bed IT om hjælp")


def test_the_fact_sheet_is_shown_read_only(fixture_content: Path) -> None:
    client = editor_over(fixture_content, FACT_SHEET_OWNER="Anne i Kommunikation")
    page = client.get("/admin/faktaark")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "<table>" in html and "33 33 00 47" in html and "bed\nAnne i Kommunikation" in html
    assert "<form" not in html and "<script" not in html
    assert client.post("/admin/faktaark").status_code == 405


def test_every_choice_has_a_danish_label_and_stores_its_code() -> None:
    form = {f["name"]: f for f in cms.cms_config()["collections"][0]["fields"]}
    category = {o["value"]: o["label"] for o in form["category"]["options"]}
    assert list(category) == list(CATEGORIES) and category["crisis-centre"] == "Krisecentre"
    audiences = {o["value"]: o["label"] for o in form["audiences"]["options"]}
    assert list(audiences) == list(AUDIENCES) and audiences["victims"] == "Jeg bliver udsat for vold"
    kinds = {f["name"]: f for f in form["contacts"]["fields"]}["kind"]["options"]
    assert {o["value"]: o["label"] for o in kinds}["web"] == "Hjemmeside"
    roles = {f["name"]: f for f in form["confirmed"]["fields"]}["by"]["options"]
    assert [o["value"] for o in roles] == list(ROLES) and all(o["label"] != o["value"] for o in roles)


def test_the_forms_time_rule_is_the_checks() -> None:
    slot = {f["name"]: f for f in widgets.widget(fields.Field("hours", "hours"))["fields"]}["slots"]["fields"]
    opens = {f["name"]: f for f in slot}["open"]
    assert opens["pattern"][0] == f"^({values.TIME.pattern})$" and '"08:00"' in opens["hint"]
    assert widgets.EMAIL == contacts.EMAIL_PATTERN and widgets.WEB == contacts.WEB_PATTERN


def test_danish_day_names_are_saved_as_the_codes(fixture_content: Path) -> None:
    def weekdays(data: dict) -> None:
        data["hours"] = {
            "always": False,
            "slots": [{"days": "man - fre, Lør", "open": "08:00", "close": "16:00"}],
        }

    answer = save_danner(editor_over(fixture_content), weekdays)
    assert answer.status_code == 200, answer.get_json()
    text = (fixture_content / "services" / "danner.md").read_text(encoding="utf-8")
    assert "  - days: mon-fri,sat\n" in text
