"""The privacy notice (site/content/pages/privacy*.md) says what the code does, in all nine languages."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from servers import errorlog

from helpsite import ROOT
from helpsite.web.lowtrace import NoSessionInterface, redact

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
DANISH = (ROOT / "site" / "content" / "pages" / "privacy.md").read_text(encoding="utf-8")
NGINX = (ROOT / "deploy" / "nginx" / "helpsite.conf.in").read_text(encoding="utf-8")
GUNICORN = (ROOT / "gunicorn.conf.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_notice_is_in_every_language_and_linked_from_every_footer(client: FlaskClient, lang: str) -> None:
    page = client.get(f"/{lang}/pages/privacy").get_data(as_text=True)
    assert f'<div class="body" lang="{lang}"' not in page  # its own text, not the Danish one marked
    assert "datatilsynet.dk" in page
    home = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'href="/{lang}/pages/privacy"' in home[home.index("<footer") :]


def test_the_notice_names_the_controller_and_dpo_from_the_settings(client: FlaskClient) -> None:
    page = client.get("/da/pages/privacy").get_data(as_text=True)
    assert "<dt>Dataansvarlig</dt><dd>Testkommune</dd>" in page
    assert '<dt>Databeskyttelsesrådgiver</dt><dd><a href="mailto:dpo@example.dk">' in page


def test_the_notice_states_what_art_13_asks() -> None:
    for claim in (
        "ingen cookies",
        "IP-adresse",
        "hukommelse",
        "ingen adgangslog",
        "Fejlloggen",
        "versionshistorikken (Git)",
        "artikel 6, stk. 1, litra e",
        "databehandler",
        "uden for EU/EØS",
        "indsigt",
        "Datatilsynet",
    ):
        assert claim in DANISH, claim


def test_no_cookie_and_no_session_as_the_notice_says(app: Flask, client: FlaskClient) -> None:
    for path in ("/da/", "/da/pages/privacy", "/da/services/danner", "/was", "/robots.txt", "/nowhere"):
        assert "Set-Cookie" not in client.get(path).headers, path
    assert "Set-Cookie" not in client.post("/da/search", data={"q": "vold"}).headers
    assert isinstance(app.session_interface, NoSessionInterface)


def test_nginx_keeps_no_access_log_and_sends_its_errors_to_the_redactor() -> None:
    assert re.findall(r"(?m)^\s*access_log\s+([^;]+);", NGINX) == ["off"]
    assert "error_log @ERROR_LOG@" in NGINX
    assert 'proxy_set_header X-Forwarded-For "";' in NGINX  # the app never learns an address


def test_the_apps_log_line_has_time_page_status_size_duration_only() -> None:
    (fmt,) = re.findall(r"access_log_format = '(.*)'", GUNICORN)
    assert set(re.findall(r"%\((\w+)\)s", fmt)) == {"t", "m", "U", "s", "B", "M"}  # U: path without query


def test_the_error_log_loses_addresses_queries_and_referrers() -> None:
    line = redact("Error handling request /da/search?q=han+slår 10.1.2.3 and 2001:db8::1")
    assert "10.1.2.3" not in line and "2001:db8::1" not in line and "slår" not in line
    nginx = errorlog.clean(
        b"<27>nginx: [error] 12#12: *3 open() failed, client: 192.0.2.7, server: x, "
        b'request: "GET /da/?q=slag HTTP/1.1", referrer: "https://a.example/"'
    )
    assert "192.0.2.7" not in nginx and "slag" not in nginx and "a.example" not in nginx
