"""The directory as Open Referral HSDS 3.0 JSON, shaped like the HSDS API (`/api/hsds/...`).

Services and organizations only (the records are built in hsds_records.py). Danish by default,
`?lang=<code>` for another of the site's languages.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..content.model import Content
from ..languages import DEFAULT_LANGUAGE
from .hsds_records import make_id, organization_record, organizations, service_record
from .i18n import municipality_name

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")

HSDS_VERSION = "3.0"
# The open data's licence (LICENSE-content): CC BY 4.0, so anyone may reuse it if they name the source.
DATA_LICENSE = {
    "name": "Creative Commons Attribution 4.0 International",
    "spdx": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}
PER_PAGE = 50
MAX_PER_PAGE = 100


class ApiError(HTTPException):
    """An error answered as JSON, since API clients cannot read the HTML error page."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def get_response(self, environ: object = None, scope: object = None) -> Response:
        """The error as `{"error": ..., "message": ...}`."""
        response = jsonify(error=self.code, message=self.message)
        response.status_code = self.code or 500
        return response


def _content() -> Content:
    return current_app.extensions["helpsite.store"].content


def _language() -> str:
    lang = request.args.get("lang", DEFAULT_LANGUAGE)
    if lang not in current_app.config["LANGUAGES"]:
        raise ApiError(
            400, f"unknown lang {lang[:20]!r}; use one of: {', '.join(current_app.config['LANGUAGES'])}"
        )
    g.lang = lang  # gettext and the formats follow the response's language
    return lang


def _page(items: list[Any]) -> tuple[list[Any], dict[str, Any]]:
    """One page of `items` and the HSDS API's page fields (`page` from 1, `per_page` up to 100)."""
    try:
        number = int(request.args.get("page", 1))
        size = int(request.args.get("per_page", PER_PAGE))
    except ValueError:
        raise ApiError(400, "page and per_page must be whole numbers") from None
    if number < 1 or not 1 <= size <= MAX_PER_PAGE:
        raise ApiError(400, f"page must be 1 or more, per_page between 1 and {MAX_PER_PAGE}")
    pages = max(1, math.ceil(len(items) / size))
    chosen = items[(number - 1) * size : number * size]
    return chosen, {
        "total_items": len(items),
        "total_pages": pages,
        "page_number": number,
        "size": len(chosen),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not chosen,
    }


@bp.get("/")
def about() -> Response:
    """What this API is (the HSDS API's required `/`)."""
    return jsonify(
        version=HSDS_VERSION,
        description=f"{current_app.config['SITE_NAME']}: {municipality_name(DEFAULT_LANGUAGE)}",
        publisher={"name": municipality_name(DEFAULT_LANGUAGE)},
        license=DATA_LICENSE,
    )


@bp.get("/services")
def services() -> Response:
    """A page of fully nested services."""
    lang = _language()
    content = _content()
    chosen, page = _page(content.ordered_services())
    return jsonify(**page, contents=[service_record(s, content, lang) for s in chosen])


@bp.get("/services/<service_uuid>")
def service(service_uuid: str) -> Response:
    """One fully nested service, by its UUID."""
    lang = _language()
    content = _content()
    found = next((s for s in content.services.values() if make_id("service", s.id) == service_uuid), None)
    if found is None:
        raise ApiError(404, "no service with that id")
    return jsonify(service_record(found, content, lang))


@bp.get("/organizations")
def organization_list() -> Response:
    """A page of organizations, each with its services."""
    lang = _language()
    content = _content()
    chosen, page = _page(list(organizations(content).values()))
    return jsonify(**page, contents=[organization_record(o, content, lang, full=True) for o in chosen])


@bp.get("/organizations/<org_uuid>")
def organization(org_uuid: str) -> Response:
    """One organization with its services, by its UUID."""
    lang = _language()
    content = _content()
    found = next((o for o in organizations(content).values() if o.id == org_uuid), None)
    if found is None:
        raise ApiError(404, "no organization with that id")
    return jsonify(organization_record(found, content, lang, full=True))


@bp.get("/<path:rest>")
def unknown(rest: str) -> Response:
    """Any other address under the API: a JSON 404, not the HTML page."""
    raise ApiError(404, "no such endpoint; see /api/hsds/services and /api/hsds/organizations")


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    """Errors under the API stay JSON (the site's handler would answer with an HTML page)."""
    return error.get_response()


@bp.after_request
def licensed(response: Response) -> Response:
    """Every answer names its licence (RFC 8288 `rel="license"`), so a copied record keeps it."""
    response.headers["Link"] = f'<{DATA_LICENSE["url"]}>; rel="license"'
    return response


def init_app(app: Flask) -> None:
    """Register the API."""
    app.register_blueprint(bp)
