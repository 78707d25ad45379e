"""The open-data export: Open Referral HSDS 3.0 JSON, shaped like the HSDS API, valid against its schemas."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from editing import replace
from flask import Flask
from flask.testing import FlaskClient

from helpsite.web.lowtrace import HEADERS

if TYPE_CHECKING:
    import jsonschema

SCHEMAS = Path(__file__).parent / "schemas"
# The namespace of every published id. Changing it would change every id consumers stored.
NAMESPACE = uuid.UUID("bd992b96-5e19-5663-abaf-069d43ba80b0")
PAGE_FIELDS = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")


def validator(name: str) -> jsonschema.Draft202012Validator:
    """A validator for one of the compiled HSDS 3.0 schemas, checking formats (uuid, email, date-time)."""
    # Imported here: its URI format checker compiles 38 grammars on import (3 s), which every worker
    # would otherwise pay while collecting, and only this module's tests need it.
    import jsonschema

    schema = json.loads((SCHEMAS / f"hsds-3.0-{name}.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def service_schema() -> jsonschema.Draft202012Validator:
    return validator("service")


@pytest.mark.slow
def test_every_service_validates_against_hsds_3_0(app: Flask, client, service_schema) -> None:
    for lang in app.config["LANGUAGES"]:
        page = client.get(f"/api/hsds/services?lang={lang}").get_json()
        assert page["total_items"] == len(app.extensions["helpsite.store"].content.services)
        for service in page["contents"]:
            errors = [e.message for e in service_schema.iter_errors(service)]
            assert errors == [], (lang, service["name"], errors[:3])


def test_services_page_has_the_hsds_api_page_fields(client) -> None:
    body = client.get("/api/hsds/services").get_json()
    total = body["total_items"]
    assert {k: body[k] for k in PAGE_FIELDS} == {
        "total_items": total, "total_pages": 1, "page_number": 1, "size": total,
        "first_page": True, "last_page": True, "empty": False,
    }  # fmt: skip
    first, second = (client.get(f"/api/hsds/services?per_page=3&page={n}").get_json() for n in (1, 2))
    assert (second["page_number"], second["size"], second["first_page"]) == (2, 3, False)
    assert second["total_pages"] == -(-total // 3)
    assert not {s["id"] for s in first["contents"]} & {s["id"] for s in second["contents"]}
    beyond = client.get(f"/api/hsds/services?per_page=3&page={total}").get_json()
    assert (beyond["empty"], beyond["contents"], beyond["last_page"]) == (True, [], True)


def test_a_service_in_full(app: Flask, client) -> None:
    lev = app.extensions["helpsite.store"].content.services["lev-uden-vold"]
    sid = str(uuid.uuid5(NAMESPACE, "service:lev-uden-vold"))
    one = client.get(f"/api/hsds/services/{sid}").get_json()
    listed = next(s for s in client.get("/api/hsds/services").get_json()["contents"] if s["id"] == sid)
    assert one == listed
    assert one["name"] == lev.texts["da"].title and one["status"] == "active"
    # Nobody has confirmed Lev Uden Vold's facts live yet: no assurance is claimed.
    assert lev.confirmed is None and "assured_date" not in one
    assert [p["number"] for p in one["phones"]] == [c.value for c in lev.phones]
    assert one["url"] == next(c.value for c in lev.contacts if c.kind == "web")
    assert one["organization"]["id"] == one["organization_id"]
    assert one["organization"]["name"] == "Lev Uden Vold"
    # Open 24 hours: HSDS has no flag for it; the convention is every day from 00:00 to 23:59.
    (always,) = one["schedules"]
    assert (always["byday"], always["opens_at"], always["closes_at"], always["freq"]) == (
        "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "WEEKLY",
    )  # fmt: skip


@pytest.mark.slow
def test_languages_and_the_requested_language(
    app: Flask, client, make_app: Callable[..., Flask], fixture_content: Path
) -> None:
    sid = str(uuid.uuid5(NAMESPACE, "service:danner"))
    # No service has confirmed languages (Danner's are a 2020 remark): the real export lists none.
    assert client.get(f"/api/hsds/services/{sid}").get_json()["languages"] == []
    # The fixture's Danner has a `languages` field: the machinery is tested there.
    changed = make_app(CONTENT_DIR=fixture_content)
    client = changed.test_client()
    danner = changed.extensions["helpsite.store"].content.services["danner"]
    danish = client.get(f"/api/hsds/services/{sid}").get_json()
    english = client.get(f"/api/hsds/services/{sid}?lang=en").get_json()
    assert [lang["code"] for lang in danish["languages"]] == list(danner.languages)
    assert {lang["code"]: lang["name"] for lang in danish["languages"]}["en"] == "engelsk"
    assert {lang["code"]: lang["name"] for lang in english["languages"]}["en"] == "English"
    assert danish["description"].startswith(danner.texts["da"].summary)
    assert english["description"].startswith(danner.texts["en"].summary)
    # Ids and numbers never depend on the language.
    assert danish["id"] == english["id"]
    assert [p["number"] for p in danish["phones"]] == [p["number"] for p in english["phones"]]


@pytest.mark.slow
def test_opening_hours_become_weekly_schedules(
    make_app: Callable[..., Flask], fixture_content: Path, service_schema
) -> None:
    mandecentret = fixture_content / "services" / "mandecentret.md"
    replace(
        mandecentret,
        "keywords:",
        'hours: [{days: mon-thu, open: "09:00", close: "15:00"},'
        ' {days: fri, open: "09:00", close: "24:00"}]\nkeywords:',
    )
    client = make_app(CONTENT_DIR=fixture_content, LANGUAGES=["da", "en"]).test_client()
    sid = str(uuid.uuid5(NAMESPACE, "service:mandecentret"))
    service = client.get(f"/api/hsds/services/{sid}?lang=en").get_json()
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]] == [
        ("MO,TU,WE,TH", "09:00", "15:00"),
        ("FR", "09:00", "23:59"),
    ]
    assert list(service_schema.iter_errors(service)) == []


@pytest.mark.slow
def test_assured_date_is_the_day_a_person_confirmed_the_facts(
    make_app: Callable[..., Flask], fixture_content: Path, service_schema
) -> None:
    """HSDS `assured_date` is `confirmed:`'s date, never a source's; without it, there is none."""
    danner = fixture_content / "services" / "danner.md"
    replace(danner, "sources:\n", "confirmed: {date: 2026-11-30, by: kommunikation}\nsources:\n")
    client = make_app(CONTENT_DIR=fixture_content, LANGUAGES=["da", "en"]).test_client()
    confirmed = client.get(f"/api/hsds/services/{uuid.uuid5(NAMESPACE, 'service:danner')}").get_json()
    assert confirmed["assured_date"] == "2026-11-30"
    assert list(service_schema.iter_errors(confirmed)) == []
    other = client.get(f"/api/hsds/services/{uuid.uuid5(NAMESPACE, 'service:lev-uden-vold')}").get_json()
    assert "assured_date" not in other


@pytest.mark.slow
def test_organizations_validate_and_group_the_municipality(app: Flask, client) -> None:
    schema = validator("organization")
    body = client.get("/api/hsds/organizations").get_json()
    assert set(PAGE_FIELDS) <= set(body)
    for org in body["contents"]:
        assert [e.message for e in schema.iter_errors(org)] == [], org["name"]
    content = app.extensions["helpsite.store"].content
    # The municipality runs its municipal services, unless the front matter names who runs one.
    municipal = sorted(
        s.id for s in content.services.values() if s.category == "municipal" and s.organization is None
    )
    (kommune,) = [
        o for o in body["contents"] if o["name"] == app.extensions["helpsite.store"].content.municipality.name
    ]
    ids = {str(uuid.uuid5(NAMESPACE, f"service:{sid}")): sid for sid in content.services}
    assert sorted(ids[s["id"]] for s in kommune["services"]) == municipal
    # Each service under one organization, except a kind of help many places give (krisecentre).
    run = [s for s in content.services.values() if s.organization or not s.many_providers]
    assert sum(len(o["services"]) for o in body["contents"]) == len(run) == len(content.services) - 1
    one = client.get(f"/api/hsds/organizations/{kommune['id']}").get_json()
    assert one == kommune
    runs = {o["name"]: sorted(ids[s["id"]] for s in o["services"]) for o in body["contents"]}
    assert runs["Frelsens Hær"] == ["svendebjerggaard"]
    assert runs["Mary Fonden"] == ["sammen-uden-vold"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/hsds/services?lang=xx", 400),
        ("/api/hsds/organizations?lang=<script>", 400),
        ("/api/hsds/services?page=0", 400),
        ("/api/hsds/services?per_page=1000", 400),
        ("/api/hsds/services?page=two", 400),
        (f"/api/hsds/services/{uuid.uuid5(NAMESPACE, 'service:nowhere')}", 404),
        ("/api/hsds/organizations/not-a-uuid", 404),
        ("/api/hsds/locations", 404),
    ],
)
def test_errors_are_json(client, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status and response.mimetype == "application/json"
    assert response.get_json()["error"] == status and response.get_json()["message"]


def test_json_keeps_every_privacy_header(client) -> None:
    for url in ("/api/hsds/services", "/api/hsds/organizations", "/api/hsds/services?lang=xx"):
        response = client.get(url)
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
        assert "Set-Cookie" not in response.headers


@pytest.mark.slow
def test_the_municipal_switchboard_is_the_municipality_s_number_not_each_service_s(
    app: Flask, client
) -> None:
    """3639 3639 is Hvidovre Kommune's main number (fact sheet §6). The pages of the services that list it
    say they have no direct number of their own, so the export gives it to the municipality, not to them."""
    switchboard = app.config["MUNICIPALITY_PHONE"]
    assert switchboard == "3639 3639"
    services = client.get("/api/hsds/services").get_json()["contents"]
    ids = {
        str(uuid.uuid5(NAMESPACE, f"service:{sid}")): sid
        for sid in app.extensions["helpsite.store"].content.services
    }
    listing = {ids[s["id"]]: [p["number"] for p in s["phones"]] for s in services}
    for sid in ("poppelgaarden", "sundhedsplejen", "jobcenter-hvidovre", "underretning", "sammen-uden-vold"):
        assert switchboard not in listing[sid], sid
    assert listing["lev-uden-vold"] == ["1888"]  # a service's own number stays its own
    orgs = client.get("/api/hsds/organizations").get_json()["contents"]
    (kommune,) = [o for o in orgs if o["name"] == app.extensions["helpsite.store"].content.municipality.name]
    assert [(p["number"], p["organization_id"]) for p in kommune["phones"]] == [(switchboard, kommune["id"])]
    (mary,) = [o for o in orgs if o["name"] == "Mary Fonden"]
    assert "phones" not in mary  # the municipality's number is not Mary Fonden's
    assert [e.message for e in validator("organization").iter_errors(kommune)] == []
    # Sammen uden vold is Mary Fonden's project: its first web address is the project's page.
    sammen = next(s for s in services if ids[s["id"]] == "sammen-uden-vold")
    assert sammen["url"].startswith("https://www.maryfonden.dk/")


@pytest.mark.slow
def test_a_kind_of_help_given_by_many_places_is_no_organization(app: Flask, client, service_schema) -> None:
    """'Krisecentre' describes the help every crisis centre gives; nobody is called that (audit L13). It is
    published as a service without an organization, and no organization record carries its name."""
    orgs = client.get("/api/hsds/organizations").get_json()["contents"]
    assert "Krisecentre" not in {o["name"] for o in orgs}
    krisecentre = app.extensions["helpsite.store"].content.services["krisecentre"]
    assert krisecentre.organization is None and krisecentre.many_providers
    sid = str(uuid.uuid5(NAMESPACE, "service:krisecentre"))
    assert sid not in {s["id"] for o in orgs for s in o["services"]}
    one = client.get(f"/api/hsds/services/{sid}").get_json()
    assert "organization_id" not in one and "organization" not in one
    assert list(service_schema.iter_errors(one)) == []
    # Every other service still has its organization, and each organization lists it.
    listed = {s["id"] for o in orgs for s in o["services"]}
    for service in client.get("/api/hsds/services").get_json()["contents"]:
        if service["id"] != sid:
            assert service["organization_id"] == service["organization"]["id"] and service["id"] in listed


def test_the_open_data_names_its_licence(client: FlaskClient) -> None:
    """CC BY 4.0 (LICENSE-content): in the API's description and as a Link header on every answer."""
    about = client.get("/api/hsds/")
    assert about.get_json()["license"]["spdx"] == "CC-BY-4.0"
    for path in ("/api/hsds/", "/api/hsds/services", "/api/hsds/organizations"):
        link = client.get(path).headers["Link"]
        assert link == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"', path
