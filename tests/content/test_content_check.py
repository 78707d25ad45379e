"""`flask content check`: every mistake an editor can make is found, with file, line, what and how to fix."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from editing import TODAY, confirm, field_line, line_of, replace

from helpsite import ROOT
from helpsite.cli import content_cli
from helpsite.content.loader import check, load

# Danish and English are enough to break things in; files of other languages are then not read,
# which keeps each check fast. The real content is checked in every language in test_real_content.py.
LANGUAGES = ["da", "en"]


def problems(root: Path, languages: list[str] = LANGUAGES) -> list[str]:
    """Every problem the check finds in `root` on the fixture's day, as the editor reads it."""
    _, found = check(root, languages, today=TODAY)
    return [str(p) for p in found]


def test_the_fixture_content_has_no_problems(fixture_content: Path) -> None:
    """The starting point of every test below: each of them finds only the mistake it makes."""
    assert problems(fixture_content, ["da", "en", "ar"]) == []


def test_yaml_that_does_not_parse(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "category: crisis-centre\n", "category: crisis-centre: shelter\n")
    line = line_of(danner, "category: crisis-centre: shelter")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line}: the front matter is not valid YAML: "
        "a value contains ':' without quotes: put the value in quotes: summary: \"Tid: 24 timer\""
    ]


@pytest.mark.parametrize("ending", ["", "\n", "\n\nTekst uden afslutning.\n"])
def test_front_matter_that_is_never_closed(fixture_content: Path, ending: str) -> None:
    """A file whose closing '---' is missing is reported, not a crash of the check."""
    danner = fixture_content / "services" / "danner.md"
    front = danner.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    danner.write_text(front + ending, encoding="utf-8")
    found = problems(fixture_content)
    said = "the front matter is not closed: put a line '---' after the last field"
    assert f"site/content/services/danner.md:1: {said}" in found


def test_tab_indentation(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "  - kind: email\n", "\t- kind: email\n")
    line = line_of(danner, "\t- kind: email")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line}: the front matter is not valid YAML: "
        "it contains a tab character: indent with spaces, never with tabs"
    ]


def test_unknown_field_suggests_the_right_one(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "order: 2\n", "order: 2\nconfirmd: 2026-01-01\n")
    line = line_of(danner, "confirmd:")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line}: unknown field 'confirmd' in a service: "
        "did you mean 'confirmed'? Otherwise delete it"
    ]


@pytest.mark.parametrize("name", ["danner.md", "danner.en.md"])
def test_the_retired_verified_field_says_what_to_write_instead(fixture_content: Path, name: str) -> None:
    path = fixture_content / "services" / name
    replace(path, "\nsummary:", "\nverified: 2026-11-26\nsummary:")
    assert problems(fixture_content) == [
        f"site/content/services/{name}:{line_of(path, 'verified:')}: the field 'verified' is no longer used: "
        "delete the line: give each source its own date under 'sources:', and add "
        "'confirmed: {date: YYYY-MM-DD, by: kommunikation}' only when a person has confirmed the facts "
        "with the service or its live site"
    ]


def test_missing_field(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, field_line(danner, "summary") + "\n", "")
    assert problems(fixture_content) == [
        "site/content/services/danner.md:2: the field 'summary' is missing: "
        "add 'summary:' to the front matter"
    ]


def test_field_written_twice(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "order: 2\n", "order: 2\norder: 3\n")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, 'order: 3')}: the field 'order' appears twice "
        f"(first on line {line_of(danner, 'order: 2')}): keep one of the two lines and delete the other"
    ]


def test_wrong_category_and_audience(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "category: crisis-centre", "category: shelter")
    replace(danner, "audiences: [victims, relatives, professionals]", "audiences: [victims, women]")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, 'category:')}: 'shelter' is not a category: "
        "use one of: hotline, crisis-centre, perpetrators, honour, children, municipal, emergency, "
        "victim-support",
        f"site/content/services/danner.md:{line_of(danner, 'audiences:')}: 'women' is not an audience: "
        "use some of: victims, relatives, perpetrators, young, professionals",
    ]


def test_id_that_does_not_match_the_file_name(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "order: 2\n", "order: 2\nid: danner-kbh\n")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, 'id: danner-kbh')}: the id 'danner-kbh' does not "
        "match the file name danner.md: the file name is the id: delete the 'id:' line, "
        "or rename the file to danner-kbh.md"
    ]


def test_a_matching_id_is_accepted(fixture_content: Path) -> None:
    replace(fixture_content / "services" / "danner.md", "order: 2\n", "order: 2\nid: danner\n")
    assert problems(fixture_content) == []


def test_two_services_with_one_name(fixture_content: Path) -> None:
    mandecentret = fixture_content / "services" / "mandecentret.md"
    replace(mandecentret, "name: Mandecentret\n", "name: DANNER\n")
    assert problems(fixture_content) == [
        f"site/content/services/mandecentret.md:{line_of(mandecentret, 'name: DANNER')}: the name 'DANNER' "
        "is already used by site/content/services/danner.md: give each its own name, "
        "or merge the two files into one"
    ]


@pytest.mark.parametrize(
    ("copy", "twin", "why"),
    [
        ("Danner.md", "danner.md", "capital letters"),
        ("hjælp-voldsofre.md", "hjaelp-voldsofre.md", "æ, ø, å"),
        ("Hjælp-Voldsofre.en.md", "hjaelp-voldsofre.en.md", "both"),
    ],
)
def test_a_second_file_for_one_id(fixture_content: Path, copy: str, twin: str, why: str) -> None:
    folder = fixture_content / "services"
    shutil.copy(folder / twin, folder / copy)
    base = twin.split(".")[0]
    assert problems(fixture_content) == [
        f"site/content/services/{copy}:1: '{copy}' is a second file for the id '{base}' (it differs from "
        f"{twin} only by capital letters or æ, ø, å): move what you need into {twin} and delete {copy}"
    ]


def test_a_file_name_that_is_not_an_id(fixture_content: Path) -> None:
    folder = fixture_content / "services"
    shutil.copy(folder / "danner.md", folder / "Ny Rådgivning.md")
    messages = problems(fixture_content)
    assert messages == [
        "site/content/services/Ny Rådgivning.md:1: the file name 'Ny Rådgivning.md' is not a valid id: "
        "rename it to ny-raadgivning.md: lowercase letters, digits and hyphens, æ ø å written ae oe aa"
    ]


def test_translation_without_danish_original(fixture_content: Path) -> None:
    folder = fixture_content / "services"
    (folder / "danner.en.md").rename(folder / "dannerr.en.md")
    assert problems(fixture_content) == [
        "site/content/services/dannerr.en.md:1: this translation has no Danish original "
        "(dannerr.md is missing): add dannerr.md or rename this file"
    ]


@pytest.mark.parametrize("number", ["12 34 56 78", "911", "1234", "33 33 00 4"])
def test_phone_number_that_is_not_danish(fixture_content: Path, number: str) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, 'value: "33 33 00 47"', f'value: "{number}"')
    line = line_of(danner, f'value: "{number}"') - 1  # the contact starts on its '- kind:' line
    (message,) = problems(fixture_content)
    assert message.startswith(f"site/content/services/danner.md:{line}: '{number}' is not a ")
    assert message.endswith('phone number: write a confirmed number such as "1888" or "33 33 00 47"')


@pytest.mark.parametrize("number", ["112", "114", "1888", "116 111", "116 006", "3639 3639"])
def test_danish_short_and_long_numbers_are_valid(fixture_content: Path, number: str) -> None:
    replace(fixture_content / "services" / "danner.md", 'value: "33 33 00 47"', f'value: "{number}"')
    assert problems(fixture_content) == []


@pytest.mark.parametrize("where", ["contacts", "body", "translation"])
def test_a_valid_number_that_is_not_in_the_fact_sheet(fixture_content: Path, where: str) -> None:
    """116 123 is a real Danish number, but the fact sheet does not confirm it: the check says what to do."""
    services = fixture_content / "services"
    path = {
        "contacts": services / "danner.md",
        "body": services / "danner.md",
        "translation": services / "danner.en.md",
    }[where]
    if where == "contacts":
        replace(path, 'value: "33 33 00 47"', 'value: "116 123"')
        line = line_of(path, 'value: "116 123"') - 1  # the contact starts on its '- kind:' line
    else:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n\nRing 116 123.\n", encoding="utf-8")
        line = line_of(path, "Ring 116 123.")
    rel = path.relative_to(fixture_content.parent.parent)
    assert problems(fixture_content) == [
        f"{rel}:{line}: the number 116 123 is not in the fact sheet: add it there with its source first "
        "(a CONFIRMED row of site/facts/services.md), or remove it"
    ]


def test_obsolete_and_stale_rows_of_the_fact_sheet_confirm_nothing(fixture_content: Path) -> None:
    """3639 3963 stands in a row marked stale; the fact sheet's own word decides, not its presence."""
    danner = fixture_content / "services" / "danner.md"
    replace(danner, 'value: "33 33 00 47"', 'value: "3639 3963"')
    (message,) = problems(fixture_content)
    assert "the number 3639 3963 is not in the fact sheet" in message


def test_a_missing_fact_sheet_is_an_error_not_a_crash(fixture_content: Path) -> None:
    (fixture_content.parent / "facts" / "services.md").unlink()
    assert problems(fixture_content) == [
        "site/facts/services.md:1: the fact sheet cannot be read, so no number can be checked against it: "
        "restore site/facts/services.md (or set HELPSITE_FACTS_FILE to the fact sheet)"
    ]


def test_a_service_without_sources(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    text = danner.read_text(encoding="utf-8")
    start = text.index("sources:\n")
    end = text.index("---", start)
    danner.write_text(text[:start] + text[end:], encoding="utf-8")
    assert problems(fixture_content) == [
        "site/content/services/danner.md:2: the field 'sources' is missing: add 'sources:' and below it one "
        'line per source the facts come from: - {url: "https://...", date: 2021}',
    ]


SOURCE = '  - {url: "https://danner.dk/nyt/aaret-der-gik-2021-i-danner", date: 2021}'


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "  - https://danner.dk/nyt/aaret-der-gik-2021-i-danner",
            "the source 'https://danner.dk/nyt/aaret-der-gik-2021-i-danner' has no date: write it as "
            '- {url: "https://...", date: 2021} with the date the source itself gives (a year (2021), '
            "a month (2023-12), a day (2021-02-08), years (2021–2024), 'before 2017' or 'undated')",
        ),
        (
            '  - {url: "https://danner.dk/nyt/aaret-der-gik-2021-i-danner"}',
            "the source 'https://danner.dk/nyt/aaret-der-gik-2021-i-danner' has no date: add date: with the "
            "date the source itself gives: a year (2021), a month (2023-12), a day (2021-02-08), years "
            "(2021–2024), 'before 2017' or 'undated'",
        ),
        (
            '  - {url: "https://danner.dk/nyt/aaret-der-gik-2021-i-danner", date: 2021-13}',
            "the date '2021-13' of the source 'https://danner.dk/nyt/aaret-der-gik-2021-i-danner' is not "
            "understood: write a year (2021), a month (2023-12), a day (2021-02-08), years (2021–2024), "
            "'before 2017' or 'undated'",
        ),
        (
            '  - {url: "https://danner.dk/nyt/aaret-der-gik-2021-i-danner", date: 2027}',
            "the source 'https://danner.dk/nyt/aaret-der-gik-2021-i-danner' is dated in the future (2027): "
            "write the date the source itself gives (when it was published or last updated)",
        ),
        (
            "  - {date: 2023}",
            'a source needs a web address or a title: write url: "https://...", or '
            'title: "Hvidovre Kommune, svar om partnervold" for one without',
        ),
        (
            '  - {url: "danner.dk", date: 2023}',
            "the source 'danner.dk' is not a web address: give the full address, starting with https://",
        ),
        (
            '  - {url: "https://danner.dk/", date: 2023, note: "se side 2"}',
            "unknown field 'note' in a source: a source holds 'url' (or 'title', for one without a web "
            "address) and 'date'",
        ),
    ],
)
def test_a_malformed_source(fixture_content: Path, written: str, message: str) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "sources:\n", f"sources:\n{written}\n")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, written)}: {message}"
    ]


def test_every_form_of_a_source_date_is_read(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    dated = ["2021", '"2023-12"', "2021-02-08", '"2021–2024"', '"~2022"', '"before 2017"', "undated"]
    replace(
        danner, "sources:\n", "sources:\n" + "".join(f'  - {{title: "Kilde", date: {d}}}\n' for d in dated)
    )
    assert problems(fixture_content) == []
    cited = load(fixture_content, LANGUAGES, today=TODAY).services["danner"].sources[: len(dated)]
    assert [c.date.text for c in cited] == [
        "2021",
        "2023-12",
        "2021-02-08",
        "2021–2024",
        "~2022",
        "before 2017",
        "undated",
    ]
    assert {c.title for c in cited} == {"Kilde"} and {c.url for c in cited} == {None}


def test_confirmed_in_the_future_is_an_error(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    line = confirm(danner, TODAY + dt.timedelta(days=1))
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, line)}: 'confirmed' is in the future "
        "(2026-12-02): write the day a person confirmed the facts with the service or its live site"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "{date: 2026-11-30, by: Mette Hansen}",
            "'Mette Hansen' is not a role that may confirm facts: write a role, never a person's name: "
            "by: one of kommunikation, sundhedsplejen, familieafdelingen, jobcentret, it",
        ),
        (
            "2026-11-30",
            "'confirmed' needs a date and a role, nothing else: write confirmed: {date: YYYY-MM-DD, by: "
            "kommunikation}, or delete the line if nobody has confirmed the facts with the service",
        ),
        (
            "{date: i går, by: kommunikation}",
            "the date 'i går' in 'confirmed' is not a date: "
            "write confirmed: {date: YYYY-MM-DD, by: kommunikation}",
        ),
    ],
)
def test_a_malformed_confirmation(fixture_content: Path, value: str, message: str) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "\nsources:\n", f"\nconfirmed: {value}\nsources:\n")
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, 'confirmed:')}: {message}"
    ]


def test_confirmed_cannot_be_set_in_a_translation(fixture_content: Path) -> None:
    english = fixture_content / "services" / "danner.en.md"
    replace(english, "\nsummary:", "\nconfirmed: {date: 2026-11-30, by: kommunikation}\nsummary:")
    (message,) = problems(fixture_content)
    assert message.startswith(
        f"site/content/services/danner.en.md:{line_of(english, 'confirmed:')}: "
        "'confirmed' cannot be set in a translation"
    )


def test_confirmed_long_ago_is_a_warning_and_the_site_still_loads(fixture_content: Path) -> None:
    danner = fixture_content / "services" / "danner.md"
    old = TODAY - dt.timedelta(days=200)
    line = confirm(danner, old)
    assert problems(fixture_content) == [
        f"site/content/services/danner.md:{line_of(danner, line)}: warning: 'confirmed' is 200 days old "
        "(older than 180 days): confirm every number and hour with the service or its live site again, "
        "then set that day's date"
    ]
    confirmed = load(fixture_content, LANGUAGES, today=TODAY).services["danner"].confirmed
    assert confirmed is not None and (confirmed.date, confirmed.by) == (old, "kommunikation")


@pytest.mark.parametrize(
    ("link", "shown", "hint"),
    [
        ("service:dannr", "service:dannr", "did you mean 'service:danner'? "),
        ("page:om", "page:om", ""),
        ("/da/services/lev-uden-vol", "service:lev-uden-vol", "did you mean 'service:lev-uden-vold'? "),
    ],
)
def test_internal_link_to_nothing(fixture_content: Path, link: str, shown: str, hint: str) -> None:
    about = fixture_content / "pages" / "about.md"
    replace(about, "Læs om [Hvidovre Kommunes indsats](page:hvidovre).", f"Læs [mere]({link}).")
    kind = shown.split(":")[0]
    files = (fixture_content / f"{kind}s").glob("*.md")
    names = sorted(p.stem for p in files if "." not in p.stem and not p.stem.startswith("_"))
    assert problems(fixture_content) == [
        f"site/content/pages/about.md:{line_of(about, link)}: the link '{shown}' points to nothing: "
        f"{hint}use one of: {', '.join(names)}"
    ]


@pytest.mark.parametrize("field", ["phone", "url", "contacts"])
def test_contact_in_a_translation(fixture_content: Path, field: str) -> None:
    english = fixture_content / "services" / "danner.en.md"
    value = {"phone": '"33 33 00 47"', "url": "https://danner.dk", "contacts": "[]"}[field]
    replace(english, "translation: draft\n", f"translation: draft\n{field}: {value}\n")
    assert problems(fixture_content) == [
        f"site/content/services/danner.en.md:{line_of(english, field + ':')}: '{field}' is contact "
        "information, and a translation cannot hold it: contacts live only in the Danish file: "
        "delete the line here and check danner.md"
    ]


def test_hours_in_a_translation(fixture_content: Path) -> None:
    english = fixture_content / "services" / "danner.en.md"
    replace(english, "translation: draft\n", "translation: draft\nhours: always\n")
    assert problems(fixture_content) == [
        f"site/content/services/danner.en.md:{line_of(english, 'hours:')}: 'hours' cannot be set in a "
        "translation: hours, categories and dates live only in the Danish file: delete it; edit danner.md"
    ]


@pytest.mark.parametrize("written", ["70 20 30 82", "70203082", "825 152 00"])
def test_do_not_publish_number(fixture_content: Path, written: str) -> None:
    english = fixture_content / "services" / "danner.en.md"
    english.write_text(english.read_text(encoding="utf-8") + f"\nOld hotline: {written}\n", encoding="utf-8")
    digits = written.replace(" ", "")
    (message,) = problems(fixture_content)
    assert message == (
        f"site/content/services/danner.en.md:{line_of(english, written)}: the number {digits} is on the "
        "DO-NOT-PUBLISH list (obsolete or never confirmed): remove it; link to the organisation's website "
        "and point to 1888 instead"
    )


def test_a_number_added_to_the_fact_sheets_do_not_publish_list_is_refused(fixture_content: Path) -> None:
    """The fact sheet's own DO-NOT-PUBLISH section is read: a number put there is refused at once."""
    sheet = fixture_content.parent / "facts" / "services.md"
    replace(
        sheet,
        "- 70 27 76 66 CONFIRMED nowhere\n",
        "- 70 27 76 66 CONFIRMED nowhere\n- 44 55 66 77 (closed)\n",
    )
    english = fixture_content / "services" / "danner.en.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOld line: 44 55 66 77\n", encoding="utf-8")
    (message,) = problems(fixture_content)
    assert (
        f"danner.en.md:{line_of(english, '44 55 66 77')}: the number 44556677 is on the DO-NOT-PUBLISH"
        in message
    )


def test_bad_source_stamp_in_a_translation(fixture_content: Path) -> None:
    english = fixture_content / "services" / "danner.en.md"
    replace(english, field_line(english, "source"), "source: yesterday")
    assert problems(fixture_content) == [
        f"site/content/services/danner.en.md:{line_of(english, 'source:')}: 'source: yesterday' is not the "
        "fingerprint of a Danish file: run 'flask content stamp site/content/services/danner.en.md' when the "
        "translation is finished"
    ]


def test_template_is_skipped_and_a_copy_must_be_filled_in(fixture_content: Path) -> None:
    folder = fixture_content / "services"
    assert (folder / "_template.md").exists()
    assert problems(fixture_content) == []  # the template itself is never content
    new = folder / "ny-raadgivning.md"
    shutil.copy(folder / "_template.md", new)
    found = problems(fixture_content)
    assert found and all(p.startswith("site/content/services/ny-raadgivning.md:") for p in found)
    assert "placeholder 'SKRIV HER'" in found[0] and any("has no date" in p for p in found)
    # Filled in, the copy is a valid service.
    text = new.read_text(encoding="utf-8")
    text = text.replace("SKRIV HER tilbuddets navn", "Ny Rådgivning")
    text = text.replace("SKRIV HER ", "").replace("https://eksempel.dk", "https://levudenvold.dk")
    text = text.replace("date: }", "date: 2024}")
    new.write_text(text, encoding="utf-8")
    assert problems(fixture_content) == []


# --------------------------------------------------------------------------- the command


def test_flask_content_check_prints_problems_and_fails(
    fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "category: crisis-centre", "category: shelter")
    line = confirm(danner, TODAY - dt.timedelta(days=181))
    monkeypatch.setenv("HELPSITE_CONTENT_DIR", str(fixture_content))
    result = CliRunner().invoke(content_cli, ["check", "--today", str(TODAY)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"site/content/services/danner.md:{line_of(danner, 'category:')}: 'shelter'")
    assert lines[1].startswith(f"site/content/services/danner.md:{line_of(danner, line)}: warning: ")
    assert lines[2] == (
        "1 error and 1 warning in 1 file: fix the errors above; "
        "until then the site keeps showing the last good version."
    )


@pytest.mark.slow
def test_flask_content_check_passes_good_content(
    fixture_content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HELPSITE_CONTENT_DIR", str(fixture_content))
    result = CliRunner().invoke(content_cli, ["check", "--today", str(TODAY)])
    assert (result.exit_code, result.output) == (0, "Content OK: 0 errors, 0 warnings.\n")


@pytest.mark.slow
def test_the_command_works_when_the_app_cannot_start(fixture_content: Path) -> None:
    """The real `flask` entry point: broken content stops the app, never the check."""
    (fixture_content / "services" / "danner.md").write_text("---\nname: [Danner\n---\n", encoding="utf-8")
    env = {**os.environ, "HELPSITE_CONTENT_DIR": str(fixture_content), "FLASK_APP": "wsgi:app"}
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run(
        [str(flask), "content", "check", "--today", str(TODAY)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("site/content/services/danner.md:2: ")
    assert done.stdout.splitlines()[-1].startswith("1 error and 0 warnings in 1 file")
