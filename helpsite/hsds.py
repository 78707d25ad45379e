"""The directory as Open Referral HSDS 3.0 JSON, shaped like the HSDS API (`/api/hsds/...`).

Services and organizations only; ids are UUIDs derived from our own ids, so they never change while
a file keeps its name. Danish by default, `?lang=<code>` for another of the site's languages.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import nh3
from babel import Locale
from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from . import formats
from .content import DEFAULT_LANGUAGE, Content, Hours, Service, _normal_id
from .views import AUDIENCE_LABELS, CATEGORY_LABELS

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")

# Fixed for good: every published id is derived from it (uuid5 of the site's HSDS address).
NAMESPACE = uuid.UUID("bd992b96-5e19-5663-abaf-069d43ba80b0")
HSDS_VERSION = "3.0"
PER_PAGE = 50
MAX_PER_PAGE = 100
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def make_id(kind: str, *parts: str) -> str:
    """A stable UUID for one of our records: the same id in, the same UUID out, on every server."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


class ApiError(HTTPException):
    """An error answered as JSON, since API clients cannot read the HTML error page."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def get_response(self, environ: object = None, scope: object = None) -> Response:  # type: ignore[override]
        """The error as `{"error": ..., "message": ...}`."""
        response = jsonify(error=self.code, message=self.message)
        response.status_code = self.code
        return response


# --------------------------------------------------------------------------- organizations


@dataclass
class Organization:
    """Who runs one or more services: named in the front matter, the municipality, or the service itself."""

    key: str
    name: str
    services: list[Service] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The organization's stable UUID."""
        return make_id("organization", self.key)


def organizations(content: Content) -> dict[str, Organization]:
    """Every organization behind the directory's services, by key, in display order."""
    found: dict[str, Organization] = {}
    for service in sorted(content.services.values(), key=lambda s: (s.order, s.id)):
        name = service.organization
        if name is None and service.category == "municipal":
            name = current_app.config["MUNICIPALITY"]
        if name is None:  # the service is its own organization
            key, name = f"service-{service.id}", service.texts[DEFAULT_LANGUAGE].title
        else:
            key = _normal_id(name)
        found.setdefault(key, Organization(key, name)).services.append(service)
    return found


def _organization_of(content: Content, service: Service) -> Organization:
    return next(o for o in organizations(content).values() if service in o.services)


def organization_record(org: Organization, content: Content, lang: str, full: bool) -> dict[str, Any]:
    """An HSDS organization; `full` adds its services, fully nested."""
    own = len(org.services) == 1 and org.key == f"service-{org.services[0].id}"
    if own:
        service = org.services[0]
        text = content.service(service.id, lang).text  # type: ignore[union-attr]
        description = text.summary
    else:
        names = ", ".join(content.service(s.id, lang).text.title for s in org.services)  # type: ignore[union-attr]
        description = _("Runs these services in the directory: %(names)s", names=names)
    record: dict[str, Any] = {"id": org.id, "name": org.name, "description": description}
    if own:
        web = [c.value for c in org.services[0].contacts if c.kind == "web"]
        email = [c.value for c in org.services[0].contacts if c.kind == "email"]
        if web:
            record["website"] = web[0]
        if email:
            record["email"] = email[0]
    if full:
        record["services"] = [service_record(s, content, lang, organization=False) for s in org.services]
    return record


# --------------------------------------------------------------------------- services


def _schedules(service: Service, hours: Hours | None, lang: str) -> list[dict[str, Any]]:
    if hours is None:
        return []
    # Local Danish time; HSDS can only give a fixed UTC offset, which daylight saving would make wrong.
    notes = _("Times are local time in Denmark.")
    if hours.always:  # HSDS has no 24/7 flag: the convention is 00:00 to 23:59 on every day
        return [
            {
                "id": make_id("schedule", service.id, "always"),
                "service_id": make_id("service", service.id),
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(WEEKDAYS),
                "opens_at": "00:00",
                "closes_at": "23:59",
                "description": _("Open 24 hours"),
                "notes": notes,
            }
        ]

    def clock(value: dt.time) -> str:
        return "23:59" if value == dt.time.max else formats.hhmm(value)  # HSDS has no 24:00

    return [
        {
            "id": make_id("schedule", service.id, str(i)),
            "service_id": make_id("service", service.id),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(WEEKDAYS[d] for d in slot.days),
            "opens_at": clock(slot.opens),
            "closes_at": clock(slot.closes),
            "description": f"{formats.day_range(slot.days)} {clock(slot.opens)}–{formats.hhmm(slot.closes)}",
            "notes": notes,
        }
        for i, slot in enumerate(hours.slots)
    ]


def _languages(service: Service, lang: str, **link: str) -> list[dict[str, Any]]:
    found = []
    for code in service.languages:
        try:
            name = Locale.parse(code).get_display_name(Locale.parse(lang)) or code
        except (ValueError, LookupError):
            name = code
        found.append(
            {"id": make_id("language", service.id, *link.values(), code), **link, "name": name, "code": code}
        )
    return found


def _attributes(service: Service) -> list[dict[str, Any]]:
    """Category and audiences as taxonomy terms of the site's own small taxonomies."""
    sid = make_id("service", service.id)
    terms = [("category", service.category, CATEGORY_LABELS[service.category])] + [
        ("audience", a, AUDIENCE_LABELS[a]) for a in service.audiences
    ]
    return [
        {
            "id": make_id("attribute", service.id, taxonomy, code),
            "link_id": sid,
            "link_type": "service_type" if taxonomy == "category" else "eligibility",
            "link_entity": "service",
            "taxonomy_term_id": make_id("taxonomy_term", taxonomy, code),
            "taxonomy_term": {
                "id": make_id("taxonomy_term", taxonomy, code),
                "code": code,
                "name": str(label),
                "description": str(label),
                "taxonomy": f"hjaelp-mod-vold-{taxonomy}",
                "language": lang_code(),
            },
        }
        for taxonomy, code, label in terms
    ]


def plain_text(body_html: str) -> str:
    """The body as plain text that keeps its headings, paragraphs and list items apart."""
    marked = re.sub(r"<li[^>]*>", "- ", body_html)
    marked = re.sub(r"</(h[1-6]|p|li|ul|ol|tr|dd|dt)>|<br\s*/?>", "\n", marked)
    text = html.unescape(nh3.clean(marked, tags=set()))
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def lang_code() -> str:
    """The language of the response."""
    return g.get("lang") or DEFAULT_LANGUAGE


def service_record(
    service: Service, content: Content, lang: str, organization: bool = True
) -> dict[str, Any]:
    """A fully nested HSDS service; `organization` nests its organization too."""
    entry = content.service(service.id, lang)
    assert entry is not None  # the service comes from this content
    sid = make_id("service", service.id)
    org = _organization_of(content, service)
    web = [c.value for c in service.contacts if c.kind == "web"]
    email = [c.value for c in service.contacts if c.kind == "email"]
    record: dict[str, Any] = {
        "id": sid,
        "organization_id": org.id,
        "name": entry.text.title,
        "description": "\n\n".join(part for part in (entry.text.summary, plain_text(entry.html)) if part),
        "status": "active",
        "assured_date": service.verified.isoformat(),
        "eligibility_description": _(
            "For: %(audiences)s", audiences=", ".join(str(AUDIENCE_LABELS[a]) for a in service.audiences)
        ),
    }
    danish = service.texts[DEFAULT_LANGUAGE].title
    if danish != entry.text.title:
        record["alternate_name"] = danish
    if web:
        record["url"] = web[0]
    if email:
        record["email"] = email[0]
    if service.free:
        record["fees_description"] = _("Free of charge.")
    record["phones"] = [
        {
            "id": make_id("phone", service.id, contact.digits),
            "service_id": sid,
            "number": contact.value,
            "type": "voice" if contact.kind == "phone" else "text",
            "languages": _languages(service, lang, phone_id=make_id("phone", service.id, contact.digits)),
        }
        for contact in service.contacts
        if contact.kind in ("phone", "sms")
    ]
    record["schedules"] = _schedules(service, service.hours, lang)
    record["languages"] = _languages(service, lang, service_id=sid)
    record["attributes"] = _attributes(service)
    if organization:
        record["organization"] = organization_record(org, content, lang, full=False)
    return record


# --------------------------------------------------------------------------- the API


def _content() -> Content:
    return current_app.extensions["helpsite.store"].content


def _language() -> str:
    lang = request.args.get("lang", DEFAULT_LANGUAGE)
    if lang not in current_app.config["LANGUAGES"]:
        raise ApiError(
            400, f"unknown lang {lang[:20]!r}; use one of: {', '.join(current_app.config['LANGUAGES'])}"
        )
    g.lang = lang  # gettext and the formats follow the response's language
    return lang


def _page(items: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """One page of `items` and the HSDS API's page fields (`page` from 1, `per_page` up to 100)."""
    try:
        number = int(request.args.get("page", 1))
        size = int(request.args.get("per_page", PER_PAGE))
    except ValueError:
        raise ApiError(400, "page and per_page must be whole numbers") from None
    if number < 1 or not 1 <= size <= MAX_PER_PAGE:
        raise ApiError(400, f"page must be 1 or more, per_page between 1 and {MAX_PER_PAGE}")
    pages = max(1, math.ceil(len(items) / size))
    chosen = items[(number - 1) * size : number * size]
    return chosen, {
        "total_items": len(items),
        "total_pages": pages,
        "page_number": number,
        "size": len(chosen),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not chosen,
    }


@bp.get("/")
def about() -> Response:
    """What this API is (the HSDS API's required `/`)."""
    return jsonify(
        version=HSDS_VERSION,
        description=f"{current_app.config['SITE_NAME']}: {current_app.config['MUNICIPALITY']}",
        publisher={"name": current_app.config["MUNICIPALITY"]},
    )


@bp.get("/services")
def services() -> Response:
    """A page of fully nested services."""
    lang = _language()
    content = _content()
    ordered = sorted(content.services.values(), key=lambda s: (s.order, s.id))
    chosen, page = _page(ordered)
    return jsonify(**page, contents=[service_record(s, content, lang) for s in chosen])


@bp.get("/services/<service_uuid>")
def service(service_uuid: str) -> Response:
    """One fully nested service, by its UUID."""
    lang = _language()
    content = _content()
    found = next((s for s in content.services.values() if make_id("service", s.id) == service_uuid), None)
    if found is None:
        raise ApiError(404, "no service with that id")
    return jsonify(service_record(found, content, lang))


@bp.get("/organizations")
def organization_list() -> Response:
    """A page of organizations, each with its services."""
    lang = _language()
    content = _content()
    chosen, page = _page(list(organizations(content).values()))
    return jsonify(**page, contents=[organization_record(o, content, lang, full=True) for o in chosen])


@bp.get("/organizations/<org_uuid>")
def organization(org_uuid: str) -> Response:
    """One organization with its services, by its UUID."""
    lang = _language()
    content = _content()
    found = next((o for o in organizations(content).values() if o.id == org_uuid), None)
    if found is None:
        raise ApiError(404, "no organization with that id")
    return jsonify(organization_record(found, content, lang, full=True))


@bp.get("/<path:rest>")
def unknown(rest: str) -> Response:
    """Any other address under the API: a JSON 404, not the HTML page."""
    raise ApiError(404, "no such endpoint; see /api/hsds/services and /api/hsds/organizations")


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    """Errors under the API stay JSON (the site's handler would answer with an HTML page)."""
    return error.get_response()


def init_app(app: Flask) -> None:
    """Register the API."""
    app.register_blueprint(bp)
