"""Every redirect stays on the site: its Location is a path, never an address built from the Host header.

Werkzeug's trailing-slash redirect (`/da` to `/da/`) is absolute, built from the request's Host. Behind
nginx only the site's own names arrive, but gunicorn can be reached directly (on the machine, or from
another one when HOST is set), and there a forged Host made the site send visitors elsewhere. The site
never redirects off itself, so every Location becomes a path; a path that starts with two slashes (or
a backslash) is cut to one, since a browser reads `//host/` as another site. The one address off the
site is `/was`'s: the accessibility statement the owner configured (a setting, never the request).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, current_app
from werkzeug.utils import redirect


def local_location(location: str) -> str:
    """`location` as a path on this site, its query and fragment kept."""
    parts = urlsplit(location)
    path = "/" + parts.path.lstrip("/\\")
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def keep_on_site(response: Response) -> Response:
    """Rewrite a redirect's Location (and the short page naming it) to a path on this site."""
    location = response.headers.get("Location")
    if location is None:
        return response
    statement = current_app.config.get("ACCESSIBILITY_URL") or None
    if location == statement and response.status_code == 303:
        return response
    local = local_location(location)
    if local != location:
        response.headers["Location"] = local
        # Werkzeug's redirect page names the target too: the same page, for the path.
        response.set_data(redirect(local, response.status_code).get_data())
    return response


def init_app(app: Flask) -> None:
    """Check every response's Location on its way out (Flask's routing redirects included)."""
    app.after_request(keep_on_site)
