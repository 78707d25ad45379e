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
from werkzeug.wrappers import Response as WerkzeugResponse

from ..content.model import SAFETY, Content, Localised, Service
from ..languages import DANISH
from ..search.engine import MAX_QUERY_LENGTH, Engine
from ..taxonomy import AUDIENCES, CATEGORIES, TOPICS
from . import cards, i18n, links
from .cards import ResultCards, chosen
from .i18n import CATEGORY_LABELS, audience_choices, category_choices
from .padding import padded

bp = Blueprint("site", __name__, url_prefix="/<lang:lang>")


def content() -> Content:
    """The content the app serves now."""
    return current_app.extensions["helpsite.store"].content


def crisis_lines(lang: str) -> list[Localised]:
    """The crisis lines, shown first on the home page and on every error page."""
    return [s for s in content().list_services(lang) if isinstance(s.item, Service) and s.item.crisis_line]


@bp.get("/")
def index() -> str:
    """Home: 112, the crisis lines, ways in by who you are and by topic."""
    return render_template(
        "site/index.html",
        crisis_lines=crisis_lines(g.lang),
        audiences=audience_choices(AUDIENCES),
        topics=category_choices(TOPICS),
        pages=content().listed_pages(g.lang),
    )


@bp.get("/services/<service_id>")
def service(service_id: str) -> str:
    """One directory entry."""
    entry = content().service(service_id, g.lang)
    if entry is None or not isinstance(entry.item, Service):
        abort(404)
    category = entry.item.category
    related = [s for s in content().list_services(g.lang, category=category) if s.item.key != service_id]
    return render_template(
        "site/service.html", entry=entry, category_label=CATEGORY_LABELS[category], related=related
    )


@bp.get("/pages/<slug>")
def page(slug: str) -> str | WerkzeugResponse:
    """A content page."""
    if slug == SAFETY:  # one address for the safety page
        return redirect(links.url(links.PAGE, SAFETY, g.lang), code=301)
    entry = content().page(slug, g.lang)
    if entry is None:
        abort(404)
    return render_template("site/page.html", entry=entry)


@bp.get(f"/{SAFETY}")
def safety() -> str:
    """How to hide a visit."""
    entry = content().page(SAFETY, g.lang)
    if entry is None:
        abort(404)
    return render_template("site/page.html", entry=entry)


# The services that answer in writing, for a person who cannot talk (their texts are in write.html).
WRITTEN = ("danner", "boernetelefonen", "offerraadgivningen", "dialog-mod-vold")


@bp.get("/write")
def write() -> str:
    """Cannot talk safely: the written ways in that our sources confirm, and the quick exit."""
    services = {sid: content().service(sid, g.lang) for sid in WRITTEN}
    return render_template("site/write.html", services={k: v for k, v in services.items() if v is not None})


def _choice(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.values.get(name) or None
    return value if value in allowed else None


def _labels(audience: str | None, category: str | None) -> list[str]:
    """The labels of the chosen audience and topic, in the reader's language."""
    labels = [label for _, label in audience_choices([audience])] if audience else []
    return labels + [label for _, label in category_choices([category])] if category else labels


@bp.route("/search", methods=["GET", "POST"])
def search() -> str | Response:
    """Search (POST, so the words stay out of URLs) and browse by audience or category."""
    audience = _choice("audience", AUDIENCES)
    category = _choice("category", CATEGORIES)
    query = request.form.get("q", "") if request.method == "POST" else ""
    engine: Engine = current_app.extensions["helpsite.search"]
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
                    "url": links.entry_url(entry),
                    "lang": entry.text.lang,
                    "snippet": hit.snippet or entry.text.summary,
                }
                for hit, entry in results
            ],
            suggestion=outcome.suggestion,
            urgent=outcome.urgent,
            situation=outcome.situation,
        )
    # site.js asks for the results alone and puts them in the page (no new history entry). Only a
    # search (POST) is answered so: a GET page is the same whole page for everyone (web/pagecache.py).
    fragment = request.method == "POST" and request.headers.get("X-Fragment") == "results"
    # A GET with a filter is browsing by audience or topic: a page of its own, titled by the choice.
    browse = request.method == "GET" and bool(audience or category)
    template = "components/results.html" if fragment else "site/browse.html" if browse else "site/search.html"
    kept: ResultCards = current_app.extensions["helpsite.cards"]
    html = render_template(
        template,
        browse=browse,
        heading=" · ".join(_labels(audience, category)),
        query=outcome.query,
        searched=request.method == "POST" or bool(audience or category),
        results=results,
        cards=chosen(kept.cards(content(), g.lang), (hit for hit, _ in results)),
        suggestion=outcome.suggestion,
        urgent=outcome.urgent,
        fragment=fragment,
        audience=audience,
        category=category,
        audiences=audience_choices(AUDIENCES),
        categories=category_choices(CATEGORIES),
        topics=category_choices(TOPICS),
    )
    return padded(html) if request.method == "POST" else html


def root() -> WerkzeugResponse:
    """`/`: send the reader to the best of our languages for the browser."""
    response = redirect(url_for("site.index", lang=i18n.best_language(current_app)), code=303)
    response.vary.add("Accept-Language")
    return response


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
    return links.kept_url_for("site.index", lang=code)


def _shared() -> dict:
    return {"footer_pages": content().listed_pages(i18n.lang_code())}


def init_app(app: Flask) -> None:
    """Register the blueprint, the root redirect and what every template may use."""
    app.register_blueprint(bp)
    links.init_app(app)
    cards.init_app(app)
    app.add_url_rule("/", "root", root)
    app.context_processor(_shared)
    # Globals, not context: imported macros (components/, sheet/parts.html) see them too.
    app.jinja_env.globals.update(
        same_page_in=same_page_in,
        max_query_length=MAX_QUERY_LENGTH,
        danish_language=DANISH,
    )
