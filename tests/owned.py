"""Owner settings for tests: well-formed, and naming nobody (example.dk, a 12 34 56 78 number)."""

from __future__ import annotations

import datetime as dt

import pytest


def owner_settings(today: dt.date) -> dict[str, str]:
    """Every owner setting, with security.txt expiring 300 days after `today`."""
    return {
        "OWNER": "Testkommune",
        "EDITORIAL_EMAIL": "redaktion@example.dk",
        "EDITORIAL_PHONE": "12 34 56 78",
        "DPO_EMAIL": "dpo@example.dk",
        "ACCESSIBILITY_URL": "https://was.digst.dk/example-dk",
        "SECURITY_CONTACT": "security@example.dk",
        "SECURITY_EXPIRES": str(today + dt.timedelta(days=300)),
        "FACTS_RESPONSIBLE": "kommunikation",
    }


def set_owner(monkeypatch: pytest.MonkeyPatch, today: dt.date, **values: str) -> None:
    """Put the owner settings in the environment, as /etc/helpsite/helpsite.env would."""
    for key, value in {**owner_settings(today), **values}.items():
        monkeypatch.setenv(f"HELPSITE_{key}", value)
