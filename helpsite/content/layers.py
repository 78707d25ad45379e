"""The two layers of content: the national one (site/content/) and a municipality's (its folder).

The national layer is the same everywhere, checked and translated once. A municipality adds its own
services and pages, orders and hides national ones and may add a local note below a national entry,
but never replaces one: an id of its own that is already national is an error naming both files.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from .model import Page, Service
from .municipality import Municipality
from .problems import Collector
from .situations import Situation

# Addresses reserved for examples (RFC 2606/6761): what the fixture municipality's invented services use.
EXAMPLE_ADDRESS = re.compile(
    r"(?:^|[@./])example(?:\.(?:dk|com|org|net))?(?:[/:]|$)|\.(?:example|test|invalid)\b"
)
_NATIONAL_FIX = (
    "give your own service another file name; to add a line about your municipality below the national "
    "entry, write it under 'notes:' in municipality.yml; propose a change to the national entry upstream"
)

Entries = dict[str, Service] | dict[str, Page]
# What every municipality has of its own, under this id, so the national texts may link to it (a
# child-protection report goes to the child's municipality: BørneTelefonen's page points there).
EVERY_MUNICIPALITY = frozenset({"underretning"})


def inside(folder: Path, parent: Path) -> bool:
    """True when `folder` lies in `parent` (the site's own folder), however each is written."""
    return folder.resolve().is_relative_to(parent.resolve())


def merge(national: Entries, local: Entries, muni: Municipality, kind: str, out: Collector) -> dict:
    """The national entries the municipality keeps, re-ordered, and its own beside them."""
    merged: dict = {}
    for key, entry in national.items():
        if key in muni.hide:
            continue
        merged[key] = replace(entry, order=muni.order[key]) if key in muni.order else entry
    for key, entry in local.items():
        if key in national:
            out.add(
                entry.path,
                1,
                f"'{key}' is a national {kind} ({national[key].path}): a municipality "
                "cannot change a national entry's facts",
                _NATIONAL_FIX,
                code="national-clash",
            )
            continue
        merged[key] = replace(entry, local=True, order=muni.order.get(key, entry.order))
    return merged


def check_names(
    muni: Municipality, services: Mapping, pages: Mapping, national: set[str], out: Collector
) -> None:
    """Every id municipality.yml names under order, hide, notes and sheets exists where it must."""
    known = [*services, *pages]
    for key, listed in muni.sheets.items():
        for sid in (i for i in listed if i not in services):
            out.add(
                muni.path,
                muni.line("sheets", key),
                f"'{sid}' under 'sheets: {key}' is not a service here",
                f"use one of: {', '.join(sorted(services))}",
                code="unknown-id",
                args=(sid,),
            )
    for key, ids, allowed in (
        ("order", muni.order, set(known)),
        ("hide", muni.hide, national),
        ("notes", muni.notes, national - muni.hide),
    ):
        for sid in ids:
            if sid not in allowed:
                close = difflib.get_close_matches(sid, sorted(allowed), n=1)
                what = "a national entry you show" if key != "order" else "an entry"
                out.add(
                    muni.path,
                    muni.line(key, sid),
                    f"'{sid}' under '{key}:' is not {what}",
                    f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(sorted(allowed))}",
                    code="unknown-id",
                    args=(sid,),
                )


def apply_situations(
    found: tuple[Situation, ...] | None, muni: Municipality, known: set[str], out: Collector
) -> tuple[Situation, ...] | None:
    """The national situations with the municipality's own lists of help in place of theirs."""
    if found is None:
        return None
    ids = {s.id for s in found}
    for sid, listed in muni.situations.items():
        line = muni.line("situations", sid)
        if sid not in ids:
            out.add(
                muni.path,
                line,
                f"'{sid}' is not a situation of situations.yml",
                f"use one of: {', '.join(sorted(ids))}",
                code="unknown-id",
                args=(sid,),
            )
        for item in listed:
            if item not in known:
                out.add(
                    muni.path,
                    line,
                    f"'{item}' in situation '{sid}' is no service or page here",
                    "name one of your own or a national one you show",
                    code="unknown-id",
                    args=(item,),
                )
    return tuple(
        replace(s, services=muni.situations[s.id])
        if s.id in muni.situations
        else replace(s, services=tuple(i for i in s.services if i in known))  # a hidden entry leaves it
        for s in found
    )


def check_examples(
    services: Mapping[str, Service], muni: Municipality | None, served: bool, out: Collector
) -> None:
    """Refuse invented contacts (example.dk, .example) but in a test fixture's folder outside site/."""
    allowed = muni is not None and muni.fixture and not served
    for service in services.values():
        for contact in service.contacts:
            if EXAMPLE_ADDRESS.search(contact.value.lower()) and not allowed:
                out.add(
                    service.path,
                    "contacts",
                    f"'{contact.value}' is an invented example address",
                    "write the service's real, confirmed contact, or remove it",
                    code="example-contact",
                )
    if muni is not None and muni.fixture and served:
        out.add(
            muni.path,
            1,
            "this is a test fixture (fixture: true): its services are invented",
            "keep it in tests/fixtures/municipalities/; start a real one with `flask municipality new`",
            code="fixture-served",
        )


def check_links(
    services: Mapping[str, Service],
    pages: Mapping[str, Page],
    hidden: frozenset[str],
    out: Collector,
    promised: frozenset[str] = frozenset(),
) -> None:
    """Every `service:` and `page:` link points to an entry shown here (or one every municipality has)."""
    for text in [
        *(t for i in services.values() for t in i.texts.values()),
        *(t for i in pages.values() for t in i.texts.values()),
    ]:
        for kind, target, line in text.links:
            known: Mapping = services if kind == "service" else pages
            if target in known or (kind, target) in out.unreadable or target in promised:
                continue
            if target in hidden:
                out.add(
                    text.path,
                    line,
                    f"the link '{kind}:{target}' points to an entry municipality.yml hides",
                    f"show '{target}' again, or hide this entry too",
                    code="dead-link",
                    field="body",
                    args=(f"{kind}:{target}",),
                )
                continue
            close = difflib.get_close_matches(target, list(known), n=1)
            fix = f"did you mean '{kind}:{close[0]}'? " if close else ""
            out.add(
                text.path,
                line,
                f"the link '{kind}:{target}' points to nothing",
                f"{fix}use one of: {', '.join(sorted(known))}",
                code="dead-link",
                field="body",
                args=(f"{kind}:{target}",),
            )


def check_promised(muni: Municipality, services: Mapping[str, Service], out: Collector) -> None:
    """The municipality has each service of its own that the national texts link to."""
    for sid in sorted(EVERY_MUNICIPALITY - set(services)):
        out.add(
            muni.path,
            1,
            f"every municipality has its own '{sid}' service (national entries link to it); add one",
            f"add services/{sid}.md to this folder: copy site/municipalities/hvidovre/services/{sid}.md "
            "and write your own contacts and facts",
            code="missing-local",
            args=(sid,),
        )
