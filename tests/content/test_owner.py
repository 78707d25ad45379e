"""The owner's settings: named at start-up and by `flask content launch` while unset or malformed."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from editing import TODAY, confirm
from owned import owner_settings, set_owner

from helpsite import owner
from helpsite.cli import content_cli

GOOD = owner_settings(TODAY)


def test_every_unset_setting_is_named_with_its_variable() -> None:
    found = owner.problems({}, TODAY)
    assert len(found) == len(owner.SETTINGS) == 8
    for problem, setting in zip(found, owner.SETTINGS, strict=True):
        assert problem.startswith(f"HELPSITE_{setting.key} is not set: ")


def test_good_settings_pass_and_malformed_ones_say_why() -> None:
    assert owner.problems(GOOD, TODAY) == []
    bad = {
        **GOOD,
        "EDITORIAL_EMAIL": "redaktion",
        "EDITORIAL_PHONE": "ring os",
        "ACCESSIBILITY_URL": "https://example.dk/was",
        "SECURITY_CONTACT": "http://example.dk",
        "SECURITY_EXPIRES": str(TODAY),
    }
    found = "\n".join(owner.problems(bad, TODAY))
    assert "HELPSITE_EDITORIAL_EMAIL='redaktion' is not an e-mail address" in found
    assert "HELPSITE_EDITORIAL_PHONE='ring os' is not a phone number" in found
    assert "must be the statement's address in WAS-Tool (https://was.digst.dk/...)" in found
    assert "HELPSITE_SECURITY_CONTACT='http://example.dk' must be an e-mail address or an https://" in found
    assert "has passed" in found
    later = str(TODAY + dt.timedelta(days=400))
    late = owner.problems({**GOOD, "SECURITY_EXPIRES": later}, TODAY)
    assert late == [f"HELPSITE_SECURITY_EXPIRES='{later}' is more than a year ahead (RFC 9116 §2.5.5)"]


def test_security_contact_becomes_a_uri() -> None:
    assert owner.security_contact_uri("security@example.dk") == "mailto:security@example.dk"
    assert owner.security_contact_uri("https://example.dk/report") == "https://example.dk/report"
    assert owner.security_contact_uri("nobody") is None


def test_startup_warns_about_each_unset_setting(
    make_app, fixture_content: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        make_app(CONTENT_DIR=fixture_content, LANGUAGES=["da"], BUILD_INDEX_ON_START=False, OWNER="X")
    warned = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Owner setting:")]
    assert len(warned) == 7
    assert not any("HELPSITE_OWNER " in w for w in warned)
    assert any("HELPSITE_DPO_EMAIL is not set" in w for w in warned)


@pytest.fixture
def launch(fixture_content: Path, monkeypatch: pytest.MonkeyPatch):
    """`flask content launch` over the fixture content with every file confirmed, on the fixture's day."""
    monkeypatch.setenv("HELPSITE_CONTENT_DIR", str(fixture_content))
    monkeypatch.setenv("HELPSITE_LANGUAGES", "da,en")
    for key in owner.KEYS:
        monkeypatch.delenv(f"HELPSITE_{key}", raising=False)
    for path in (fixture_content / "services").glob("*.md"):
        if path.name.count(".") == 1 and not path.name.startswith("_"):
            confirm(path, TODAY - dt.timedelta(days=3))
    for path in (fixture_content / "pages").glob("*.md"):
        if path.name.count(".") == 1:
            confirm(path, TODAY - dt.timedelta(days=3))
    return lambda: CliRunner().invoke(content_cli, ["launch", "--today", str(TODAY)])


def test_launch_fails_naming_each_missing_setting(launch) -> None:
    result = launch()
    assert result.exit_code == 1
    for setting in owner.SETTINGS:
        assert f"HELPSITE_{setting.key} is not set" in result.output
    assert result.output.startswith("8 owner settings to set before go-live")


def test_launch_passes_with_the_settings_and_every_fact_confirmed(launch, monkeypatch) -> None:
    set_owner(monkeypatch, TODAY)
    result = launch()
    assert (result.exit_code, result.output) == (
        0,
        "Every fact is confirmed live (within the last 180 days): ready for go-live.\n",
    )
