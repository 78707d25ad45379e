"""The editor over both layers: the municipality's own files editable, the national ones read-only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from test_editor_api import api, decap_save, editor_over, entry
from testdata import copy_site

from helpsite import ROOT
from helpsite.editor import create_app

LOCAL = "kommune/services/poppelgaarden.md"
NATIONAL = "services/danner.md"
SHARED = "fælles indhold for alle kommuner"


def copy_real(folder: Path) -> Path:
    """A writable copy of the real content, its fact sheet and Hvidovre's folder; returns site/."""
    site = copy_site(ROOT / "site", folder / "real").parent
    shutil.copytree(ROOT / "site" / "municipalities" / "hvidovre", site / "municipalities" / "hvidovre")
    return site


def editor_of(site: Path, index: Path):
    """The editor over the copy, with Hvidovre's layer as its own; it takes the model the site's index
    `index` kept, as `make edit` beside a running site does, rather than training it (seconds)."""
    settings = {"TESTING": True, "CONTENT_DIR": site / "content", "MUNICIPALITY": "hvidovre"}
    return create_app({**settings, "INDEX_DIR": index}).test_client()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_real(tmp_path)


@pytest.fixture
def editor(site: Path, site_index: Path):
    return editor_of(site, site_index)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, site_index: Path):
    """One copy and its editor for the tests that only read or are refused (each checks that nothing
    changed): a copy of the real content is a second and more to make."""
    site = copy_real(tmp_path_factory.mktemp("layers"))
    return site, editor_of(site, site_index)


def _save(editor, rel: str, change=None):
    raw = decap_save(entry(editor, rel), change)
    return api(editor, "persistEntry", dataFiles=[{"path": rel, "raw": raw, "slug": "x"}], assets=[])


def test_the_municipalitys_services_are_listed_without_translations(shared) -> None:
    _, editor = shared
    listed = api(editor, "entriesByFolder", folder="kommune/services", extension="md", depth=1).get_json()
    paths = [e["file"]["path"] for e in listed]
    assert LOCAL in paths and all(p.startswith("kommune/services/") for p in paths)
    assert not any(p.endswith(".en.md") for p in paths)


@pytest.mark.slow
def test_a_local_service_saves_only_the_changed_line(editor, site: Path) -> None:
    path = site / "municipalities" / "hvidovre" / "services" / "poppelgaarden.md"
    old = path.read_text(encoding="utf-8").splitlines()
    summary = "Familiebehandling for familier i Hvidovre."
    answer = _save(editor, LOCAL, lambda d: d.update(summary=summary))
    assert answer.status_code == 200, answer.get_json()
    new = path.read_text(encoding="utf-8").splitlines()
    assert [line for line in new if line not in old] == [f"summary: {summary}"]
    assert len(new) == len(old)


@pytest.mark.slow
def test_a_local_save_is_checked_with_the_municipalitys_folder(editor, site: Path) -> None:
    path = site / "municipalities" / "hvidovre" / "services" / "poppelgaarden.md"
    before = path.read_bytes()
    answer = _save(editor, LOCAL, lambda d: d.update(name=""))
    assert answer.status_code == 422
    assert answer.get_json()["error"].startswith("Ikke gemt.")
    assert path.read_bytes() == before


def test_a_national_entry_is_read_but_never_saved_or_deleted(shared) -> None:
    site, editor = shared
    path = site / "content" / NATIONAL
    before = path.read_bytes()
    assert entry(editor, NATIONAL)  # still shown
    saved = _save(editor, NATIONAL, lambda d: d.update(summary="Ændret lokalt."))
    deleted = api(editor, "deleteFile", path=NATIONAL)
    situations = api(editor, "deleteFiles", paths=["situations.yml"])
    for answer in (saved, deleted, situations):
        assert answer.status_code == 422
        said = answer.get_json()["error"]
        assert SHARED in said and "Foreslå ændringen til den nationale redaktion" in said
    assert path.read_bytes() == before and (site / "content" / "situations.yml").exists()


@pytest.mark.parametrize(
    "rel",
    [
        "kommune/../content/services/danner.md",
        "kommune/services/../../hvidovre/municipality.yml",
        "kommune/municipality.yml",
        "kommune/services/sub/x.md",
        "kommune/situations.yml",
        "kommune//services/x.md",
        "../municipalities/hvidovre/services/poppelgaarden.md",
    ],
)
def test_no_path_leaves_the_two_folders(shared, rel: str) -> None:
    site, editor = shared
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert api(editor, "getEntry", path=rel).status_code == 422
    answer = api(editor, "persistEntry", dataFiles=[{"path": rel, "raw": "{}\n", "slug": "x"}], assets=[])
    assert answer.status_code == 422
    assert api(editor, "deleteFile", path=rel).status_code == 422
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_the_config_has_the_municipalitys_collections_and_locks_the_national_ones(shared) -> None:
    _, editor = shared
    collections = {c["name"]: c for c in yaml.safe_load(editor.get("/admin/config.yml").data)["collections"]}
    own = collections["kommune_services"]
    assert own["label"] == "Kommunens egne tilbud" and own["folder"] == "kommune/services"
    assert own["create"] is True and "delete" not in own
    assert collections["kommune_pages"]["label"] == "Kommunens egne sider"
    national = [c for name, c in collections.items() if not name.startswith("kommune_")]
    assert national and all(c["create"] is False and c["delete"] is False for c in national)
    assert all("Foreslå en ændring" in c["description"] for c in national)


@pytest.mark.slow
def test_without_a_municipality_folder_the_editor_is_as_before(fixture_content: Path) -> None:
    editor = editor_over(fixture_content)
    collections = {c["name"]: c for c in yaml.safe_load(editor.get("/admin/config.yml").data)["collections"]}
    assert "kommune_services" not in collections and collections["services"]["create"] is True
    assert "description" not in collections["services"]
    assert api(editor, "getEntry", path=LOCAL).status_code == 422


@pytest.mark.slow
def test_a_new_local_service_lands_in_the_municipalitys_folder(editor, site: Path) -> None:
    def renamed(data: dict) -> None:
        data.update(name="Poppelgården, aftenåbent", summary="Familiebehandling om aftenen i Hvidovre.")

    raw = decap_save(entry(editor, LOCAL), renamed)
    rel = "kommune/services/poppelgaarden-aften.md"
    answer = api(editor, "persistEntry", dataFiles=[{"path": rel, "raw": raw, "slug": "x"}], assets=[])
    assert answer.status_code == 200, answer.get_json()
    made = site / "municipalities" / "hvidovre" / "services" / "poppelgaarden-aften.md"
    assert "name: Poppelgården, aftenåbent" in made.read_text(encoding="utf-8")
    assert not (site / "content" / "services" / "poppelgaarden-aften.md").exists()
    assert api(editor, "deleteFile", path=rel).status_code == 200 and not made.exists()


@pytest.mark.slow
@pytest.mark.parametrize("outside", [False, True])
def test_a_problem_already_in_the_folder_does_not_block_a_save(
    site: Path, tmp_path: Path, outside: bool
) -> None:
    """Inside site/ or in HELPSITE_MUNICIPALITIES_DIR elsewhere: only a save's new errors refuse it."""
    settings: dict = {"TESTING": True, "CONTENT_DIR": site / "content", "MUNICIPALITY": "hvidovre"}
    folder = site / "municipalities" / "hvidovre"
    if outside:
        folder = shutil.move(folder, tmp_path / "elsewhere" / "hvidovre")
        (site / "municipalities").rmdir()
        settings["MUNICIPALITIES_DIR"] = tmp_path / "elsewhere"
    (Path(folder) / "pages" / "brudt.md").write_text("---\ntitle: [\n---\nTekst.\n", encoding="utf-8")
    editor = create_app(settings).test_client()
    answer = _save(editor, LOCAL, lambda d: d.update(summary="Familiebehandling i Hvidovre."))
    assert answer.status_code == 200, answer.get_json()
    assert (
        "summary: Familiebehandling i Hvidovre."
        in (Path(folder) / "services" / "poppelgaarden.md").read_text()
    )
