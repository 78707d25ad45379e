"""Every redirect stays on the site whatever Host a request names (gunicorn can be reached directly)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

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
