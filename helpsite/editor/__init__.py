"""The editor: Decap CMS for the communications team, a separate app from the public site.

Run by `make edit` on the loopback interface only. It serves the CMS's static files, the config.yml
made from the content model at start, and the local-backend API that reads and writes the content
folder (CONTENT_DIR). Built as the site is: create_app loads the settings and calls init_app, which
keeps the editor's state in `app.extensions["helpsite.editor"]` and registers the routes' blueprint.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from ..config import settings
from ..search import generations
from . import drafts, guard, model, preview, routes
from .config import render
from .routes import MAX_SAVE
from .state import EXTENSION, EditorState

__all__ = ["MAX_SAVE", "create_app", "editable_layer", "init_app", "warm_up"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The editor app over `CONTENT_DIR` (HELPSITE_CONTENT_DIR overrides, as for the site)."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(settings(test_config))
    app.config["MAX_CONTENT_LENGTH"] = MAX_SAVE
    init_app(app)
    return app


def init_app(app: Flask) -> EditorState:
    """Build the editor's state from the app's config, then register its routes, guard and headers."""
    config = app.config
    # With review on, the content folder must sit in a Git clone: fail at start, not at the first save.
    repo = drafts.Repository(config["CONTENT_DIR"]) if config["EDITOR_REVIEW"] else None
    # The municipality's own layer is edited here and the national one is read-only (layer.py); the
    # review's drafts know one folder only, so with review on the editor stays as it was.
    own = editable_layer(config) if repo is None else None
    # Decap's config.yml, made from the content model once at start: a new field reaches the form by
    # a restart, with no generated file to keep in step.
    cms_config = render(review=repo is not None, municipality=own is not None)
    hosts = guard.allowed_hosts(config["EDITOR_HOST"])
    warm_up(config)
    renderer = preview.init_app(app)
    state = EditorState(repo=repo, own=own, cms_config=cms_config, hosts=hosts, renderer=renderer)
    app.extensions[EXTENSION] = state
    app.before_request(routes.own_pages_only)  # on the app: a request no route matches is judged too
    app.register_blueprint(routes.bp)
    app.register_error_handler(413, routes.too_large)
    app.after_request(routes.headers)
    return state


def warm_up(config: Mapping[str, Any]) -> threading.Thread:
    """Train the situation model in the background, so an editor's first save is checked as fast as
    the ones after it (training takes about 10 s on two cores; later checks reuse it)."""

    def run() -> None:
        # A broken file is reported by the save's own check, in Danish: nothing to say here.
        with contextlib.suppress(Exception):
            # The site's index may hold the model of these very examples: then nothing is trained.
            generations.reuse_model(config["INDEX_DIR"])
            own = editable_layer(config)
            model.check(
                config["CONTENT_DIR"], config["LANGUAGES"], facts=config["FACTS_FILE"], municipality=own
            )

    thread = threading.Thread(target=run, name="editor-warm-up", daemon=True)
    thread.start()
    return thread


def editable_layer(config: Mapping[str, Any]) -> Path | None:
    """The municipality's folder the editor edits; None without one (national content alone)."""
    folder = config.get("MUNICIPALITY_DIR")
    return Path(folder) if folder is not None and Path(folder).is_dir() else None
