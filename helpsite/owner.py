"""The site owner's settings a public body must fill in before launch, and what is wrong with them.

None has a default: a phone number, an e-mail or a name is only ever what the municipality set
(HELPSITE_<NAME> in /etc/helpsite/helpsite.env). Unset or malformed, each is named at start-up
(a warning in the log) and by `flask content launch` (which then fails).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ]{6,18}[0-9]$")
# The Agency for Digital Government's WAS-Tool publishes every public body's statement here.
WAS_PREFIX = "https://was.digst.dk/"
# RFC 9116 §2.5.5: an Expires more than a year ahead is discouraged, so the file is re-read yearly.
MAX_EXPIRY_DAYS = 366


@dataclass(frozen=True)
class Setting:
    """One owner setting: its config key and what it is, in words for the operator."""

    key: str
    what: str
    example: str


SETTINGS: tuple[Setting, ...] = (
    Setting("OWNER", "the owner and data controller (the municipality's name)", "<name>"),
    Setting("EDITORIAL_EMAIL", "the editorial team's e-mail (readers report wrong numbers here)", "<e-mail>"),
    Setting("EDITORIAL_PHONE", "the editorial team's phone number", "<phone>"),
    Setting("DPO_EMAIL", "the data protection officer's e-mail (databeskyttelsesrådgiver)", "<e-mail>"),
    Setting("ACCESSIBILITY_URL", "the accessibility statement's address in WAS-Tool", WAS_PREFIX + "..."),
    Setting("SECURITY_CONTACT", "where security problems are reported (e-mail or https://)", "<e-mail>"),
    Setting("SECURITY_EXPIRES", "the day security.txt expires (within a year)", "YYYY-MM-DD"),
    Setting("FACTS_RESPONSIBLE", "the person or role responsible for the fact sheet", "<name or role>"),
)
KEYS = tuple(s.key for s in SETTINGS)


def _value(config: Mapping[str, Any], key: str) -> str:
    return str(config.get(key) or "").strip()


def _invalid(key: str, value: str, today: dt.date) -> str | None:
    """What is wrong with a set value, or None."""
    if key in ("EDITORIAL_EMAIL", "DPO_EMAIL") and not _EMAIL.match(value):
        return "is not an e-mail address"
    if key == "EDITORIAL_PHONE" and not _PHONE.match(value):
        return "is not a phone number (digits and spaces, optionally +45 first)"
    if key == "ACCESSIBILITY_URL" and not value.startswith(WAS_PREFIX):
        return f"must be the statement's address in WAS-Tool ({WAS_PREFIX}...)"
    if key == "SECURITY_CONTACT" and security_contact_uri(value) is None:
        return "must be an e-mail address or an https:// address"
    if key == "SECURITY_EXPIRES":
        expires = security_expires(value)
        if expires is None:
            return "is not a date (YYYY-MM-DD)"
        if expires <= today:
            return "has passed: security.txt must not be expired"
        if (expires - today).days > MAX_EXPIRY_DAYS:
            return "is more than a year ahead (RFC 9116 §2.5.5)"
    return None


def problems(config: Mapping[str, Any], today: dt.date) -> list[str]:
    """One line per owner setting that is unset or malformed, naming its environment variable."""
    found = []
    for setting in SETTINGS:
        value = _value(config, setting.key)
        env = f"HELPSITE_{setting.key}"
        if not value:
            found.append(f"{env} is not set: {setting.what}, e.g. {env}={setting.example}")
        elif (wrong := _invalid(setting.key, value, today)) is not None:
            found.append(f"{env}={value!r} {wrong}")
    return found


def usable(config: Mapping[str, Any], key: str) -> str:
    """A setting's value when it is set and well-formed, else "" (a page never shows a broken one)."""
    value = _value(config, key)
    if key == "SECURITY_EXPIRES":
        return value if security_expires(value) else ""
    return value if value and _invalid(key, value, dt.date.min) is None else ""


def security_contact_uri(value: str) -> str | None:
    """The security contact as a URI for security.txt (mailto: for an e-mail), or None."""
    value = value.strip()
    if value.startswith("https://") and len(value) > len("https://"):
        return value
    address = value.removeprefix("mailto:")
    return f"mailto:{address}" if _EMAIL.match(address) else None


def security_expires(value: str) -> dt.date | None:
    """The expiry day, or None when it is not a date."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
