"""Warnings where a service's facts disagree (issue 22): crisis line and text against the hours, a
free or anonymous flag without a dated source. In the check for IT, and in the editor's Danish."""

from __future__ import annotations

import re
from pathlib import Path

from editing import TODAY, line_of, replace

from helpsite.content.loader import check
from helpsite.editor import create_app

SLOTS = 'hours:\n  - days: mon-fri\n    open: "08:00"\n    close: "16:00"\n'


def warnings(root: Path) -> list[str]:
    content, found = check(root, ["da", "en"], today=TODAY)
    assert content is not None, [str(p) for p in found if p.severity == "error"]
    return [str(p) for p in found if p.severity == "warning"]


def test_the_fixture_content_has_no_such_warning(fixture_content: Path) -> None:
    assert warnings(fixture_content) == []


def test_a_crisis_line_and_a_text_that_say_day_and_night_against_office_hours(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "hours: always\n", SLOTS)
    found = warnings(fixture_content)
    crisis = line_of(danner, "crisis_line: true")
    summary = line_of(danner, "summary: ")
    assert set(found) == {
        "site/content/services/danner.en.md:1: warning: the text says 'open 24 hours', but 'hours' is not "
        "open day and night: correct the text or the opening hours, so that they say the same",
        f"site/content/services/danner.md:{crisis}: warning: 'crisis_line: true' shows it first on every "
        "page as open day and night, but 'hours' is not: set 'hours: always' if the line is open day and "
        "night; otherwise remove 'crisis_line'",
        f"site/content/services/danner.md:{summary}: warning: the text says 'døgnet rundt', but 'hours' is "
        "not open day and night: correct the text or the opening hours, so that they say the same",
    }


def test_midnight_to_midnight_every_day_is_day_and_night(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(
        danner,
        "hours: always\n",
        SLOTS.replace("mon-fri", "mon-sun").replace("08:00", "00:00").replace("16:00", "24:00"),
    )
    assert warnings(fixture_content) == []


def test_a_flag_with_only_undated_sources(fixture_content: Path) -> None:
    path = fixture_content / "services" / "lev-uden-vold.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"date: \d{4}\}", "date: undated}", text), encoding="utf-8")
    found = warnings(fixture_content)
    assert [w.split(": warning: ")[1] for w in found] == [
        f"'{flag}' is set, but the file has no dated source that says so: add the source that says it under "
        f"'sources:' with its date, or remove '{flag}'"
        for flag in ("free", "anonymous")
    ]


def test_the_editor_saves_and_shows_the_warning_in_danish(fixture_content: Path) -> None:
    client = create_app({"TESTING": True, "CONTENT_DIR": fixture_content}).test_client()
    view = client.post("/api/v1", json={"action": "getEntry", "params": {"path": "services/danner.md"}})
    raw = view.get_json()["data"].replace(
        '"always": true,\n    "slots": []',
        '"always": false,\n    "slots": [{"days": "man-fre", "open": "08:00", "close": "16:00"}]',
    )
    files = [{"path": "services/danner.md", "raw": raw, "slug": "danner"}]
    answer = client.post(
        "/api/v1", json={"action": "persistEntry", "params": {"dataFiles": files, "assets": []}}
    )
    assert answer.status_code == 200, answer.get_json()
    said = answer.get_json()["warnings"]
    assert said[0].startswith("»Krisetelefon øverst på alle sider« er slået til"), said
    assert "»Resumé« siger »døgnet rundt«, men »Åbningstider« er ikke døgnet rundt" in said[1]
    assert len(said) == 2  # the English file is not the one saved: its warning waits for its own save
