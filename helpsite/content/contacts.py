"""Contact details: phone, SMS, e-mail and web; how they are checked, linked and shown."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import shortnumberinfo

from ..country import PHONE_REGION, SHORT_NUMBERS
from .front_matter import Source
from .problems import Collector

CONTACT_KINDS = ("phone", "sms", "email", "web")
# What the check accepts as an e-mail and a web address; the editor's form applies the same patterns.
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[a-z]{2,}"
WEB_PATTERN = r"https?://\S+"
_SCHEME_AND_WWW = re.compile(r"^https?://(www\.)?")


def bare_address(url: str) -> str:
    """A web address as people read and type it: no scheme, no www, no trailing slash."""
    return _SCHEME_AND_WWW.sub("", url).rstrip("/")


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: phone, SMS, e-mail or web."""

    kind: str
    value: str

    @property
    def digits(self) -> str:
        """The number without spaces (phone and SMS)."""
        return re.sub(r"\D", "", self.value)

    @property
    def href(self) -> str:
        """The link target: tel:, sms:, mailto: or the web address."""
        if self.kind in ("phone", "sms"):
            number = f"+45{self.digits}" if len(self.digits) == 8 else self.digits
            return f"{'tel' if self.kind == 'phone' else 'sms'}:{number}"
        if self.kind == "email":
            return f"mailto:{self.value}"
        return self.value

    @property
    def display(self) -> str:
        """The value as a person reads it (a web address without its scheme)."""
        return bare_address(self.value) if self.kind == "web" else self.value


def phone_problem(value: str) -> str | None:
    """Why `value` is not a valid Danish number, or None when it is."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"(\+45)?\d{3,8}", digits):
        return f"'{value}' is not a Danish phone number"
    if SHORT_NUMBERS.fullmatch(digits):
        return None
    try:
        number = phonenumbers.parse(digits, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return f"'{value}' is not a Danish phone number"
    if phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number(number):
        return None
    return f"'{value}' is not a valid Danish phone number"


def read_contacts(src: Source, out: Collector) -> tuple[Contact, ...]:
    """The `contacts:` list of a Danish file; each mistake reported on its item's line."""
    raw = src.meta.get("contacts") or []
    lines = src.item_lines.get("contacts", [])
    if not isinstance(raw, list):
        out.add(
            src,
            "contacts",
            "'contacts' must be a list",
            "start each contact with '  - kind: phone'",
            code="not-a-list",
        )
        return ()
    contacts = []
    for i, item in enumerate(raw):
        line = lines[i] if i < len(lines) else src.lines.get("contacts", 1)
        if not isinstance(item, dict) or set(item) - {"kind", "value"} or not {"kind", "value"} <= set(item):
            out.add(
                src,
                line,
                "a contact needs exactly 'kind' and 'value'",
                "write '- kind: phone' and '  value: \"1888\"'",
                code="contact-incomplete",
                field="contacts",
            )
            continue
        kind, value = str(item["kind"]), str(item["value"]).strip()
        if kind not in CONTACT_KINDS:
            out.add(
                src,
                line,
                f"unknown contact kind '{kind}'",
                f"use one of: {', '.join(CONTACT_KINDS)}",
                code="unknown-choice",
                field="contacts",
                args=(kind,),
            )
            continue
        if kind in ("phone", "sms"):
            why = phone_problem(value)
            if why:
                out.add(
                    src,
                    line,
                    why,
                    'write a confirmed number such as "1888" or "33 33 00 47"',
                    code="bad-phone",
                    field="contacts",
                    args=(value,),
                )
                continue
        elif kind == "email" and not re.fullmatch(EMAIL_PATTERN, value):
            out.add(
                src,
                line,
                f"'{value}' is not an e-mail address",
                "write it as name@example.dk",
                code="bad-email",
                field="contacts",
                args=(value,),
            )
            continue
        elif kind == "web" and not re.fullmatch(WEB_PATTERN, value):
            out.add(
                src,
                line,
                f"'{value}' is not a web address",
                "give the full address, starting with https://",
                code="bad-web",
                field="contacts",
                args=(value,),
            )
            continue
        contacts.append(Contact(kind, value))
    return tuple(contacts)
