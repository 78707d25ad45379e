"""The editor: Decap CMS for the communications team, a separate app from the public site.

Run by `make edit` on the loopback interface only. It serves the CMS's static files, the generated
config.yml and the local-backend API that reads and writes the content folder (CONTENT_DIR).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from flask import Flask, Response, abort, jsonify, redirect, render_template, request, send_from_directory
from werkzeug.wrappers import Response as WerkzeugResponse

from ..config import ROOT, municipality_name, settings
from ..languages import TIMEZONE
from . import api_input, drafts, factsheet, guard, model, originals, preview, review, workflow
from .backend import SAVING, Refused, handle
from .config import LABELS, preview_model, render
from .situations import targets

STATIC = Path(__file__).resolve().parent / "static"
DECAP = ROOT / "node_modules" / "decap-cms" / "dist"
# Everything from this origin; Decap compiles its config schema at run time ('unsafe-eval') and
# styles its widgets with inline <style> elements ('unsafe-inline'). No other origin at all.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'self'"  # no other site may frame the editor and have its buttons clicked
)
MAX_SAVE = 2 * 1024 * 1024  # a save carries one entry's files; the editor's nginx has the same limit
ADMIN_FILES = ("admin.js", "notices.js", "translations.js", "admin.css", "preview.js")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The editor app over `CONTENT_DIR` (HELPSITE_CONTENT_DIR overrides, as for the site)."""
    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(settings(test_config))
    app.config["MAX_CONTENT_LENGTH"] = MAX_SAVE
    # With review on, the content folder must sit in a Git clone: fail at start, not at the first save.
    repo = drafts.Repository(app.config["CONTENT_DIR"]) if app.config["EDITOR_REVIEW"] else None
    # The municipality's own layer is edited here and the national one is read-only (layer.py); the
    # review's drafts know one folder only, so with review on the editor stays as it was.
    own = editable_layer(app.config) if repo is None else None
    # Decap's config.yml, made from the content model once at start: a new field reaches the form by
    # a restart, with no generated file to keep in step.
    cms_config = render(review=repo is not None, municipality=own is not None)
    hosts = guard.allowed_hosts(app.config["EDITOR_HOST"])
    warm_up(app.config)
    renderer = preview.init_app(app)

    @app.before_request
    def own_pages_only() -> Response | tuple[Response, int] | None:
        """Another Host, or a request from another site, is refused before any read or write."""
        refused = guard.refusal(request.method, request.headers, hosts)
        if refused is None:
            return None
        status, message = refused
        if request.path.startswith("/api/"):
            return jsonify({"error": message}), status
        return Response(message, status, mimetype="text/plain")

    @app.get("/")
    @app.get("/admin")
    def home() -> WerkzeugResponse:
        return redirect("/admin/")

    @app.get("/favicon.ico")
    def favicon() -> Response:
        return send_from_directory(ROOT / "site" / "static", "favicon.png")

    @app.get("/admin/")
    def index() -> str:
        """Decap's page, headed with the site's and the municipality's names for the login screen."""
        return render_template(
            "index.html", site=app.config["SITE_NAME"], municipality=municipality_name(app.config)
        )

    @app.get("/admin/languages.json")
    def languages() -> Response:
        return jsonify(preview_model())

    @app.get("/admin/targets.json")
    def situation_targets() -> Response:
        """What a situation may show first (admin.js's hmv-target): read afresh, a new service too."""
        groups = {kind: labels[0] for kind, labels in LABELS.items()}
        return jsonify({"groups": groups, "targets": targets(app.config["CONTENT_DIR"])})

    @app.get("/admin/originals.json")
    def danish_originals() -> Response:
        """The Danish texts a translation collection translates (translations.js): read afresh."""
        return jsonify(originals.originals(app.config["CONTENT_DIR"], request.args.get("collection", "")))

    @app.get("/admin/faktaark")
    def fact_sheet() -> str:
        """The fact sheet, read-only: a save's message about a missing number points here."""
        shown = {"site": app.config["SITE_NAME"], "owner": app.config["FACT_SHEET_OWNER"]}
        return render_template("faktaark.html", sheet=factsheet.as_html(app.config["FACTS_FILE"]), **shown)

    @app.get("/admin/<name>")
    def admin_file(name: str) -> Response:
        if name == "config.yml":
            return Response(cms_config, mimetype="text/yaml")
        if name in ADMIN_FILES:
            return send_from_directory(STATIC, name)
        # decap-cms.js and the chunks it loads from beside itself.
        if re.fullmatch(r"[\w.-]+\.(js|css|wasm)", name) and (DECAP / name).is_file():
            return send_from_directory(DECAP, name)
        abort(404)

    @app.post("/admin/preview")
    def preview_page() -> Response | tuple[str, int]:
        """The preview pane's page: the unsaved form (JSON) rendered as the public site renders it."""
        sent = request.get_json(silent=True) if request.is_json else None
        if not isinstance(sent, dict) or not isinstance(sent.get("data"), dict):
            return "Forhåndsvisningen fik ingen formular at vise.", 400
        try:
            if repo is not None:
                workflow.person(request.headers.get(app.config["EDITOR_USER_HEADER"]))
            shown = [str(sent.get("collection") or ""), str(sent.get("path") or ""), sent["data"]]
            return Response(preview.render(app, renderer, *shown), mimetype="text/html")
        except workflow.Anonymous as exc:
            return str(exc), 401

    @app.route("/admin/changes/<collection>/<slug>", methods=["GET", "POST"])
    def changes(collection: str, slug: str) -> str | tuple[str, int]:
        """The reviewer's page of a draft; its POST approves the version the page showed (review.py)."""
        if repo is None:
            abort(404)  # without review there are no drafts: a save is published at once
        key, notice, status = f"{collection}/{slug}", "", 200
        try:
            user = workflow.person(request.headers.get(app.config["EDITOR_USER_HEADER"]))
            if request.method == "POST":
                try:
                    with SAVING:  # no save between the comparison of the commit and the record
                        notice = review.approve(repo, key, str(request.form.get("commit", ""))[:64], user)
                except Refused as exc:
                    notice, status = str(exc), 409
            page = review.page(repo, app.config["LANGUAGES"], app.config["FACTS_FILE"], key, user)
        except workflow.Anonymous as exc:
            return str(exc), 401
        except review.NotFound:
            return "Der er ingen kladde af den tekst: den er udgivet eller slettet.", 404
        shown = {"saved": _when(page["draft"].date), "notice": notice, "failed": status != 200}
        return render_template("changes.html", **shown, **page), status

    @app.post("/api/v1")
    def api() -> tuple[Response, int] | Response:
        config = app.config
        if not request.is_json:  # also keeps a plain cross-site form from posting here (a preflight)
            return jsonify({"error": "Forespørgslen skal være JSON (Content-Type: application/json)"}), 415
        try:
            body = api_input.body(request.get_data(cache=False))
            if repo is not None:  # review: every request names its person; drafts are the workflow's
                user = workflow.person(request.headers.get(config["EDITOR_USER_HEADER"]))
                if body.get("action") == "info":
                    info = {
                        "repo": repo.top.name,
                        "publish_modes": ["editorial_workflow"],
                        "type": "local_git",
                    }
                    return jsonify(info)
                if body.get("action") in workflow.ACTIONS:
                    args = (config["EDITOR_PUSH"], config["LANGUAGES"], config["FACTS_FILE"], body, user)
                    return jsonify(workflow.handle(repo, *args))
            return jsonify(
                handle(config["CONTENT_DIR"], config["LANGUAGES"], config["FACTS_FILE"], body, own)
            )
        except api_input.BadInput as exc:
            return jsonify({"error": f"Forespørgslen kunne ikke læses: {exc}"}), 400
        except Refused as exc:
            return jsonify({"error": str(exc)}), 422
        except workflow.Anonymous as exc:
            return jsonify({"error": str(exc)}), 401
        except workflow.NotFound as exc:
            return jsonify({"error": f"Ingen kladde: {exc}"}), 404
        except drafts.GitError as exc:
            return jsonify({"error": f"Git svarede: {exc}"}), 502
        except (KeyError, TypeError, ValueError, RecursionError) as exc:  # the form's text, read deeper
            return jsonify({"error": f"Forespørgslen kunne ikke læses ({str(exc)[:300]})"}), 400

    @app.errorhandler(413)
    def too_large(_: Exception) -> tuple[Response, int]:
        """A request over MAX_SAVE: said in Danish, as every other refusal."""
        return jsonify({"error": f"Forespørgslen er for stor (over {MAX_SAVE // 1024 // 1024} MB)"}), 413

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    return app


def warm_up(config: dict[str, Any]) -> threading.Thread:
    """Train the situation model in the background, so an editor's first save is checked as fast as
    the ones after it (training takes about 10 s on two cores; later checks reuse it)."""

    def run() -> None:
        # A broken file is reported by the save's own check, in Danish: nothing to say here.
        with contextlib.suppress(Exception):
            own = editable_layer(config)
            model.check(
                config["CONTENT_DIR"], config["LANGUAGES"], facts=config["FACTS_FILE"], municipality=own
            )

    thread = threading.Thread(target=run, name="editor-warm-up", daemon=True)
    thread.start()
    return thread


def editable_layer(config: dict[str, Any]) -> Path | None:
    """The municipality's folder the editor edits; None without one (national content alone)."""
    folder = config.get("MUNICIPALITY_DIR")
    return Path(folder) if folder is not None and Path(folder).is_dir() else None


def _when(iso: str) -> str:
    """A Git date as Danes write it, in the site's time zone: 1. december 2026 kl. 23.30."""
    when = dt.datetime.fromisoformat(iso).astimezone(TIMEZONE)
    return format_datetime(when, "d. MMMM y 'kl.' HH.mm", locale="da")
