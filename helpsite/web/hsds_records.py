"""The directory's services and organizations as Open Referral HSDS 3.0 records.

Ids are UUIDs derived from our own ids, so they never change while a file keeps its name.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import nh3
from flask import current_app
from flask_babel import gettext as _

from ..content.model import Content, Hours, Service
from ..content.rules import normal_id
from ..languages import DEFAULT_LANGUAGE
from . import filters
from .i18n import AUDIENCE_LABELS, CATEGORY_LABELS, lang_code, municipality_name

# Fixed for good: every published id is derived from it (uuid5 of the site's HSDS address).
NAMESPACE = uuid.UUID("bd992b96-5e19-5663-abaf-069d43ba80b0")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def make_id(kind: str, *parts: str) -> str:
    """A stable UUID for one of our records: the same id in, the same UUID out, on every server."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *parts))))


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
    """Every organization behind the directory's services, by key, in display order.

    A kind of help that many places give (`many_providers`, e.g. "Krisecentre") has none: it is not
    an organization, and no single one runs it."""
    found: dict[str, Organization] = {}
    for service in content.ordered_services():
        name = service.organization
        if name is None and service.many_providers:
            continue
        if name is None and service.category == "municipal":
            name = municipality_name(DEFAULT_LANGUAGE)
        if name is None:  # the service is its own organization
            key, name = f"service-{service.id}", service.texts[DEFAULT_LANGUAGE].title
        else:
            key = normal_id(name)
        found.setdefault(key, Organization(key, name)).services.append(service)
    return found


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _switchboard() -> str:
    """The digits of the municipality's main number ('' if none is configured)."""
    return _digits(current_app.config.get("MUNICIPALITY_PHONE") or "")


def _organization_of(content: Content, service: Service) -> Organization | None:
    return next((o for o in organizations(content).values() if service in o.services), None)


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
    switchboard = current_app.config.get("MUNICIPALITY_PHONE")
    if switchboard and org.key == normal_id(municipality_name(DEFAULT_LANGUAGE)):
        # The main number is the municipality's, not a service's own (see service_record).
        record["phones"] = [
            {
                "id": make_id("phone", "organization", org.key, _digits(switchboard)),
                "organization_id": org.id,
                "number": switchboard,
                "type": "voice",
            }
        ]
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
        return "23:59" if value == dt.time.max else filters.hhmm(value)  # HSDS has no 24:00

    return [
        {
            "id": make_id("schedule", service.id, str(i)),
            "service_id": make_id("service", service.id),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": ",".join(WEEKDAYS[d] for d in slot.days),
            "opens_at": clock(slot.opens),
            "closes_at": clock(slot.closes),
            "description": f"{filters.day_range(slot.days)} {clock(slot.opens)}–{filters.hhmm(slot.closes)}",
            "notes": notes,
        }
        for i, slot in enumerate(hours.slots)
    ]


def _languages(service: Service, lang: str, **link: str) -> list[dict[str, Any]]:
    found = []
    for code in service.languages:
        name = filters.language_name(code, lang)
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
    # The body's words only: its links go with the tags, so they need no address here.
    body = plain_text(entry.text.body_html)
    record: dict[str, Any] = {
        "id": sid,
        **({"organization_id": org.id} if org else {}),
        "name": entry.text.title,
        "description": "\n\n".join(part for part in (entry.text.summary, body) if part),
        "status": "active",
        "eligibility_description": _(
            "For: %(audiences)s", audiences=", ".join(str(AUDIENCE_LABELS[a]) for a in service.audiences)
        ),
    }
    danish = service.texts[DEFAULT_LANGUAGE].title
    if danish != entry.text.title:
        record["alternate_name"] = danish
    if service.confirmed:  # only a person's confirmation with the service is an assurance
        record["assured_date"] = service.confirmed.date.isoformat()
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
        # The municipality's main number is on its organization record: a service that lists it has
        # no direct number of its own (its page says so), and HSDS would read it as the service's.
        if contact.kind in ("phone", "sms")
        and not (contact.kind == "phone" and contact.digits == _switchboard())
    ]
    record["schedules"] = _schedules(service, service.hours, lang)
    record["languages"] = _languages(service, lang, service_id=sid)
    record["attributes"] = _attributes(service)
    if organization and org:
        record["organization"] = organization_record(org, content, lang, full=False)
    return record
