"""The editor: Decap CMS for the communications team, a separate app from the public site.

Run by `make edit` on the loopback interface only. It serves the CMS's static files, the generated
config.yml and the local-backend API that reads and writes the content folder (CONTENT_DIR).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, Response, abort, jsonify, redirect, request, send_from_directory

from ..config import ROOT, settings
from .backend import Refused, handle
from .config import CONFIG_FILE, LABELS, preview_model
from .situations import targets

STATIC = CONFIG_FILE.parent
DECAP = ROOT / "node_modules" / "decap-cms" / "dist"
# Everything from this origin; Decap compiles its config schema at run time ('unsafe-eval') and
# styles its widgets with inline <style> elements ('unsafe-inline'). No other origin at all.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
ADMIN_FILES = ("index.html", "admin.js", "admin.css", "preview.js", "config.yml")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The editor app over `CONTENT_DIR` (HELPSITE_CONTENT_DIR overrides, as for the site)."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(settings(test_config))
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024  # a save carries one entry's files

    @app.get("/")
    @app.get("/admin")
    def home() -> Response:
        return redirect("/admin/")

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return send_from_directory(ROOT / "site" / "static", "favicon.png")

    @app.get("/admin/")
    def index() -> Response:
        return send_from_directory(STATIC, "index.html")

    @app.get("/admin/languages.json")
    def languages() -> Response:
        return jsonify(preview_model())

    @app.get("/admin/targets.json")
    def situation_targets() -> Response:
        """What a situation may show first (admin.js's hmv-target): read afresh, a new service too."""
        groups = {kind: labels[0] for kind, labels in LABELS.items()}
        return jsonify({"groups": groups, "targets": targets(app.config["CONTENT_DIR"])})

    @app.get("/admin/<name>")
    def admin_file(name: str) -> Response:
        if name == "config.yml":
            return send_from_directory(STATIC, name, mimetype="text/yaml")
        if name in ADMIN_FILES:
            return send_from_directory(STATIC, name)
        if name == "site.css":
            return send_from_directory(ROOT / "site" / "static", name)
        # decap-cms.js and the chunks it loads from beside itself.
        if re.fullmatch(r"[\w.-]+\.(js|css|wasm)", name) and (DECAP / name).is_file():
            return send_from_directory(DECAP, name)
        abort(404)

    @app.post("/api/v1")
    def api() -> tuple[Response, int] | Response:
        body = request.get_json(silent=True) or {}
        try:
            config = app.config
            return jsonify(handle(config["CONTENT_DIR"], config["LANGUAGES"], config["FACTS_FILE"], body))
        except Refused as exc:
            return jsonify({"error": str(exc)}), 422
        except (KeyError, TypeError, ValueError) as exc:
            return jsonify({"error": f"Forespørgslen kunne ikke læses ({exc})"}), 400

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    return app
