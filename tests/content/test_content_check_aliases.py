"""YAML anchors and aliases: refused with their file and line, never expanded (issue 19, finding 6)."""

from __future__ import annotations

import time
from pathlib import Path

from editing import line_of, replace
from test_content_check import problems

from helpsite.editor import create_app

FIX = "write the value out in full where it is needed, without '&' and '*'"
# "Billion laughs": each line ten times the one before; expanded, the last is 10**7 words.
BOMB = "".join(
    f"lol{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]\n" if n else "lol0: &l0 [lol]\n" for n in range(8)
)


def test_an_aliased_list_in_front_matter_is_a_problem_with_its_line(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "audiences: [victims,", "audiences: &who [victims,")
    replace(danner, "languages: [da, en, ar]", "languages: *who")
    line = line_of(danner, "&who")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line}: the front matter uses a YAML anchor (&name) or "
        f"alias (*name), which content files may not: {FIX}"
    ]


def test_an_alias_bomb_in_front_matter_is_refused_at_once(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "order: 2\n", "order: 2\n" + BOMB)
    started = time.monotonic()
    found = problems(fixture_content)
    assert time.monotonic() - started < 10
    assert found == [
        f"site/content/services/danner.md:{line_of(danner, 'lol0:')}: the front matter uses a YAML "
        f"anchor (&name) or alias (*name), which content files may not: {FIX}"
    ]


def test_an_aliased_list_in_situations_yml_is_a_problem_with_its_line(fixture_content: Path) -> None:
    situations = fixture_content / "situations.yml"
    replace(situations, "services: [politi, lev-uden-vold]", "services: &same [politi, lev-uden-vold]")
    replace(situations, "services: [hvidovre, lev-uden-vold]", "services: *same")
    found = problems(fixture_content)
    assert found == [
        f"site/content/situations.yml:{line_of(situations, '&same')}: situations.yml uses a YAML anchor "
        f"(&name) or alias (*name), which content files may not: {FIX}"
    ]


def test_an_alias_in_synonyms_yml_is_a_problem_with_its_line(fixture_content: Path) -> None:
    synonyms = fixture_content / "synonyms.yml"
    text = synonyms.read_text(encoding="utf-8")
    synonyms.write_text(text.replace("groups:\n", "groups:\n  - &first [a, b]\n  - *first\n", 1))
    assert problems(fixture_content) == [
        f"site/content/synonyms.yml:{line_of(synonyms, '&first')}: synonyms.yml uses a YAML anchor "
        f"(&name) or alias (*name), which content files may not: {FIX}"
    ]


def test_the_editor_refuses_to_open_an_alias_bomb_and_says_where(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "order: 2\n", "order: 2\n" + BOMB)
    situations = fixture_content / "situations.yml"
    replace(situations, "services: [politi, lev-uden-vold]", "services: &same [politi, lev-uden-vold]")
    editor = create_app({"TESTING": True, "CONTENT_DIR": fixture_content}).test_client()
    for rel, line in (
        ("services/danner.md", line_of(danner, "lol0:")),
        ("situations.yml", line_of(situations, "&same")),
    ):
        started = time.monotonic()
        answer = editor.post("/api/v1", json={"action": "getEntry", "params": {"path": rel}})
        assert time.monotonic() - started < 10
        assert answer.status_code == 422, (rel, answer.status_code)
        assert answer.get_json()["error"].startswith(f"{rel}, linje {line}: filen bruger et YAML-anker")


def test_an_alias_in_an_examples_file_is_a_problem_with_its_line(fixture_content: Path) -> None:
    """The examples are read by libyaml, which makes an alias the node it names: that is refused too."""
    examples = fixture_content / "examples" / "da.yml"
    replace(examples, "  - han har en kniv\n", "  - &knife han har en kniv\n")
    replace(examples, "  - en kniv til køkkenet\n", "  - *knife\n")
    assert problems(fixture_content) == [
        f"site/content/examples/da.yml:{line_of(examples, '&knife')}: the examples file uses a YAML "
        f"anchor (&name) or alias (*name), which content files may not: {FIX}"
    ]


def test_an_alias_bomb_in_an_examples_file_is_refused_at_once(fixture_content: Path) -> None:
    examples = fixture_content / "examples" / "da.yml"
    examples.write_text(examples.read_text(encoding="utf-8") + BOMB, encoding="utf-8")
    started = time.monotonic()
    found = problems(fixture_content)
    assert time.monotonic() - started < 10
    assert any("the examples file uses a YAML anchor" in p for p in found), found
