"""The configuration: defaults, then HELPSITE_* environment variables, then a test's overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config

from .languages import KNOWN_LANGUAGES
from .yaml_io import yaml_reader

ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "HELPSITE"

DEFAULTS: dict[str, Any] = {
    "CONTENT_DIR": ROOT / "site" / "content",
    "INDEX_DIR": ROOT / "search_index",
    "TRANSLATIONS_DIR": ROOT / "translations",
    # The fact sheet every phone number is checked against; empty: the one beside the content
    # (CONTENT_DIR/../facts/services.md, i.e. site/facts/services.md).
    "FACTS_FILE": "",
    # Every language in languages.KNOWN_LANGUAGES is switched on; HELPSITE_LANGUAGES=da,en narrows it.
    "LANGUAGES": list(KNOWN_LANGUAGES),
    # Where the quick exit goes: a neutral Danish site that shows nothing personal.
    "EXIT_URL": "https://www.dmi.dk/",
    "SITE_NAME": "Hjælp mod vold",
    # Whose site: the folder <MUNICIPALITIES_DIR>/<MUNICIPALITY>/ (municipality.yml, services/, pages/),
    # the municipality's layer over the national content. Empty MUNICIPALITIES_DIR: site/municipalities
    # beside CONTENT_DIR. Its name comes from municipality.yml; MUNICIPALITY_NAME overrides it.
    "MUNICIPALITY": "hvidovre",
    "MUNICIPALITIES_DIR": "",
    "MUNICIPALITY_NAME": "",
    # Who adds a number to the fact sheet: the editor names them when a save has a number it lacks
    # (HELPSITE_FACT_SHEET_OWNER="Anne i Kommunikation, tlf. 3639 3639").
    "FACT_SHEET_OWNER": "den ansvarlige for faktaarket",
    # The municipality's main number (fact sheet §6; municipality.yml's settings). Services that list it
    # have no direct number: the open data gives it to the municipality's organization record.
    "MUNICIPALITY_PHONE": "",
    # Public address printed on handouts and in QR codes (HELPSITE_PUBLIC_URL=https://...). Unset, or
    # a loopback address, handouts carry no address and no QR code, and staff are told why.
    "PUBLIC_URL": "",
    # The owner's settings (helpsite/owner.py): never a default, only what the municipality sets.
    # Unset, each is a warning at start-up and fails `make launch-check`; README, "Running in production".
    "OWNER": "",
    "EDITORIAL_EMAIL": "",
    "EDITORIAL_PHONE": "",
    "DPO_EMAIL": "",
    "ACCESSIBILITY_URL": "",
    "SECURITY_CONTACT": "",
    "SECURITY_EXPIRES": "",
    "FACTS_RESPONSIBLE": "",
    "MAX_CONTENT_LENGTH": 16 * 1024,  # the largest form is a search box: 16 KB is plenty
    "MAX_FORM_MEMORY_SIZE": 16 * 1024,
    "MAX_FORM_PARTS": 50,
    "BUILD_INDEX_ON_START": True,
    "PREVIEW": False,
    # Keep rendered GET pages in memory for up to a minute (never in preview): see web/pagecache.py.
    "PAGE_CACHE": True,
    # The browser editor's review step (helpsite/editor/workflow.py): saves become drafts on Git
    # branches that a second person publishes. Who is signed in comes from EDITOR_USER_HEADER, set
    # by the login proxy in front of the editor; EDITOR_PUSH names the Git remote a publish goes to.
    "EDITOR_REVIEW": False,
    "EDITOR_USER_HEADER": "X-Remote-User",
    "EDITOR_PUSH": "",
    # The editor host's own name, as its users type it (HELPSITE_EDITOR_HOST=redaktion.hvidovre.local;
    # several: comma-separated). The editor answers only that Host and 127.0.0.1, localhost and [::1]
    # (`make edit`), on any port, and refuses requests from other sites: against DNS rebinding and
    # cross-site request forgery (helpsite/editor/guard.py).
    "EDITOR_HOST": "",
}
PATHS = ("CONTENT_DIR", "INDEX_DIR", "TRANSLATIONS_DIR")
MUNICIPALITY_FILE = "municipality.yml"
# The settings a municipality.yml may hold under `settings:` (these keys, lower-case); HELPSITE_<KEY> wins.
MUNICIPALITY_SETTINGS = (
    "owner", "editorial_email", "editorial_phone", "dpo_email", "accessibility_url", "security_contact",
    "security_expires", "facts_responsible", "fact_sheet_owner", "municipality_phone", "public_url",
    "editor_host",
)  # fmt: skip
FLAGS = ("PREVIEW", "PAGE_CACHE", "BUILD_INDEX_ON_START", "EDITOR_REVIEW")


def _flag(value: object) -> bool:
    # from_prefixed_env reads "1" and "true" as JSON; "yes" stays a string.
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def fact_sheet_beside(content_dir: Path) -> Path:
    """The fact sheet that belongs to a content folder: site/content/ -> site/facts/services.md."""
    return content_dir.parent / "facts" / "services.md"


def _read_yaml(folder: Path) -> Any:
    return yaml_reader().load((folder / MUNICIPALITY_FILE).read_text(encoding="utf-8"))


def settings_of(folder: Path) -> dict[str, str]:
    """The owner's settings in the file as config keys ({} when unreadable: the check names the line)."""
    try:
        data = _read_yaml(folder)
    except Exception:  # noqa: BLE001 - never stop the start-up for it; `flask content check` reports it
        return {}
    given = data.get("settings") if isinstance(data, dict) else None
    if not isinstance(given, dict):
        return {}
    return {
        k.upper(): str(v).strip()
        for k, v in given.items()
        if k in MUNICIPALITY_SETTINGS and v not in (None, "")
    }


def municipality_name(config: Mapping[str, Any]) -> str:
    """The name outside a request (the editor's login page): MUNICIPALITY_NAME, else municipality.yml's."""
    folder = config.get("MUNICIPALITY_DIR")
    if config.get("MUNICIPALITY_NAME") or folder is None:
        return str(config.get("MUNICIPALITY_NAME") or "")
    try:
        data = _read_yaml(Path(folder))
    except Exception:  # noqa: BLE001 - the check names the mistake; the page shows no name meanwhile
        return ""
    return str(data.get("name") or "") if isinstance(data, dict) else ""


def municipality_dir(config: Mapping[str, Any]) -> Path | None:
    """The municipality's folder; None when there is no municipalities folder at all (a test's content)."""
    given = config.get("MUNICIPALITIES_DIR")
    parent = Path(given) if given else Path(config["CONTENT_DIR"]).parent / "municipalities"
    if not given and not parent.is_dir():
        return None  # national content alone: the check names no folder it was not asked for
    return parent / str(config.get("MUNICIPALITY") or "").strip()


def normalise(config: dict[str, Any]) -> None:
    """Give settings from the environment their types: folders as paths, a language list, flags."""
    for key in PATHS:
        config[key] = Path(config[key])
    config["MUNICIPALITY_DIR"] = municipality_dir(config)
    facts = config.get("FACTS_FILE")
    config["FACTS_FILE"] = Path(facts) if facts else fact_sheet_beside(config["CONTENT_DIR"])
    languages = config["LANGUAGES"]
    if isinstance(languages, str):  # HELPSITE_LANGUAGES=da,en
        config["LANGUAGES"] = [code.strip() for code in languages.split(",") if code.strip()]
    for key in FLAGS:
        config[key] = _flag(config[key])


def load_into(config: Config, test_config: Mapping[str, Any] | None = None) -> None:
    """Fill a Flask config: defaults, then HELPSITE_<NAME> variables, then `test_config`."""
    config.from_mapping(DEFAULTS)
    config.from_prefixed_env(ENV_PREFIX)
    config.from_mapping(test_config or {})
    folder = municipality_dir(config)
    # municipality.yml's settings sit between the defaults and the environment: HELPSITE_* still wins.
    for key, value in (settings_of(folder) if folder is not None else {}).items():
        if key not in (test_config or {}) and f"{ENV_PREFIX}_{key}" not in os.environ:
            config[key] = value
    normalise(config)


def settings(test_config: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The configuration without an app (the CLI, the gunicorn master): what create_app uses."""
    config = Config(ROOT)
    load_into(config, test_config)
    return dict(config)
