"""The editor's config and local-backend API: generated from the model, saves checked and spliced."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from editing import confirm

from helpsite import ROOT
from helpsite.config import settings
from helpsite.content import fields, provenance, rewrite
from helpsite.content.contacts import CONTACT_KINDS
from helpsite.content.loader import load as load_content
from helpsite.editor import config as cms
from helpsite.editor import create_app, model, view, warm_up, widgets
from helpsite.editor.state import EditorState
from helpsite.languages import KNOWN_LANGUAGES
from helpsite.search import classifier
from helpsite.taxonomy import AUDIENCES, CATEGORIES


def editor_over(root: Path):
    """A test client of the editor over `root`."""
    return create_app({"TESTING": True, "CONTENT_DIR": root}).test_client()


@pytest.fixture
def editor(fixture_content: Path):
    """A test client of the editor over a writable copy of the fixture content."""
    return editor_over(fixture_content)


def api(client, action: str, **params):
    return client.post("/api/v1", json={"action": action, "params": {"branch": "main", **params}})


def entry(client, path: str) -> str:
    return api(client, "getEntry", path=path).get_json()["data"]


def decap_save(view: str, change=None) -> str:
    """What Decap's json-frontmatter writes back: JSON.stringify(data, null, 2), newline, body."""
    data, end = json.JSONDecoder().raw_decode(view)
    if change:
        change(data)
    return json.dumps(data, indent=2, ensure_ascii=False) + view[end:]


def load(root: Path):
    return load_content(root, list(KNOWN_LANGUAGES))


def values(select: dict) -> list[str]:
    """The codes a select stores: each option's value (an option is {label, value}, or the code)."""
    return [o["value"] if isinstance(o, dict) else o for o in select["options"]]


def service_form() -> dict[str, dict]:
    """The Danish services form of the generated config, by field name."""
    collections = {c["name"]: c for c in yaml.safe_load(cms.render())["collections"]}
    return {f["name"]: f for f in collections["services"]["fields"]}


# --------------------------------------------------------------------------- one source of truth


@pytest.mark.slow
def test_forms_have_the_models_fields_choices_and_rules() -> None:
    collections = {c["name"]: c for c in yaml.safe_load(cms.render())["collections"]}
    service = service_form()
    shown = [f for f in fields.SERVICE_FIELDS if f.name != "id"]
    assert list(service) == [f.name for f in shown] + ["body"]
    assert values(service["category"]) == list(CATEGORIES)
    assert values(service["audiences"]) == list(AUDIENCES) and service["audiences"]["multiple"]
    assert [service[f.name]["required"] for f in shown] == [f.required for f in shown]
    kinds = {f["name"]: f for f in service["contacts"]["fields"]}
    assert values(kinds["kind"]) == list(CONTACT_KINDS)
    sources = {f["name"]: f for f in service["sources"]["fields"]}
    assert service["sources"]["min"] == 1 and sources["url"]["pattern"] and sources["date"]["pattern"]
    for spec in shown:  # the widget follows the kind: a date is the date widget, a number whole
        if spec.kind == "date":
            assert service[spec.name]["widget"] == "hmv-date", spec.name
        if spec.kind == "int":
            assert service[spec.name]["value_type"] == "int", spec.name
    for lang in KNOWN_LANGUAGES:
        if lang == "da":
            continue
        for kind, spec in (
            ("services", fields.SERVICE_TRANSLATION_FIELDS),
            ("pages", fields.PAGE_TRANSLATION_FIELDS),
        ):
            names = {f["name"] for f in collections[f"{kind}_{lang}"]["fields"]}
            assert names == {f.name for f in spec} - {"id"} | {"body", "of"}
            assert not names & {"contacts", "hours", "category", "verified", "sources"}
            assert collections[f"{kind}_{lang}"]["extension"] == f"{lang}.md"
    status = {f["name"]: f for f in collections["pages_ar"]["fields"]}["translation"]
    assert values(status) == list(fields.TRANSLATION_STATES)


def test_every_kind_of_field_the_model_knows_has_a_widget() -> None:
    assert set(fields.KINDS) <= set(widgets.KIND_WIDGETS)


@pytest.fixture
def changed_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """A monkeypatch for the model: config.yml is written anew from the changed model, and again after."""
    cms.render.cache_clear()  # kept per process, since the model is the code's
    yield monkeypatch
    cms.render.cache_clear()


def test_a_field_of_a_kind_the_editor_lacks_stops_the_generator_with_its_name(changed_model) -> None:
    monkeypatch = changed_model
    monkeypatch.setattr(fields, "KINDS", (*fields.KINDS, "mystery"))
    specs = (*model.CONTENT_TYPES["services"]["fields"], fields.Field("opening_notes", "mystery"))
    monkeypatch.setitem(model.CONTENT_TYPES["services"], "fields", specs)
    with pytest.raises(KeyError, match="opening_notes.*mystery.*KIND_WIDGETS"):
        cms.render()


@pytest.mark.slow
def test_new_fields_reach_the_form_by_their_kind_alone(changed_model) -> None:
    """Fields of the coming kinds (dated sources, a date, a choice, a confirmation by a role), added
    to a copy of the specs with no other change, are in the config with their rules."""
    monkeypatch = changed_model
    monkeypatch.setattr(fields, "KINDS", (*fields.KINDS, "date"))
    added = (
        fields.Field("dated", "sources", required=True),
        fields.Field("reviewed_on", "date"),
        fields.Field("medium", "choice", required=True, choices=("paper", "web"), hint="where it is read"),
        fields.Field("confirmed", "confirmation", required=True, choices=("kommunikation", "fagperson")),
    )
    specs = tuple(f for f in model.CONTENT_TYPES["services"]["fields"] if f.name != "sources") + added
    monkeypatch.setitem(model.CONTENT_TYPES["services"], "fields", specs)
    service = service_form()
    dated = service["dated"]
    assert dated["required"] and dated["min"] == 1
    assert [(f["name"], f["widget"]) for f in dated["fields"]] == [
        ("url", "string"),
        ("title", "string"),
        ("date", "string"),
    ]
    assert dated["fields"][0]["pattern"] == list(widgets.PATTERNS["source"])
    assert dated["fields"][2]["pattern"] == list(widgets.PATTERNS["source_date"])
    assert service["reviewed_on"]["widget"] == "hmv-date" and not service["reviewed_on"]["required"]
    assert service["medium"] == {
        "name": "medium",
        "label": "medium",
        "widget": "select",
        "options": ["paper", "web"],
        "hint": "where it is read",
        "required": True,
    }
    confirmed = {f["name"]: f for f in service["confirmed"]["fields"]}
    assert confirmed["date"]["widget"] == "hmv-date"
    assert values(confirmed["by"]) == ["kommunikation", "fagperson"]
    assert "sources" not in service
    # The form's date text goes back into the file as dates, at any depth.
    front = "verified: 2026-11-26\ndated:\n  - url: https://a.dk\n    date: 2026-01-02\n"
    form = view.to_view(yaml.safe_load(front))
    form["dated"].append({"title": "Folder fra Hvidovre Kommune", "date": "2026-01-05"})
    form["reviewed_on"] = "2026-11-30"
    spliced = rewrite.splice(front, view.from_view(form), [f.name for f in specs])
    assert spliced == (
        "verified: 2026-11-26\ndated:\n  - url: https://a.dk\n    date: 2026-01-02\n"
        "  - title: Folder fra Hvidovre Kommune\n    date: 2026-01-05\nreviewed_on: 2026-11-30\n"
    )
    read = yaml.safe_load(spliced)
    assert read["dated"][1]["date"] == dt.date(2026, 1, 5) and read["reviewed_on"] == dt.date(2026, 11, 30)


@pytest.mark.slow
def test_the_editor_serves_the_config_made_from_the_model_with_no_file_to_keep_in_step() -> None:
    assert not (ROOT / "helpsite" / "editor" / "static" / "config.yml").exists()
    served = create_app({"TESTING": True}).test_client().get("/admin/config.yml")
    assert served.status_code == 200 and served.mimetype == "text/yaml"
    # The real site has Hvidovre's folder: its own collections, the national ones read-only.
    assert served.get_data(as_text=True) == cms.render(municipality=True)
    assert "connect-src 'self'" in served.headers["Content-Security-Policy"]
    served.close()


@pytest.mark.slow
def test_the_editor_is_a_blueprint_over_the_state_init_app_keeps(fixture_content: Path) -> None:
    app = create_app({"TESTING": True, "CONTENT_DIR": fixture_content})
    state = app.extensions["helpsite.editor"]
    assert isinstance(state, EditorState) and state.repo is None  # review is off
    assert set(app.blueprints) == {"editor"}
    assert state.cms_config == cms.render(municipality=state.own is not None)
    assert app.test_client().get("/admin/config.yml").get_data(as_text=True) == state.cms_config


# --------------------------------------------------------------------------- the public site


def test_the_public_site_serves_no_editor(client) -> None:
    for path in ("/admin/", "/admin/config.yml", "/admin/decap-cms.js"):
        assert client.get(path).status_code == 404
    assert client.post("/api/v1", json={"action": "info"}).status_code in (404, 405)


# --------------------------------------------------------------------------- round trip


def _all_files(root: Path) -> list[str]:
    """Every content file the editor opens: the Markdown files and the YAML files with a form."""
    markdown = sorted(str(p.relative_to(root)) for p in root.glob("*/*.md") if not p.name.startswith("_"))
    return markdown + [name for name in cms.YAML_FILES if (root / name).exists()]


def test_every_file_saved_unchanged_stays_byte_for_byte(real_copy: Path) -> None:
    editor, content_copy = editor_over(real_copy), real_copy
    before = {rel: (content_copy / rel).read_bytes() for rel in _all_files(content_copy)}
    loaded = load(content_copy)
    for rel in before:
        view = entry(editor, rel)
        raw = (
            json.dumps(json.loads(view), indent=2, ensure_ascii=False)
            if rel.endswith(".yml")
            else decap_save(view)
        )
        answer = api(editor, "persistEntry", dataFiles=[{"path": rel, "raw": raw, "slug": "x"}], assets=[])
        assert answer.status_code == 200, (rel, answer.get_json())
    assert {rel: (content_copy / rel).read_bytes() for rel in before} == before
    assert load(content_copy) == loaded


@pytest.mark.slow  # runs Node's gray-matter: node_modules is installed by `make test`, not `make test-fast`
def test_decaps_own_front_matter_library_reads_and_writes_the_view_unchanged(real_copy: Path) -> None:
    """gray-matter with Decap's JSON settings (formats/frontmatter.ts) over every Markdown file."""
    editor, content_copy = editor_over(real_copy), real_copy
    views = {rel: entry(editor, rel) for rel in _all_files(content_copy) if rel.endswith(".md")}
    script = """
const matter = require('gray-matter');
const views = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const opts = {language: 'json', delimiters: ['{', '}'], engines: {json: {
  parse: s => JSON.parse('{' + s.trim() + '}'),
  stringify: d => JSON.stringify(d, null, 2).trim().slice(1, -1)}}};
const out = {};
for (const [path, view] of Object.entries(views)) {
  const parsed = matter(view, opts);
  const body = parsed.content;
  let s = matter.stringify(body, parsed.data, opts);
  if (body.slice(-1) !== '\\n' && s.slice(-1) === '\\n') s = s.slice(0, -1);
  out[path] = s;
}
process.stdout.write(JSON.stringify(out));
"""
    done = subprocess.run(
        ["node", "-e", script], input=json.dumps(views), capture_output=True, text=True, cwd=ROOT, check=True
    )
    before = {rel: (content_copy / rel).read_bytes() for rel in views}
    for rel, raw in json.loads(done.stdout).items():
        answer = api(editor, "persistEntry", dataFiles=[{"path": rel, "raw": raw, "slug": "x"}], assets=[])
        assert answer.status_code == 200, (rel, answer.get_json())
    assert {rel: (content_copy / rel).read_bytes() for rel in views} == before


# --------------------------------------------------------------------------- saving


def _hours(data: dict) -> None:
    data["hours"] = {"always": False, "slots": [{"days": "mon-fri", "open": "08:00", "close": "16:00"}]}


def test_a_changed_field_changes_only_its_lines(editor, fixture_content: Path) -> None:
    path = fixture_content / "services" / "danner.md"
    old = path.read_text(encoding="utf-8").splitlines()
    raw = decap_save(entry(editor, "services/danner.md"), _hours)
    answer = api(
        editor,
        "persistEntry",
        dataFiles=[{"path": "services/danner.md", "raw": raw, "slug": "danner"}],
        assets=[],
    )
    assert answer.status_code == 200, answer.get_json()
    new = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in old if line not in new] == ["hours: always"]
    assert [line for line in new if line not in old] == [
        "hours:",
        "  - days: mon-fri",
        '    open: "08:00"',
        '    close: "16:00"',
    ]
    hours = load(fixture_content).services["danner"].hours
    assert not hours.always and hours.slots[0].days == (0, 1, 2, 3, 4)


def test_opening_hours_go_back_from_a_list_to_always(editor, fixture_content: Path) -> None:
    path = fixture_content / "services" / "danner.md"
    before = path.read_text(encoding="utf-8")
    _save(editor, "services/danner.md", _hours)
    _save(editor, "services/danner.md", lambda d: d.update(hours={"always": True, "slots": []}))
    assert path.read_text(encoding="utf-8") == before
    assert load(fixture_content).services["danner"].hours.always


def _save(editor, rel: str, change) -> None:
    raw = decap_save(entry(editor, rel), change)
    answer = api(editor, "persistEntry", dataFiles=[{"path": rel, "raw": raw, "slug": "x"}], assets=[])
    assert answer.status_code == 200, answer.get_json()


def test_a_confirmation_is_a_list_of_one_in_the_form_and_one_line_in_the_file(
    editor, fixture_content: Path
) -> None:
    """Absent is an empty list (Decap then checks none of its fields); added, it is written and read."""
    path = fixture_content / "services" / "danner.md"
    assert "confirmed" not in json.JSONDecoder().raw_decode(entry(editor, "services/danner.md"))[0]
    _save(editor, "services/danner.md", lambda d: d.update(confirmed=[]))  # Decap's untouched list
    assert "confirmed" not in path.read_text(encoding="utf-8")
    _save(editor, "services/danner.md", lambda d: d.update(confirmed=[{"by": "it", "date": "2024-06-03"}]))
    assert load(fixture_content).services["danner"].confirmed == provenance.Confirmation(
        dt.date(2024, 6, 3), "it"
    )
    assert "confirmed: {date: 2024-06-03, by: it}" in path.read_text(encoding="utf-8").splitlines()
    written = confirm(fixture_content / "services" / "mandecentret.md", "2024-06-03")
    before = (fixture_content / "services" / "mandecentret.md").read_bytes()
    data = json.JSONDecoder().raw_decode(entry(editor, "services/mandecentret.md"))[0]
    assert data["confirmed"] == [{"date": "2024-06-03", "by": "kommunikation"}]
    _save(editor, "services/mandecentret.md", None)  # unchanged: the line keeps its bytes
    assert (fixture_content / "services" / "mandecentret.md").read_bytes() == before
    _save(editor, "services/mandecentret.md", lambda d: d.update(confirmed=[]))  # removed in the form
    assert written not in (fixture_content / "services" / "mandecentret.md").read_text(encoding="utf-8")
    assert load(fixture_content).services["mandecentret"].confirmed is None


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda d: d["contacts"][0].update(value="33 33 OO 47"), "er ikke et gyldigt dansk telefonnummer"),
        (
            lambda d: d.update(confirmed=[{"date": "2999-01-01", "by": "kommunikation"}]),
            "i »Bekræftet« ligger i fremtiden",
        ),
        (lambda d: d.update(audiences=["victims", "everyone"]), "»everyone« kan ikke vælges i »Målgrupper«"),
        (lambda d: d.update(sources=[]), "»Kilder« skal udfyldes"),
    ],
)
def test_a_save_the_check_refuses_is_answered_with_its_message_and_not_written(
    editor, fixture_content, change, words
) -> None:
    path = fixture_content / "services" / "danner.md"
    before = path.read_bytes()
    raw = decap_save(entry(editor, "services/danner.md"), change)
    answer = api(
        editor,
        "persistEntry",
        dataFiles=[{"path": "services/danner.md", "raw": raw, "slug": "danner"}],
        assets=[],
    )
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error.startswith("Ikke gemt. ") and words in error, error
    assert "services/" not in error and ".md" not in error  # the field, not the file
    assert path.read_bytes() == before


def test_a_new_translation_lands_beside_the_danish_file(editor, fixture_content: Path) -> None:
    assert not (fixture_content / "pages" / "about.so.md").exists()
    raw = (
        json.dumps({"of": "about", "title": "Ku saabsan", "summary": "Caawimaad.", "translation": "draft"})
        + "\nQoraal.\n"
    )
    answer = api(
        editor,
        "persistEntry",
        dataFiles=[{"path": "pages/about.so.md", "raw": raw, "slug": "about"}],
        assets=[],
    )
    assert answer.status_code == 200, answer.get_json()
    text = (fixture_content / "pages" / "about.so.md").read_text(encoding="utf-8")
    assert text == "---\ntitle: Ku saabsan\nsummary: Caawimaad.\ntranslation: draft\n---\nQoraal.\n"
    assert load(fixture_content).pages["about"].texts["so"].title == "Ku saabsan"


def test_paths_outside_the_content_and_renames_are_refused(editor, fixture_content: Path) -> None:
    for path in ("../etc/passwd", "services/../../x.md", "services/Danner.md", "templates/x.md"):
        answer = api(
            editor, "persistEntry", dataFiles=[{"path": path, "raw": "{}\n", "slug": "x"}], assets=[]
        )
        assert answer.status_code == 422, path
    moved = {"path": "services/danner.md", "newPath": "services/danner2.md", "raw": "{}\n", "slug": "x"}
    assert api(editor, "persistEntry", dataFiles=[moved], assets=[]).status_code == 422


def test_listings_keep_danish_files_and_each_language_apart(editor) -> None:
    danish = [
        e["file"]["path"]
        for e in api(editor, "entriesByFolder", folder="services", extension="md", depth=1).get_json()
    ]
    arabic = [
        e["file"]["path"]
        for e in api(editor, "entriesByFolder", folder="services", extension="ar.md", depth=1).get_json()
    ]
    assert "services/danner.md" in danish and "services/_template.md" not in danish
    assert all(p.count(".") == 1 for p in danish)
    assert "services/danner.ar.md" in arabic and all(p.endswith(".ar.md") for p in arabic)


def test_deleting_a_danish_file_its_translations_need_is_refused(editor, fixture_content: Path) -> None:
    answer = api(editor, "deleteFiles", paths=["services/danner.md"])
    error = answer.get_json()["error"]
    assert answer.status_code == 422 and "mens der er oversættelser af den" in error, error
    assert error.startswith("Ikke gemt. I oversættelsen (ar) af tilbuddet »danner«: "), error
    assert (fixture_content / "services" / "danner.md").exists()
    assert api(editor, "deleteFiles", paths=["services/danner.ar.md"]).status_code == 200
    assert not (fixture_content / "services" / "danner.ar.md").exists()


@pytest.mark.parametrize(("mark", "nl"), [("\ufeff", "\n"), ("", "\r\n")], ids=["bom", "crlf"])
def test_a_file_with_a_byte_order_mark_or_windows_line_ends_opens_and_saves_in_its_own_form(
    editor, fixture_content: Path, mark: str, nl: str
) -> None:
    """The loader reads such a file (an editor on Windows may save one): the editor opens it too."""
    path = fixture_content / "services" / "danner.md"
    path.write_bytes((mark + path.read_text(encoding="utf-8").replace("\n", nl)).encode())
    before = path.read_bytes()
    saved = api(editor, "persistEntry", dataFiles=[{"path": "services/danner.md", "raw": decap_save(entry(
        editor, "services/danner.md")), "slug": "x"}], assets=[])  # fmt: skip
    assert saved.status_code == 200, saved.get_json()
    assert path.read_bytes() == before
    view = entry(editor, "services/danner.md").replace("\r\n", "\n")  # as Decap's form gives it back

    def shorter(data: dict) -> None:
        data["summary"] = "Krisecenter for kvinder."

    changed = api(editor, "persistEntry", dataFiles=[{"path": "services/danner.md", "raw": decap_save(
        view, shorter), "slug": "x"}], assets=[])  # fmt: skip
    assert changed.status_code == 200, changed.get_json()
    # Only the summary changed (the editor reads a file with universal newlines and writes '\n').
    after, old = path.read_bytes().decode().replace(nl, "\n"), before.decode().replace(nl, "\n")
    assert after.startswith(mark + "---\n")
    assert after == old.replace(field_summary(old), "Krisecenter for kvinder.")


def field_summary(text: str) -> str:
    """The value of the summary line of a file."""
    return next(line for line in text.splitlines() if line.startswith("summary: ")).removeprefix("summary: ")


@pytest.mark.slow
@pytest.mark.parametrize("built", [True, False])
def test_the_warm_up_takes_the_model_the_sites_index_kept(
    make_app, fixture_content: Path, tmp_path: Path, trainings, built: bool
) -> None:
    """The editor's warm-up trains nothing when the site's index holds the model of the same examples
    (its first save is then checked seconds sooner), and trains once when it does not."""
    make_app(CONTENT_DIR=fixture_content)  # builds into tmp_path/index
    index = tmp_path / ("index" if built else "empty")
    trained = trainings()
    config = settings({"CONTENT_DIR": fixture_content, "INDEX_DIR": index})
    warm_up(config).join()
    assert len(trained) == (0 if built else 1)
    examples = load_content(fixture_content, config["LANGUAGES"]).examples
    assert examples is not None and classifier.digest(examples.sentences) in classifier._trained  # it ran
