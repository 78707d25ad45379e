"""The editor's routes: Decap's pages and files, config.yml, the preview, the changes page and the API.

The views read the app's config and its EditorState (state.py); the guard, the headers and the 413
answer below are registered on the whole app by init_app, so they cover every request, a 404 too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from babel.dates import format_datetime
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from werkzeug.wrappers import Response as WerkzeugResponse

from ..config import ROOT, municipality_name
from ..languages import TIMEZONE
from . import api_input, drafts, factsheet, guard, originals, preview, review, workflow
from .backend import SAVING, Refused, handle
from .config import LABELS, preview_model
from .situations import targets
from .state import editor

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
# Code that is the same for everyone (Decap's 5 MB bundle and its chunks, the editor's own scripts and
# styles) may be kept by the browser if it asks again each time (an ETag, then 304): the editor front
# sends it uncompressed, so a reload cost the whole bundle again. Every other answer (entries, drafts,
# config.yml, messages) is never kept.
CODE_CACHE = "no-cache"

bp = Blueprint("editor", __name__)


def own_pages_only() -> Response | tuple[Response, int] | None:
    """Another Host, or a request from another site, is refused before any read or write."""
    refused = guard.refusal(request.method, request.headers, editor().hosts)
    if refused is None:
        return None
    status, message = refused
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), status
    return Response(message, status, mimetype="text/plain")


@bp.get("/")
@bp.get("/admin")
def home() -> WerkzeugResponse:
    """The editor's own page is /admin/."""
    return redirect("/admin/")


@bp.get("/favicon.ico")
def favicon() -> Response:
    """The site's favicon."""
    return send_from_directory(ROOT / "site" / "static", "favicon.png")


@bp.get("/admin/")
def index() -> str:
    """Decap's page, headed with the site's and the municipality's names for the login screen."""
    config = current_app.config
    return render_template("index.html", site=config["SITE_NAME"], municipality=municipality_name(config))


@bp.get("/admin/languages.json")
def languages() -> Response:
    """The languages and fields the preview pane shows (preview.js)."""
    return jsonify(preview_model())


@bp.get("/admin/targets.json")
def situation_targets() -> Response:
    """What a situation may show first (admin.js's hmv-target): read afresh, a new service too."""
    groups = {kind: labels[0] for kind, labels in LABELS.items()}
    return jsonify({"groups": groups, "targets": targets(current_app.config["CONTENT_DIR"])})


@bp.get("/admin/originals.json")
def danish_originals() -> Response:
    """The Danish texts a translation collection translates (translations.js): read afresh."""
    collection = request.args.get("collection", "")
    return jsonify(originals.originals(current_app.config["CONTENT_DIR"], collection))


@bp.get("/admin/faktaark")
def fact_sheet() -> str:
    """The fact sheet, read-only: a save's message about a missing number points here."""
    config = current_app.config
    shown = {"site": config["SITE_NAME"], "owner": config["FACT_SHEET_OWNER"]}
    return render_template("faktaark.html", sheet=factsheet.as_html(config["FACTS_FILE"]), **shown)


@bp.get("/admin/<name>")
def admin_file(name: str) -> Response:
    """config.yml from memory, the editor's own scripts and styles, and Decap's files."""
    if name == "config.yml":
        return Response(editor().cms_config, mimetype="text/yaml")
    if name in ADMIN_FILES:
        return _code(send_from_directory(STATIC, name))
    # decap-cms.js and the chunks it loads from beside itself.
    if re.fullmatch(r"[\w.-]+\.(js|css|wasm)", name) and (DECAP / name).is_file():
        return _code(send_from_directory(DECAP, name))
    abort(404)


def _code(response: Response) -> Response:
    """Mark a file of code as one the browser may keep, asking again each time (see CODE_CACHE)."""
    g.code = True
    return response


@bp.post("/admin/preview")
def preview_page() -> Response | tuple[str, int]:
    """The preview pane's page: the unsaved form (JSON) rendered as the public site renders it."""
    state, config = editor(), current_app.config
    sent = request.get_json(silent=True) if request.is_json else None
    if not isinstance(sent, dict) or not isinstance(sent.get("data"), dict):
        return "Forhåndsvisningen fik ingen formular at vise.", 400
    try:
        if state.repo is not None:
            workflow.person(request.headers.get(config["EDITOR_USER_HEADER"]))
        shown = [str(sent.get("collection") or ""), str(sent.get("path") or ""), sent["data"]]
        return Response(preview.render(current_app, state.renderer, *shown), mimetype="text/html")
    except workflow.Anonymous as exc:
        return str(exc), 401


@bp.route("/admin/changes/<collection>/<slug>", methods=["GET", "POST"])
def changes(collection: str, slug: str) -> str | tuple[str, int]:
    """The reviewer's page of a draft; its POST approves the version the page showed (review.py)."""
    repo, config = editor().repo, current_app.config
    if repo is None:
        abort(404)  # without review there are no drafts: a save is published at once
    key, notice, status = f"{collection}/{slug}", "", 200
    try:
        user = workflow.person(request.headers.get(config["EDITOR_USER_HEADER"]))
        if request.method == "POST":
            try:
                with SAVING:  # no save between the comparison of the commit and the record
                    notice = review.approve(repo, key, str(request.form.get("commit", ""))[:64], user)
            except Refused as exc:
                notice, status = str(exc), 409
        page = review.page(repo, config["LANGUAGES"], config["FACTS_FILE"], key, user)
    except workflow.Anonymous as exc:
        return str(exc), 401
    except review.NotFound:
        return "Der er ingen kladde af den tekst: den er udgivet eller slettet.", 404
    shown = {"saved": _when(page["draft"].date), "notice": notice, "failed": status != 200}
    return render_template("changes.html", **shown, **page), status


@bp.post("/api/v1")
def api() -> tuple[Response, int] | Response:
    """Decap's local-backend API: reads and saves, and with review on the drafts' workflow."""
    state, config = editor(), current_app.config
    repo = state.repo
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
            handle(config["CONTENT_DIR"], config["LANGUAGES"], config["FACTS_FILE"], body, state.own)
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


def too_large(_: Exception) -> tuple[Response, int]:
    """A request over MAX_SAVE: said in Danish, as every other refusal."""
    return jsonify({"error": f"Forespørgslen er for stor (over {MAX_SAVE // 1024 // 1024} MB)"}), 413


def headers(response: Response) -> Response:
    """The editor's CSP and privacy headers on every answer; nothing but its code is kept by a browser."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = CODE_CACHE if g.get("code") else "no-store"
    return response


def _when(iso: str) -> str:
    """A Git date as Danes write it, in the site's time zone: 1. december 2026 kl. 23.30."""
    when = dt.datetime.fromisoformat(iso).astimezone(TIMEZONE)
    return format_datetime(when, "d. MMMM y 'kl.' HH.mm", locale="da")
