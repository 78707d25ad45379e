"""The site's routes: thin functions that ask content and search, then render a template."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from . import formats, i18n
from .content import AUDIENCES, CATEGORIES, Content
from .search import is_current, read_current

bp = Blueprint("site", __name__, url_prefix="/<lang:lang>")

# Labels for the structured values, translated through the catalogues.
CATEGORY_LABELS = {
    "hotline": _l("Hotlines"),
    "crisis-centre": _l("Crisis centres"),
    "honour": _l("Honour-related conflicts"),
    "perpetrators": _l("Help to stop using violence"),
    "children": _l("Children and young people"),
    "municipal": _l("Hvidovre Kommune's own services"),
    "victim-support": _l("Victim support"),
    "emergency": _l("Police"),
}
AUDIENCE_LABELS = {
    "victims": _l("I am subjected to violence"),
    "relatives": _l("I am worried about someone"),
    "perpetrators": _l("I use violence and want to stop"),
    "young": _l("I am a child or young person"),
    "professionals": _l("I work with people (professionals)"),
}
# The topics on the home page, in the order a person in crisis needs them.
TOPICS = ("crisis-centre", "honour", "perpetrators", "children", "municipal", "victim-support", "emergency")


def content() -> Content:
    """The content the app serves now."""
    return current_app.extensions["helpsite.store"].content


@bp.get("/")
def index() -> str:
    """Home: 112, the crisis lines, ways in by who you are and by topic."""
    all_services = content().list_services(g.lang)
    return render_template(
        "index.html",
        crisis_lines=[s for s in all_services if s.item.crisis_line],
        audiences=[(a, AUDIENCE_LABELS[a]) for a in AUDIENCES],
        topics=[(c, CATEGORY_LABELS[c]) for c in TOPICS],
        pages=content().list_pages(g.lang),
    )


@bp.get("/services/<service_id>")
def service(service_id: str) -> str:
    """One directory entry."""
    entry = content().service(service_id, g.lang)
    if entry is None:
        abort(404)
    related = [
        s for s in content().list_services(g.lang, category=entry.item.category) if s.item.id != service_id
    ]
    return render_template(
        "service.html", entry=entry, category_label=CATEGORY_LABELS[entry.item.category], related=related
    )


@bp.get("/pages/<slug>")
def page(slug: str) -> str | Response:
    """A content page."""
    if slug == "safety":  # one address for the safety page
        return redirect(url_for("site.safety"), code=301)
    entry = content().page(slug, g.lang)
    if entry is None:
        abort(404)
    return render_template("page.html", entry=entry)


@bp.get("/safety")
def safety() -> str:
    """How to hide a visit."""
    entry = content().page("safety", g.lang)
    if entry is None:
        abort(404)
    return render_template("page.html", entry=entry)


def _choice(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.values.get(name) or None
    return value if value in allowed else None


@bp.route("/search", methods=["GET", "POST"])
def search() -> str | Response:
    """Search (POST, so the words stay out of URLs) and browse by audience or category."""
    audience = _choice("audience", AUDIENCES)
    category = _choice("category", CATEGORIES)
    query = request.form.get("q", "") if request.method == "POST" else ""
    engine = current_app.extensions["helpsite.search"]
    outcome = engine.search(query, g.lang, audience=audience, category=category)
    results = []
    for hit in outcome.hits:
        entry = (content().service if hit.kind == "service" else content().page)(hit.id, g.lang)
        if entry is not None:
            results.append((hit, entry))
    if request.method == "POST" and request.accept_mimetypes.best == "application/json":
        return jsonify(
            query=outcome.query,
            results=[
                {
                    "id": hit.id,
                    "kind": hit.kind,
                    "title": entry.text.title,
                    "url": url_for(
                        f"site.{hit.kind}", **{"service_id" if hit.kind == "service" else "slug": hit.id}
                    ),
                    "lang": entry.text.lang,
                    "snippet": hit.snippet or entry.text.summary,
                }
                for hit, entry in results
            ],
            suggestion=outcome.suggestion,
        )
    # site.js asks for the results alone and puts them in the page (no new history entry).
    fragment = request.headers.get("X-Fragment") == "results"
    return render_template(
        "components/results.html" if fragment else "search.html",
        query=outcome.query,
        searched=request.method == "POST" or bool(audience or category),
        results=results,
        suggestion=outcome.suggestion,
        audience=audience,
        category=category,
        audiences=[(a, AUDIENCE_LABELS[a]) for a in AUDIENCES],
        categories=[(c, CATEGORY_LABELS[c]) for c in CATEGORIES],
        topics=[(c, CATEGORY_LABELS[c]) for c in TOPICS],
    )


def root() -> Response:
    """`/`: send the reader to the best of our languages for the browser."""
    response = redirect(url_for("site.index", lang=i18n.best_language(current_app)), code=303)
    response.vary.add("Accept-Language")
    return response


def favicon() -> Response:
    """Browsers ask for /favicon.ico on their own: a plain square in the site's colour, not a 404 page."""
    # A PNG: every browser takes one at this address, and it displays if opened as a page.
    return current_app.send_static_file("favicon.png")


def healthz() -> Response:
    """For the load balancer: the app is up and has content."""
    return Response("ok", mimetype="text/plain")


def not_ready_because() -> str | None:
    """Why this worker should not be sent visitors yet, or None when it is ready."""
    store = current_app.extensions["helpsite.store"]
    served = store.content
    if not served.fingerprint:
        return "no content is loaded"
    current = read_current(store.index_dir)
    if current is None:
        return "the search index has no current build"
    if current == store.rejected:
        return "the newest build is for content that did not load: serving the last good content"
    if store.generation != current:
        return "switching to the newest build of the search index"
    if not is_current(store.index_dir, served):
        return "the current search index is not a build of the content being served"
    return None


def readyz() -> tuple[Response, int]:
    """For systemd and orchestrators: content is loaded and the search index is its current build."""
    reason = not_ready_because()
    if reason is None:
        return Response("ready", mimetype="text/plain"), 200
    return Response(f"not ready: {reason}", mimetype="text/plain"), 503


def error_page(error: HTTPException) -> tuple[str, int, dict[str, str]]:
    """Every error as a page in the reader's language, with 112 and 1888 on it."""
    if g.get("lang") is None:
        # No route matched (so no URL value was taken): read the prefix ourselves.
        prefix = request.path.strip("/").split("/", 1)[0]
        g.lang = prefix if i18n.is_language(current_app, prefix) else i18n.DEFAULT_LANGUAGE
    if request_ctx.url_adapter is None:
        # A Host header Werkzeug cannot use (400 BadHost) leaves no URL builder; the page's links are
        # relative paths, so any name will do to build them.
        request_ctx.url_adapter = current_app.url_map.bind("localhost", script_name=request.root_path or "/")
    lines = content().list_services(g.lang)
    # Keep the headers the error carries that a client needs (405: Allow, as RFC 9110 requires).
    headers = {k: v for k, v in error.get_headers() if k in ("Allow", "Retry-After", "WWW-Authenticate")}
    return (
        render_template("error.html", error=error, crisis_lines=[s for s in lines if s.item.crisis_line]),
        error.code or 500,
        headers,
    )


def init_app(app: Flask) -> None:
    """Register the blueprint, the root redirect, health check and error pages."""
    app.register_blueprint(bp)
    app.add_url_rule("/", "root", root)
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/readyz", "readyz", readyz)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
    app.register_error_handler(HTTPException, error_page)

    @app.context_processor
    def shared() -> dict:
        lang = g.get("lang") or i18n.DEFAULT_LANGUAGE
        return {
            "category_labels": CATEGORY_LABELS,
            "audience_labels": AUDIENCE_LABELS,
            "footer_pages": [p for p in content().list_pages(lang) if p.item.slug != "safety"],
            "same_page_in": same_page_in,
        }

    app.add_template_filter(formats.day_range)
    app.add_template_filter(formats.hhmm)
    app.add_template_filter(formats.language_name)
    app.add_template_filter(formats.long_date)
    app.add_template_filter(formats.short_url)


def same_page_in(code: str) -> str:
    """The address of the page being shown, in another language (GET only; else its home)."""
    endpoint, args = request.endpoint, dict(request.view_args or {})
    if (
        endpoint
        and endpoint.startswith(("site.", "sheet."))
        and request.method == "GET"
        and not g.get("bad_lang")
        and request.routing_exception is None
    ):
        # Query keys that url_for itself takes (endpoint, _external, _anchor, ...) or that would clash
        # with the route's own values are not ours: drop them rather than let them change the link.
        query = {
            key: values
            for key, values in request.args.to_dict(flat=False).items()
            if key not in args and key not in ("lang", "endpoint") and not key.startswith("_")
        }
        return url_for(endpoint, **{**query, **args, "lang": code})
    return url_for("site.index", lang=code)
