"""Hjælp mod vold: Hvidovre Kommune's help directory on partner violence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from .i18n import KNOWN_LANGUAGES

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "CONTENT_DIR": ROOT / "site" / "content",
    "INDEX_DIR": ROOT / "search_index",
    "TRANSLATIONS_DIR": ROOT / "translations",
    # Every language in i18n.KNOWN_LANGUAGES is switched on; HELPSITE_LANGUAGES=da,en narrows it.
    "LANGUAGES": list(KNOWN_LANGUAGES),
    # Where the quick exit goes: a neutral Danish site that shows nothing personal.
    "EXIT_URL": "https://www.dmi.dk/",
    "SITE_NAME": "Hjælp mod vold",
    "MUNICIPALITY": "Hvidovre Kommune",
    # Public address printed on handouts and in QR codes (HELPSITE_PUBLIC_URL=https://...). Unset, or
    # a loopback address, handouts carry no address and no QR code, and staff are told why.
    "PUBLIC_URL": "",
    "MAX_CONTENT_LENGTH": 16 * 1024,  # the largest form is a search box: 16 KB is plenty
    "MAX_FORM_MEMORY_SIZE": 16 * 1024,
    "MAX_FORM_PARTS": 50,
    "BUILD_INDEX_ON_START": True,
    "PREVIEW": False,
    # Keep rendered GET pages in memory for up to a minute (never in preview): see pagecache.py.
    "PAGE_CACHE": True,
}

# Settings that may come from the environment, as HELPSITE_<NAME>.
ENVIRONMENT = (
    "CONTENT_DIR",
    "INDEX_DIR",
    "TRANSLATIONS_DIR",
    "EXIT_URL",
    "PUBLIC_URL",
    "LANGUAGES",
    "PREVIEW",
)


def _from_environment() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in ENVIRONMENT:
        value = os.environ.get(f"HELPSITE_{name}")
        if value is None:
            continue
        if name == "LANGUAGES":
            found[name] = [code.strip() for code in value.split(",") if code.strip()]
        elif name == "PREVIEW":
            found[name] = value.lower() in ("1", "true", "yes")
        elif name.endswith("_DIR"):
            found[name] = Path(value)
        else:
            found[name] = value
    return found


def settings(test_config: dict[str, Any] | None = None) -> dict[str, Any]:
    """The configuration: defaults, then HELPSITE_* environment variables, then test overrides."""
    config = {**DEFAULTS, **_from_environment(), **(test_config or {})}
    for key in ("CONTENT_DIR", "INDEX_DIR", "TRANSLATIONS_DIR"):
        config[key] = Path(config[key])
    return config


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app from `settings()`; content is loaded and validated once, here."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "site" / "templates"),
        static_folder=str(ROOT / "site" / "static"),
    )
    app.config.from_mapping(settings(test_config))

    from . import cli, compression, hsds, i18n, pagecache, privacy, search, sheet, store, views

    i18n.init_app(app)
    privacy.init_app(app)
    compression.init_app(app)
    store.init_app(app)
    search.init_app(app)
    views.init_app(app)
    sheet.init_app(app)
    hsds.init_app(app)
    cli.init_app(app)
    pagecache.init_app(app)  # last: it wraps the finished app
    return app
