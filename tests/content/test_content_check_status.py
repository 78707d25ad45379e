"""`flask content status|launch|stamp`: translations that lag behind, old confirmations, unconfirmed facts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from editing import TODAY, confirm, replace
from owned import set_owner

from helpsite.cli import content_cli
from helpsite.content.loader import load
from helpsite.content.translations import translation_state

LANGUAGES = ["da", "en"]


@pytest.fixture
def run(fixture_content: Path, monkeypatch: pytest.MonkeyPatch):
    """Run `flask content ...` over the content copy, in Danish and English."""
    monkeypatch.setenv("HELPSITE_CONTENT_DIR", str(fixture_content))
    monkeypatch.setenv("HELPSITE_LANGUAGES", ",".join(LANGUAGES))

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(content_cli, list(args))

    return invoke


@pytest.fixture
def status(run):
    """Run `flask content status` on the fixture's day."""

    def invoke() -> Result:
        return run("status", "--today", str(TODAY))

    return invoke


def row(output: str, lang: str) -> list[int]:
    """The numbers of one language's row in the status table."""
    line = next(x for x in output.splitlines() if x.startswith(f"{lang} "))
    return [int(n) for n in re.findall(r"\d+", line)]


def detail(output: str, name: str) -> str:
    """What the status says about one text, e.g. 'services/danner'."""
    return next(x.split(None, 1)[1] for x in output.splitlines() if x.strip().startswith(name + " "))


def unstamp(path: Path) -> None:
    """Remove a translation's `source:` line, as in a file nobody has stamped yet."""
    path.write_bytes(re.sub(rb"(?m)^source: .*\r?\n", b"", path.read_bytes()))


def test_stamp_writes_the_danish_fingerprint_and_nothing_else(run, fixture_content: Path) -> None:
    english = fixture_content / "services" / "danner.en.md"
    unstamp(english)
    before = english.read_bytes()
    assert b"source:" not in before
    result = run("stamp", str(english))
    assert result.exit_code == 0, result.output
    stamp = load(fixture_content, LANGUAGES).services["danner"].fingerprint
    assert english.read_bytes() == before.replace(
        b"translation: draft\n", b'translation: draft\nsource: "' + stamp.encode() + b'"\n', 1
    )
    assert load(fixture_content, LANGUAGES).services["danner"].texts["en"].source == stamp
    assert run("stamp", str(english)).output.endswith(f"already stamped ({stamp})\n")

    # The Danish text changes: stamping again replaces the line in place.
    danish = fixture_content / "services" / "danner.md"
    danish.write_text(danish.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    assert run("stamp", str(english)).exit_code == 0
    new = load(fixture_content, LANGUAGES).services["danner"].fingerprint
    assert new != stamp
    assert english.read_bytes() == before.replace(
        b"translation: draft\n", b'translation: draft\nsource: "' + new.encode() + b'"\n', 1
    )


def test_stamp_keeps_windows_line_endings(run, fixture_content: Path) -> None:
    english = fixture_content / "pages" / "about.en.md"
    unstamp(english)
    crlf = english.read_bytes().replace(b"\n", b"\r\n")
    english.write_bytes(crlf)
    assert run("stamp", str(english)).exit_code == 0
    after = english.read_bytes()
    assert after.count(b"\r\n") == crlf.count(b"\r\n") + 1 and after.count(b"\n") == after.count(b"\r\n")
    assert re.search(rb'\r\nsource: "[0-9a-f]{12}"\r\n', after)


def test_stamp_refuses_what_is_not_a_translation(run, fixture_content: Path) -> None:
    folder = fixture_content / "services"
    (folder / "ukendt.en.md").write_text("---\nname: X\n---\n", encoding="utf-8")
    result = run("stamp", str(folder / "danner.md"), str(folder / "ukendt.en.md"))
    assert result.exit_code == 1
    assert "danner.md: not a translation: translations are named <id>.<language>.md" in result.output
    assert "ukendt.en.md: the Danish original ukendt.md is missing" in result.output
    assert run("stamp").exit_code == 2  # nothing named: a usage error, nothing written


def test_status_counts_missing_draft_outdated_and_unstamped(run, status, fixture_content: Path) -> None:
    english = fixture_content / "services" / "danner.en.md"
    (fixture_content / "pages" / "about.en.md").unlink()
    replace(english, "translation: draft", "translation: reviewed")
    assert run("stamp", str(english)).exit_code == 0
    content = load(fixture_content, LANGUAGES)
    items = (*content.services.values(), *content.pages.values())
    translated = [item.texts["en"] for item in items if "en" in item.texts]
    drafts = sum(text.translation == "draft" for text in translated)
    unstamped = sum(text.source is None for text in translated)

    before = status()
    assert before.exit_code == 0, before.output
    # Missing, Draft, Outdated, Unstamped, Ready
    assert row(before.output, "en") == [len(items) - len(translated), drafts, 0, unstamped, 1]
    assert detail(before.output, "pages/about") == "missing"
    assert "services/danner " not in before.output  # reviewed and stamped: nothing to do

    danish = fixture_content / "services" / "danner.md"
    danish.write_text(danish.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    after = status()
    assert row(after.output, "en") == [len(items) - len(translated), drafts, 1, unstamped, 0]
    assert detail(after.output, "services/danner") == "outdated"


def test_facts_shown_from_the_danish_file_leave_its_translations_up_to_date(
    run, fixture_content: Path
) -> None:
    """Confirming a service or correcting its hours changes nothing a translator translated."""
    english = fixture_content / "services" / "danner.en.md"
    assert run("stamp", str(english)).exit_code == 0
    danish = fixture_content / "services" / "danner.md"
    confirm(danish, "2026-11-30")
    replace(danish, "hours: always", 'hours: [{days: mon-fri, open: "08:00", close: "16:00"}]')
    assert translation_state(load(fixture_content, LANGUAGES).services["danner"], "en") == ("draft",)
    replace(danish, "name: Danner", "name: Danner Krisecenter")  # a translated field
    assert translation_state(load(fixture_content, LANGUAGES).services["danner"], "en") == (
        "draft",
        "outdated",
    )


def test_status_lists_files_confirmed_more_than_180_days_ago(run, status, fixture_content: Path) -> None:
    before = status().output
    assert "none of the 0 confirmed files." in before
    assert "Not yet confirmed with the service at all: 9 files (flask content launch lists them)." in before
    old = TODAY - dt.timedelta(days=181)
    danner = fixture_content / "services" / "danner.md"
    confirm(danner, old)
    confirm(fixture_content / "services" / "politi.md", TODAY - dt.timedelta(days=180), by="it")
    output = status().output
    line = next(x for x in output.splitlines() if x.strip().startswith("danner "))
    assert f"confirmed {old.isoformat()} (181 days ago)" in line and "services/danner.md" in line
    assert not any(x.strip().startswith("politi ") for x in output.splitlines())  # 180 days: still fresh
    assert "Not yet confirmed with the service at all: 7 files" in output


# --------------------------------------------------------------------------- launch


def launch(run) -> Result:
    """Run `flask content launch` on the fixture's day."""
    return run("launch", "--today", str(TODAY))


def test_launch_lists_every_unconfirmed_fact_and_fails(run, fixture_content: Path) -> None:
    result = launch(run)
    assert result.exit_code == 1
    out = result.output
    danner = out[out.index("site/content/services/danner.md (not confirmed):") :].split("\nsite/")[0]
    assert danner.splitlines()[1:] == [
        "  - phone 33 33 00 47",
        "  - e-mail sigdettilnogen@danner.dk",
        "  - web https://danner.dk",
        "  - hours: always open",
        "  - languages spoken: da, en, ar",
        "  - the text's other claims (6 sources)",
    ]
    assert "site/content/pages/hvidovre.md (not confirmed):\n  - number in the text 3639 3639\n" in out
    assert "site/content/services/_template.md" not in out
    assert out.rstrip().splitlines()[-1].startswith("28 facts in 9 files not confirmed live. Before go-live,")


def test_launch_passes_once_every_file_is_confirmed_and_asks_again_after_180_days(
    run, fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_owner(monkeypatch, TODAY, SECURITY_EXPIRES=str(TODAY + dt.timedelta(days=200)))
    files = [p for folder in ("services", "pages") for p in sorted((fixture_content / folder).glob("*.md"))]
    danish = [p for p in files if p.name.count(".") == 1 and not p.name.startswith("_")]
    for path in danish:
        confirm(path, TODAY - dt.timedelta(days=3))
    result = launch(run)
    assert (result.exit_code, result.output) == (
        0,
        "Every fact is confirmed live (within the last 180 days): ready for go-live.\n",
    )
    stale = run("launch", "--today", str(TODAY + dt.timedelta(days=178)))
    assert stale.exit_code == 1
    assert "site/content/services/danner.md (confirmed 2026-11-28, over 180 days ago):" in stale.output


def test_status_stops_on_broken_content(run, status, fixture_content: Path) -> None:
    (fixture_content / "services" / "danner.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    result = status()
    assert result.exit_code == 1
    assert result.output == "The content has 1 error: run 'flask content check' and fix them first.\n"
