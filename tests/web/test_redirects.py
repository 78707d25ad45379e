"""Every redirect stays on the site whatever Host a request names (gunicorn can be reached directly),
and the way to HTTPS leaves little behind in a browser."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from helpsite.web import lowtrace

FORGED = "evil.example"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/da", "/da/"),  # Werkzeug's trailing-slash redirect, built from Host before
        ("/en?audience=victims", "/en/?audience=victims"),
        ("///da", "/da/"),  # never "//da/": a browser reads that as another host
        ("/da/pages/safety", "/da/safety"),
        ("/", "/da/"),
    ],
)
def test_a_redirect_location_is_a_path_on_this_site(client: FlaskClient, path: str, target: str) -> None:
    for host in (FORGED, f"{FORGED}:8443", "localhost"):
        response = client.get(path, headers={"Host": host})
        assert 300 <= response.status_code < 400, (path, response.status_code)
        assert response.headers["Location"] == target, (path, host)
        assert FORGED not in response.get_data(as_text=True)  # nor in the page that names the target


def test_hsts_is_remembered_for_an_hour_not_a_year() -> None:
    """Deleting this site's pages from the history (the safety page's advice) leaves HSTS behind."""
    value = lowtrace.HEADERS["Strict-Transport-Security"]
    match = re.fullmatch(r"max-age=(\d+)", value)
    assert match and 0 < int(match.group(1)) <= 3600, value
