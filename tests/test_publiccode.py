"""publiccode.yml has what the standard (v0.4) requires, and agrees with the code and the licences."""

from __future__ import annotations

import json
import re
import tomllib

import yaml

from helpsite import ROOT
from helpsite.languages import KNOWN_LANGUAGES
from helpsite.web.hsds import DATA_LICENSE

CODE = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
# The standard's values for these keys (https://yml.publiccode.tools/schema.core.html, v0.4).
STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend",
    "standalone/other", "addon", "library", "configurationFiles",
}  # fmt: skip
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
MAINTENANCE = {"internal", "contract", "community", "none"}


def test_the_required_top_level_keys() -> None:
    assert CODE["publiccodeYmlVersion"] == "0.4"
    assert isinstance(CODE["name"], str) and CODE["name"]
    assert re.match(r"^https?://\S+$", CODE["url"])
    assert set(CODE["platforms"]) <= PLATFORMS and CODE["platforms"]
    assert CODE["categories"] and all(re.fullmatch(r"[a-z-]+", c) for c in CODE["categories"])
    assert CODE["developmentStatus"] in STATUSES
    assert CODE["softwareType"] in SOFTWARE_TYPES


def test_each_description_has_its_required_parts_within_the_limits() -> None:
    assert set(CODE["description"]) == {"da", "en"}
    for lang, text in CODE["description"].items():
        assert len(text["shortDescription"]) <= 150, lang
        assert 150 <= len(text["longDescription"]) <= 10000, lang
        assert text["features"] and all(len(f) <= 100 for f in text["features"]), lang


def test_legal_maintenance_and_localisation() -> None:
    assert CODE["legal"]["license"] == "MPL-2.0"
    maintenance = CODE["maintenance"]
    assert maintenance["type"] in MAINTENANCE
    if maintenance["type"] in ("internal", "community"):
        assert maintenance["contacts"] and all(c["name"] for c in maintenance["contacts"])
    if maintenance["type"] == "contract":
        assert maintenance["contractors"]
    assert CODE["localisation"]["localisationReady"] is True
    assert set(CODE["localisation"]["availableLanguages"]) == set(KNOWN_LANGUAGES)


def test_every_place_says_the_same_licences() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("Mozilla Public License Version 2.0")
    content = (ROOT / "LICENSE-content").read_text(encoding="utf-8")
    assert "CC BY 4.0" in content and DATA_LICENSE["url"] in content
    assert json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["license"] == "MPL-2.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MPL-2.0"
    assert DATA_LICENSE["spdx"] == "CC-BY-4.0"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MPL-2.0" in readme and "CC BY 4.0" in readme
