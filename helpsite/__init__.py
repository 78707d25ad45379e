"""Hjælp mod vold: a Danish municipality's help directory on partner violence (Hvidovre Kommune first)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from . import config, owner
from .config import DEFAULTS, ROOT, settings
from .content import publicholidays
from .languages import today
from .publishing import preview, store
from .web import (
    compression,
    errors,
    filters,
    handouts,
    health,
    hsds,
    i18n,
    lowtrace,
    pagecache,
    publicbody,
    redirects,
    sitemap,
    views,
)

__all__ = ["DEFAULTS", "ROOT", "create_app", "settings"]


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: the configuration, then each part's init_app; content is loaded and checked here."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "site" / "templates"),
        static_folder=str(ROOT / "site" / "static"),
    )
    config.load_into(app.config, test_config)
    publicholidays.warm(today())  # before the workers fork: no request reads the holiday calendar's files
    # The site runs without them (a preview, a test), but a public body must not launch so.
    for problem in owner.problems(app.config, today()):
        app.logger.warning("Owner setting: %s (README, 'Running in production').", problem)
    i18n.init_app(app)
    lowtrace.init_app(app)
    compression.init_app(app)
    content_store = store.init_app(app)
    preview.init_app(app, content_store)
    filters.init_app(app)
    views.init_app(app)
    redirects.init_app(app)
    errors.init_app(app)
    health.init_app(app)
    publicbody.init_app(app)
    sitemap.init_app(app)
    handouts.init_app(app)
    hsds.init_app(app)
    pagecache.init_app(app)  # last: it wraps the finished app
    return app
