"""A municipality's layer: Hvidovre unchanged by the move, Eksempel Kommune beside it, the check's word."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from owned import owner_settings
from testdata import FIXTURES, copy_site

from helpsite import ROOT, create_app, settings
from helpsite.cli import municipality_cli
from helpsite.content.loader import check
from helpsite.languages import KNOWN_LANGUAGES
from helpsite.taxonomy import AUDIENCES, CATEGORIES

MUNICIPALITIES = FIXTURES / "municipalities"
EKSEMPEL = MUNICIPALITIES / "eksempel"
JSON = {"Accept": "application/json"}
# What Hvidovre's site answered before its services moved into its layer (the first five of each).
HVIDOVRE_ANSWERS = {
    ("da", "min mand slår mig"): "lev-uden-vold krisecentre danner recognise boernetelefonen",
    ("da", "jeg slår min kone"): "lev-uden-vold dialog-mod-vold poppelgaarden recognise boernetelefonen",
    (
        "da",
        "jeg er bekymret for et barn",
    ): "underretning boernetelefonen lev-uden-vold sundhedsplejen sammen-uden-vold",
    (
        "da",
        "nybagt mor og vi skændes",
    ): "sammen-uden-vold sundhedsplejen poppelgaarden hvidovre boernetelefonen",
    ("da", "krisecenter"): "krisecentre lev-uden-vold svendebjerggaard danner mandecentret",
    ("da", "jobcenter"): "jobcenter-hvidovre hvidovre about safety recognise",
    ("en", "shelter"): "krisecentre lev-uden-vold svendebjerggaard danner mandecentret",
}


def ask(client: FlaskClient, lang: str, q: str) -> list[str]:
    """The ids a search answers, in order."""
    answer = client.post(f"/{lang}/search", data={"q": q}, headers=JSON).get_json()
    return [r["id"] for r in answer["results"]]


@pytest.fixture(scope="module")
def eksempel(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The site as Eksempel Kommune's, from the fixture folder outside site/."""
    config = {"TESTING": True, "INDEX_DIR": tmp_path_factory.mktemp("eksempel-index")}
    config |= {
        "MUNICIPALITIES_DIR": MUNICIPALITIES,
        "MUNICIPALITY": "eksempel",
        "PUBLIC_URL": "https://hjaelp.example/",
    }
    return create_app({**config, **owner_settings(dt.date.today())})


def _paths(app: Flask, lang: str) -> list[str]:
    content = app.extensions["helpsite.store"].content
    return [
        f"/{lang}/", f"/{lang}/safety", f"/{lang}/write", f"/{lang}/search", f"/{lang}/search?q=familie",
        *(f"/{lang}/services/{sid}" for sid in content.services),
        *(f"/{lang}/pages/{slug}" for slug in content.pages if slug != "safety"),
        *(f"/{lang}/search?audience={a}" for a in AUDIENCES),
        *(f"/{lang}/search?category={c}" for c in CATEGORIES),
        f"/{lang}/sheet", f"/{lang}/sheet?r=eksempel-familiehuset&r=lev-uden-vold&also=da&format=a4",
        f"/{lang}/sheet?r=krisecentre&r=underretning&format=card",
    ]  # fmt: skip


@pytest.mark.slow
def test_every_page_sheet_and_card_names_eksempel_and_never_hvidovre(eksempel: Flask) -> None:
    client = eksempel.test_client()
    muni = eksempel.extensions["helpsite.store"].content.municipality
    for lang in KNOWN_LANGUAGES:
        for path in _paths(eksempel, lang):
            response = client.get(path)
            page = response.get_data(as_text=True)
            assert response.status_code == 200, path
            assert muni.name_in(lang) in page, path
            assert "hvidovre" not in page.lower(), (path, page[page.lower().find("hvidovre") - 200 :][:400])
    for path in ("/api/hsds/", "/api/hsds/services", "/api/hsds/organizations", "/sitemap.xml"):
        assert "hvidovre" not in client.get(path).get_data(as_text=True).lower(), path


@pytest.mark.slow
def test_eksempel_s_services_are_found_and_labelled_as_its_own(eksempel: Flask) -> None:
    client = eksempel.test_client()
    assert "eksempel-familiehuset" in ask(client, "da", "familiehus")[:3]
    assert ask(client, "da", "jeg slår min kone")[:3] == [
        "lev-uden-vold",
        "dialog-mod-vold",
        "eksempel-familiehuset",
    ]
    assert ask(client, "da", "underretning")[0] == "underretning"
    assert "Eksempel Kommunes egne tilbud" in client.get("/da/services/eksempel-familiehuset").get_data(
        as_text=True
    )
    browsed = client.get("/en/search?category=municipal").get_data(as_text=True)
    assert "Eksempel Municipality's own services" in html.unescape(browsed)  # the ' as &#39;
    note = client.get("/da/services/krisecentre").get_data(as_text=True)
    assert 'href="/da/services/eksempel-raadgivningen"' in note and "svendebjerggaard" not in note


@pytest.mark.slow
def test_the_national_entries_are_the_same_in_both_municipalities(app: Flask, eksempel: Flask) -> None:
    hvidovre = app.extensions["helpsite.store"].content
    other = eksempel.extensions["helpsite.store"].content
    national = {k for k, v in hvidovre.services.items() if not v.local}
    assert national == {k for k, v in other.services.items() if not v.local}
    assert national.isdisjoint({"poppelgaarden", "sundhedsplejen", "jobcenter-hvidovre", "svendebjerggaard"})
    for sid in national - {"krisecentre"}:  # krisecentre carries each municipality's own note
        assert hvidovre.services[sid] == other.services[sid], sid
    assert {k for k, v in hvidovre.pages.items() if not v.local} == {
        k for k, v in other.pages.items() if not v.local
    }


def test_hvidovre_answers_every_address_and_searches_as_before_the_move(client: FlaskClient) -> None:
    for (lang, query), first in HVIDOVRE_ANSWERS.items():
        assert ask(client, lang, query)[:5] == first.split(), query
    urls = re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", client.get("/sitemap.xml").get_data(as_text=True))
    assert len(urls) > 200
    for url in urls:
        assert client.get(url).status_code == 200, url


def _site(tmp_path: Path) -> Path:
    return copy_site(FIXTURES, tmp_path)


def _problems(content: Path, folder: Path) -> list:
    _, problems = check(
        content, ["da", "en"], facts=content.parent / "facts" / "services.md", municipality=folder
    )
    return [p for p in problems if p.severity == "error"]


def test_the_check_refuses_the_invented_municipality_in_site(tmp_path: Path) -> None:
    content = _site(tmp_path)
    folder = content.parent / "municipalities" / "eksempel"
    shutil.copytree(EKSEMPEL, folder)
    codes = {p.code for p in _problems(content, folder)}
    assert {"fixture-served", "example-contact"} <= codes
    elsewhere = shutil.copytree(EKSEMPEL, tmp_path / "elsewhere" / "eksempel")  # outside tests/ too
    assert {"fixture-served", "example-contact"} <= {p.code for p in _problems(content, elsewhere)}


def _muni(content: Path, yml: str) -> Path:
    folder = content.parent / "municipalities" / "ny"
    (folder / "services").mkdir(parents=True)
    (folder / "pages").mkdir()
    (folder / "municipality.yml").write_text(yml, encoding="utf-8")
    shutil.copy(EKSEMPEL / "services" / "underretning.md", folder / "services")
    # The fixture's invented address would be refused here: this one has no contact.
    text = (folder / "services" / "underretning.md").read_text(encoding="utf-8")
    (folder / "services" / "underretning.md").write_text(
        re.sub(r"contacts:\n(  .*\n)+", "contacts: []\n", text)
    )
    return folder


def test_a_municipality_cannot_replace_a_national_entry(tmp_path: Path) -> None:
    content = _site(tmp_path)
    folder = _muni(content, "name: Ny Kommune\n")
    shutil.copy(content / "services" / "danner.md", folder / "services" / "danner.md")
    (clash,) = [p for p in _problems(content, folder) if p.code == "national-clash"]
    assert clash.path == "site/municipalities/ny/services/danner.md" and clash.line == 1
    assert "notes:" in clash.fix


def test_mistakes_in_municipality_yml_are_named_with_their_line(tmp_path: Path) -> None:
    content = _site(tmp_path)
    folder = _muni(
        content, "name: Ny Kommune\ncolour: red\nhide:\n  - danerr\nsituations:\n  nope: [danner]\n"
    )
    found = {(p.code, p.line) for p in _problems(content, folder)}
    assert {("unknown-field", 2), ("unknown-id", 4), ("unknown-id", 6)} <= found
    (folder / "municipality.yml").write_text("name: [Ny\n", encoding="utf-8")
    (broken,) = [p for p in _problems(content, folder) if p.path.endswith("municipality.yml")]
    assert broken.code == "yaml" and "municipality.yml" in broken.message


def test_a_municipality_without_its_own_underretning_is_told_to_add_it(tmp_path: Path) -> None:
    content = _site(tmp_path)
    folder = _muni(content, "name: Ny Kommune\n")
    (folder / "services" / "underretning.md").unlink()
    (missing,) = [p for p in _problems(content, folder) if p.code == "missing-local"]
    assert "services/underretning.md" in missing.fix


def test_the_owner_settings_come_from_municipality_yml_and_the_environment_wins(monkeypatch) -> None:
    monkeypatch.setenv("HELPSITE_MUNICIPALITIES_DIR", str(MUNICIPALITIES))
    monkeypatch.setenv("HELPSITE_MUNICIPALITY", "eksempel")
    monkeypatch.delenv("HELPSITE_OWNER", raising=False)
    assert settings()["OWNER"] == "Eksempel Kommune"
    monkeypatch.setenv("HELPSITE_OWNER", "Andet navn")
    assert settings()["OWNER"] == "Andet navn"
    assert (
        settings({"MUNICIPALITY": "hvidovre", "MUNICIPALITIES_DIR": ROOT / "site" / "municipalities"})[
            "MUNICIPALITY_PHONE"
        ]
        == "3639 3639"
    )


def test_municipality_new_writes_a_folder_the_check_explains(tmp_path: Path, monkeypatch) -> None:
    content = _site(tmp_path)
    monkeypatch.setenv("HELPSITE_CONTENT_DIR", str(content))
    run: Callable = CliRunner().invoke
    result = run(municipality_cli, ["new", "ny-by", "--name", "Ny By Kommune"])
    assert result.exit_code == 0, result.output
    assert "municipality.yml" in result.output and "flask content check" in result.output
    folder = content.parent / "municipalities" / "ny-by"
    assert "name: Ny By Kommune" in (folder / "municipality.yml").read_text(encoding="utf-8")
    unfilled = _problems(content, folder)  # every "SKRIV HER" is an error until it is filled in
    assert unfilled and all(p.path.endswith("services/underretning.md") for p in unfilled)
    again = run(municipality_cli, ["new", "ny-by"])
    assert again.exit_code != 0 and "exists already" in again.output


def test_the_municipalitys_name_is_escaped_in_its_services_label(make_app: Callable[..., Flask]) -> None:
    """The label of a municipality's own services holds its name: text on every page, never markup."""
    client = make_app(MUNICIPALITY_NAME="<b>Prøve</b> & Co").test_client()
    pages = ["/da/services/poppelgaarden", "/da/search?category=municipal", "/en/search", "/tr/"]
    for path in pages:
        page = client.get(path).get_data(as_text=True)
        assert "<b>Prøve" not in page, path
        assert "&lt;b&gt;Prøve&lt;/b&gt; &amp; Co" in page, path
    found = client.post("/da/search", data={"q": "familiebehandling", "category": "municipal"})
    assert "<b>Prøve" not in found.get_data(as_text=True)
