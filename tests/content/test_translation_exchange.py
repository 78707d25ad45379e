"""`flask content export-translations|import-translations`: the XLIFF round trip with a translation agency."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner, Result
from editing import TODAY

from helpsite import ROOT
from helpsite.cli import content_cli
from helpsite.content import exchange, interface_exchange, segments, xliff
from helpsite.content.loader import load
from helpsite.content.translations import translation_state

NS = {"x": xliff.NS}
LANGUAGES = ["da", "en", "ar"]


@pytest.fixture
def run(fixture_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run `flask content ...` over the content copy and a copy of the gettext catalogues."""
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    monkeypatch.setenv("HELPSITE_CONTENT_DIR", str(fixture_content))
    monkeypatch.setenv("HELPSITE_TRANSLATIONS_DIR", str(tmp_path / "translations"))
    monkeypatch.setenv("HELPSITE_LANGUAGES", ",".join(LANGUAGES))

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(content_cli, list(args))

    return invoke


def snapshot(*folders: Path) -> dict[Path, bytes]:
    """Every file under the folders, byte for byte."""
    return {p: p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def export(run: Callable[..., Result], tmp_path: Path, lang: str = "ar") -> tuple[Path, Path]:
    """Export `lang`; the content file and the interface file."""
    result = run("export-translations", lang, "--to", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / f"hjaelp-mod-vold.{lang}.xlf", tmp_path / "out" / f"interface.{lang}.xlf"


def edit(path: Path, original: str, targets: dict[str, str], approve: bool = True) -> None:
    """Do what a reviewer does in a CAT tool: change targets, and approve every unit of `original`."""
    ET.register_namespace("", xliff.NS)
    tree = ET.parse(path)
    document = next(f for f in tree.getroot().iterfind("x:file", NS) if f.get("original") == original)
    for unit in document.iterfind("x:body/x:trans-unit", NS):
        target = unit.find("x:target", NS)
        if unit.get("id") in targets:
            assert target is not None
            target.text = targets[unit.attrib["id"]]
        if approve:
            assert target is not None
            unit.set("approved", "yes")
            target.set("state", "signed-off")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def import_(run: Callable[..., Result], *files: Path, lang: str = "ar") -> Result:
    """Import files as the agency's reviewed translation, on the fixture's day."""
    names = [str(f) for f in files]
    return run("import-translations", lang, *names, "--role", "bureau", "--today", str(TODAY))


@pytest.mark.slow
def test_a_round_trip_with_no_change_changes_no_file(run, fixture_content: Path, tmp_path: Path) -> None:
    before = snapshot(fixture_content, tmp_path / "translations")
    for lang in ("en", "ar"):
        content, interface = export(run, tmp_path, lang)
        result = import_(run, content, interface, lang=lang)
        assert result.exit_code == 0, result.output
        assert "Nothing changed" in result.output
    assert snapshot(fixture_content, tmp_path / "translations") == before


def test_every_text_of_every_entry_and_page_is_a_unit(run, fixture_content: Path, tmp_path: Path) -> None:
    content, interface = export(run, tmp_path)
    documents = xliff.read(content.read_bytes(), content.name)
    assert [d.original for d in documents][:2] == ["services/danner", "services/hjaelp-voldsofre"]
    assert {d.original for d in documents} >= {"services/mandecentret", "pages/safety", "pages/hvidovre"}
    danner = {u.id: u for u in documents[0].units}
    assert list(danner)[:4] == ["name", "summary", "keywords", "body-1"]
    assert danner["body-1"].source == "Det kan de hjælpe med"  # the heading without its '## '
    assert danner["body-1"].target == "بماذا يمكنهم مساعدتك"
    assert danner["body-1"].state == xliff.DRAFT_STATE  # a draft goes out as needing review
    untranslated = next(d for d in documents if d.original == "services/mandecentret")
    assert all(u.target is None for u in untranslated.units)
    (strings,) = xliff.read(interface.read_bytes(), interface.name)
    assert strings.original == "interface" and strings.source_language == "en"
    assert len(strings.units) > 100


def test_a_reviewed_arabic_file_changes_exactly_the_edited_segments(
    run, fixture_content: Path, tmp_path: Path
) -> None:
    content, _ = export(run, tmp_path)
    danner = fixture_content / "services" / "danner.ar.md"
    before_tree = snapshot(fixture_content)
    before = danner.read_text(encoding="utf-8").splitlines()
    new_item = "استشارة عبر الدردشة. انظر المواعيد على موقعهم الإلكتروني."
    new_summary = "منظمة نسائية لها مركز أزمات واستشارات في كوبنهاغن. الهاتف مفتوح ليلًا ونهارًا."
    edit(content, "services/danner", {"body-6": new_item, "summary": new_summary})

    result = import_(run, content)

    assert result.exit_code == 0, result.output
    assert "danner.ar.md: 2 tekster ændret, gennemlæst 2026-12-01 af bureau" in result.output
    expected = list(before)
    assert expected[2].startswith("summary: ") and expected[3] == "translation: draft"
    expected[2], expected[3] = f"summary: {new_summary}", "translation: reviewed"
    assert expected[12] == "- استشارة عبر الدردشة. يمكنك رؤية المواعيد على موقعهم."
    expected[12] = f"- {new_item}"
    expected.insert(6, "reviewed: {date: 2026-12-01, by: bureau}")  # just before the closing ---
    assert danner.read_text(encoding="utf-8").splitlines() == expected
    changed_files = {p for p, data in snapshot(fixture_content).items() if before_tree.get(p) != data}
    assert changed_files == {danner}
    check = run("check", "--today", str(TODAY))
    assert check.exit_code == 0, check.output
    service = load(fixture_content, LANGUAGES, TODAY).services["danner"]
    assert translation_state(service, "ar") == ()  # reviewed and stamped with today's Danish


def test_an_untranslated_entry_is_written_when_every_unit_is_translated(
    run, fixture_content: Path, tmp_path: Path
) -> None:
    content, _ = export(run, tmp_path)
    units = xliff.read(content.read_bytes(), content.name)
    mandecentret = next(d for d in units if d.original == "services/mandecentret")
    targets = {u.id: f"AR {u.source}" for u in mandecentret.units}
    tree = ET.parse(content)
    for unit in tree.getroot().iterfind("x:file[@original='services/mandecentret']/x:body/x:trans-unit", NS):
        target = ET.SubElement(unit, f"{{{xliff.NS}}}target", {"state": "translated"})
        target.text = targets[unit.attrib["id"]]
    ET.register_namespace("", xliff.NS)
    tree.write(content, encoding="utf-8", xml_declaration=True)

    result = import_(run, content)

    assert result.exit_code == 0, result.output
    written = (fixture_content / "services" / "mandecentret.ar.md").read_text(encoding="utf-8")
    assert written.startswith("---\nname: AR Mandecentret\nsummary: AR Krisecentre for mænd.")
    front = written.split("\n---\n", 1)[0].splitlines()[1:]
    assert [line.split(":")[0] for line in front] == [
        "name",
        "summary",
        "translation",
        "source",
        "keywords",
        "reviewed",
    ]
    assert "\n## AR Det kan de hjælpe med\n- AR Ophold" in written
    assert run("check", "--today", str(TODAY)).exit_code == 0


MAN = "إذا كنت رجلًا، اتصل بـ {lev} على {phone}، أو [Mandecentret](service:mandecentret)."
LEV = "[Lev Uden Vold](service:lev-uden-vold)"


@pytest.mark.parametrize(
    ("unit", "target", "says"),
    [
        ("body-12", MAN.format(lev=LEV, phone="1889"),
         "tallene er ikke de samme som på dansk (dansk har: 1888)"),
        ("body-12", MAN.format(lev="[Lev Uden Vold](https://evil.example)", phone="1888"),
         "linkadresserne er ikke de samme som på dansk"),
        ("body-12", MAN.format(lev="Lev Uden Vold", phone="1888"), "antallet af links er 1, men 2 på dansk"),
        ("body-8", "للنساء **اللواتي** يتعرضن للعنف.", "antallet af fed skrift (**) er 2, men 0 på dansk"),
        ("body-8", "للنساء اللواتي يتعرضن للعنف.\n\n## عنوان", "teksten har andre linjeskift end den danske"),
        ("summary", "   ", "oversættelsen er tom"),
    ],
)  # fmt: skip
def test_a_unit_that_changes_what_it_may_not_is_refused_and_nothing_is_written(
    run, fixture_content: Path, tmp_path: Path, unit: str, target: str, says: str
) -> None:
    content, _ = export(run, tmp_path)
    edit(content, "services/danner", {unit: target, "body-6": "ترجمة جديدة صحيحة."})
    before = snapshot(fixture_content)

    result = import_(run, content)

    assert result.exit_code == 1
    assert f"hjaelp-mod-vold.ar.xlf, fil services/danner, enhed {unit}: {says}" in result.output
    assert "Nothing was written" in result.output
    assert snapshot(fixture_content) == before  # not even the correct unit beside it


def test_a_translation_whose_paragraphs_differ_keeps_its_body_when_only_its_name_changes(
    run, fixture_content: Path, tmp_path: Path
) -> None:
    danner = fixture_content / "services" / "danner.ar.md"
    danner.write_text(danner.read_text(encoding="utf-8") + "\nفقرة إضافية.\n", encoding="utf-8")
    content, _ = export(run, tmp_path)
    documents = xliff.read(content.read_bytes(), content.name)
    units = {u.id: u for u in next(d for d in documents if d.original == "services/danner").units}
    assert units["name"].target == "Danner" and units["body-1"].target is None  # not paired with Danish
    before = danner.read_text(encoding="utf-8")
    edit(content, "services/danner", {"name": "دانر"}, approve=False)

    result = import_(run, content)

    assert result.exit_code == 0, result.output
    assert danner.read_text(encoding="utf-8") == before.replace("name: Danner\n", "name: دانر\n", 1)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda t: t.replace('id="body-3"', 'id="body-99"', 1), "enhed body-99: enheden findes ikke"),
        (lambda t: t.replace('original="services/danner"', 'original="services/fake"', 1),
         "fil services/fake: den fil findes ikke i indholdet"),
        (lambda t: t.replace("<source>Et krisecenter i København.</source>",
                             "<source>Et andet krisecenter.</source>", 1),
         "enhed body-3: den danske tekst er ændret, siden filen blev eksporteret"),
        (lambda t: t.replace('id="body-3"', 'id="body-2"', 1), "enhed body-2: enheden står to gange"),
        (lambda t: t.replace('target-language="ar"', 'target-language="fa"', 1), "ikke da→ar"),
        (lambda t: t[: len(t) // 2], "filen er ikke gyldig XML"),
        (lambda t: t.replace("<source>Danner</source>", "<source>Danner<g id='1'/></source>", 1),
         "XML-mærke <g>"),
        (lambda t: t.replace('version="1.2"', 'version="2.0"', 1), "filen er ikke XLIFF 1.2"),
    ],
)  # fmt: skip
def test_a_file_we_did_not_send_is_refused_with_file_unit_and_fix(
    run, fixture_content: Path, tmp_path: Path, change: Callable[[str], str], says: str
) -> None:
    content, _ = export(run, tmp_path)
    content.write_text(change(content.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(fixture_content)

    result = import_(run, content)

    assert result.exit_code == 1 and says in result.output, result.output
    assert snapshot(fixture_content) == before


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="services/danner"
 source-language="da" target-language="ar" datatype="x-markdown"><body><trans-unit id="name">
<source>Danner</source><target>&lol3;</target></trans-unit></body></file></xliff>"""
EXTERNAL = BOMB.replace('<!ENTITY lol "lol">', '<!ENTITY lol SYSTEM "file:///etc/passwd">')


@pytest.mark.parametrize("text", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_entities_and_dtds_are_refused_before_anything_is_expanded(run, tmp_path: Path, text: str) -> None:
    path = tmp_path / "bomb.xlf"
    path.write_text(text, encoding="utf-8")
    result = import_(run, path)
    assert result.exit_code == 1
    assert "bomb.xlf: filen indeholder en DTD eller XML-entiteter" in result.output


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    with pytest.raises(xliff.XliffError, match="over 20 MB"):
        xliff.read(b" " * (xliff.MAX_BYTES + 1), "huge.xlf")


@pytest.mark.slow
def test_deeply_nested_markup_neither_crashes_nor_slips_through() -> None:
    def file_with(tag: str) -> bytes:
        deep = f"<{tag}>" * 100_000 + "x" + f"</{tag}>" * 100_000
        return BOMB.split("<!DOCTYPE")[0].encode() + BOMB.split("]>")[1].replace("&lol3;", deep).encode()

    (document,) = xliff.read(file_with("mrk"), "deep.xlf")  # <mrk> only marks a stretch of text
    assert document.units[0].target == "x"
    with pytest.raises(xliff.XliffError, match="XML-mærke <g>"):
        xliff.read(file_with("g"), "deep.xlf")


def test_the_interface_strings_go_out_and_back_into_the_catalogue(run, tmp_path: Path) -> None:
    po = tmp_path / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    before = po.read_bytes()
    _, interface = export(run, tmp_path)
    (document,) = xliff.read(interface.read_bytes(), interface.name)
    unit = next(u for u in document.units if u.source == "Leave this page")
    assert unit.note.startswith("Dansk: ")
    text = interface.read_text(encoding="utf-8")
    changed = text.replace(f"<target state=\"{xliff.DRAFT_STATE}\">{unit.target}</target>",
                           f"<target state=\"{xliff.DRAFT_STATE}\">غادر الصفحة الآن</target>", 1)  # fmt: skip
    assert changed != text
    interface.write_text(changed, encoding="utf-8")

    result = import_(run, interface)

    assert result.exit_code == 0, result.output
    assert "messages.po: 1 tekster ændret, stadig kladde" in result.output
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    assert catalog.get("Leave this page").string == "غادر الصفحة الآن"
    now = po.read_text(encoding="utf-8").splitlines()
    old = [line for line in before.decode().splitlines() if line not in now]
    assert old == [f'msgstr "{unit.target}"']  # the one msgstr, and nothing else in the catalogue


def test_an_interface_string_must_keep_its_placeholders(run, tmp_path: Path) -> None:
    po = tmp_path / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    before = po.read_bytes()
    _, interface = export(run, tmp_path)
    text = interface.read_text(encoding="utf-8")
    # The first draft (a <target>) that has the placeholder: not a <source> further on.
    start = next(m.start(1) for m in re.finditer(r"<target[^>]*>[^<]*?(%\(num\)d)", text))
    interface.write_text(text[:start] + "%(n)d" + text[start + len("%(num)d") :], encoding="utf-8")
    result = import_(run, interface)
    assert result.exit_code == 1
    assert "pladsholderne er ikke de samme som i kilden (kilden har: %(num)d)" in result.output
    assert po.read_bytes() == before


def test_a_file_saved_by_translate_toolkit_is_read_back(run, fixture_content: Path, tmp_path: Path) -> None:
    storage = pytest.importorskip("translate.storage.xliff")  # the CAT tools' own Python library
    content, _ = export(run, tmp_path)
    store = storage.xlifffile.parsestring(content.read_bytes())
    unit = next(u for u in store.units if u.getid() == "services/danner\x04body-4")
    unit.target = "الاستشارة المفتوحة لدى Danner."
    unit.markapproved(True)
    content.write_bytes(bytes(store))

    result = import_(run, content)

    assert result.exit_code == 0, result.output
    assert "- الاستشارة المفتوحة لدى Danner.\n" in (fixture_content / "services" / "danner.ar.md").read_text()


@pytest.mark.slow
def test_the_real_content_goes_out_and_back_unchanged_in_every_language() -> None:
    """Every real text, every language: export, then import untouched, plans no write at all."""
    languages = ("en", "ar", "fa", "ur", "tr", "so", "uk", "pl")
    for lang in languages:
        documents = exchange.export(ROOT / "site" / "content", lang)
        documents.append(interface_exchange.export(ROOT / "translations", lang))
        data = xliff.write(documents)
        assert sum(len(d.units) for d in documents) > 400
        root, catalogues = ROOT / "site" / "content", ROOT / "translations"
        changes = exchange.plan(root, catalogues, lang, data, f"{lang}.xlf", "bureau", TODAY)
        assert changes == [], lang


def test_every_real_body_is_cut_and_joined_back_byte_for_byte() -> None:
    for path in sorted((ROOT / "site" / "content").glob("*/*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        cut = segments.split(body)
        assert segments.join(cut.skeleton, [s.text for s in cut.segments]) == body, path


@pytest.mark.parametrize(
    "body",
    [
        "## A\r\nText\r\nwrapped\r\n\r\n- one\r\n  more\r\n- two  \r\n",
        "```\n## not a heading\n```\n1. x\n> q\n",
        "",
    ],
)
def test_segments_keep_every_byte_of_unusual_markdown(body: str) -> None:
    cut = segments.split(body)
    assert segments.join(cut.skeleton, [s.text for s in cut.segments]) == body
    assert "## not a heading" not in [s.text for s in cut.segments]


def test_an_approved_interface_file_marks_the_catalogue_reviewed_once(run, tmp_path: Path) -> None:
    po = tmp_path / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
    _, interface = export(run, tmp_path)
    edit(interface, "interface", {})

    first = import_(run, interface)

    assert first.exit_code == 0, first.output
    assert "messages.po: 0 tekster ændret, gennemlæst 2026-12-01 af bureau" in first.output
    with po.open("rb") as handle:
        assert read_po(handle, locale="ar").last_translator == "bureau (reviewed 2026-12-01)"
    after = po.read_bytes()
    again = import_(run, interface)
    assert "Nothing changed" in again.output and po.read_bytes() == after
    _, interface = export(run, tmp_path)  # now it goes out approved, as final
    assert 'approved="yes"' in interface.read_text(encoding="utf-8")


def test_the_check_refuses_a_review_by_a_person_rather_than_a_role(run, fixture_content: Path) -> None:
    english = fixture_content / "services" / "danner.en.md"
    text = english.read_text(encoding="utf-8")
    english.write_text(text.replace("\n---\n", "\nreviewed: {date: 2026-11-30, by: Hans}\n---\n", 1))
    result = run("check", "--today", str(TODAY))
    assert result.exit_code == 1
    assert "'Hans' is not a role that may review a translation" in result.output
