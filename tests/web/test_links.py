"""web/links.py: where a service or a page lives, and a body's `service:`/`page:` links made addresses."""

from __future__ import annotations

import re

import pytest
from flask import Flask, url_for
from flask.testing import FlaskClient

from helpsite.content.markdown import internal_links, render_markdown
from helpsite.content.model import SAFETY, Localised, localise
from helpsite.web import links

MARKER = re.compile(r'href="(service|page):([^"]*)"')


def test_an_entry_s_address_is_its_route(app: Flask, client: FlaskClient) -> None:
    with app.test_request_context("/"):
        assert links.url(links.SERVICE, "danner", "en") == "/en/services/danner"
        assert links.url(links.PAGE, "about", "ar") == "/ar/pages/about"
        assert links.url(links.PAGE, SAFETY, "da") == "/da/safety"  # the one page with its own address
        content = app.extensions["helpsite.store"].content
        assert links.entry_url(localise(content.services["danner"], "fa")) == "/fa/services/danner"
        addresses = [links.url(links.SERVICE, sid, "uk") for sid in content.services]
        addresses += [links.url(links.PAGE, slug, "uk") for slug in content.pages]
    for address in addresses:
        assert client.get(address).status_code == 200, address


def test_a_body_s_links_lead_into_the_reader_s_language(app: Flask, client: FlaskClient) -> None:
    content = app.extensions["helpsite.store"].content
    text = content.services["danner"].texts["en"]
    assert ("service", "lev-uden-vold") in text.linked
    assert 'href="service:lev-uden-vold"' in text.body_html  # the content names the entry only
    item = content.services["danner"]
    for lang in ("en", "ar"):  # an English text shown on an Arabic page links to Arabic pages
        with app.test_request_context(f"/{lang}/"):
            shown = str(links.body(Localised(item, item.texts["en"], lang)))
        assert f'href="/{lang}/services/lev-uden-vold"' in shown and "service:" not in shown
    page = client.get("/ar/services/danner").get_data(as_text=True)
    assert 'href="/ar/services/lev-uden-vold"' in page and 'href="service:' not in page


def test_every_link_a_body_holds_is_one_the_check_saw(app: Flask) -> None:
    """No link reaches a page unchecked: each marker in the HTML is among the links the check reads."""
    content = app.extensions["helpsite.store"].content
    texts = [text for item in content.items() for text in item.texts.values()]
    assert sum(len(text.linked) for text in texts) > 100  # the real content links a lot
    for text in texts:
        markers = {(kind, key) for kind, key in MARKER.findall(text.body_html)}
        assert markers <= set(text.linked), text.path


def test_a_written_out_address_reads_as_the_entry_web_builds_it_for(app: Flask) -> None:
    """The check reads an address copied from the address bar by content/'s folders (it runs below
    web/, content/markdown.py): every address web/ builds must read back as its own entry."""
    content = app.extensions["helpsite.store"].content
    with app.test_request_context("/"):
        for lang in app.config["LANGUAGES"]:
            for kind, keys in ((links.SERVICE, content.services), (links.PAGE, content.pages)):
                for key in keys:
                    found = internal_links(f"[here]({links.url(kind, key, lang)})", 1)
                    # /<lang>/safety has no folder in it: written out, it is not read (as before).
                    assert found == (() if key == SAFETY else ((kind, key, 1),)), (kind, key, lang)


def test_each_address_is_built_once(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    real = links._build
    monkeypatch.setattr(links, "_build", lambda *args: built.append(args) or real(*args))
    app.extensions["helpsite.links"].clear()
    html, _ = render_markdown("[a](service:danner) [b](page:safety) [c](service:danner) [d](page:about)")
    with app.test_request_context("/da/"):
        first = links.resolve(html, "da")
        assert links.resolve(html, "da") == first
    assert sorted(built) == [("page", "about", "da"), ("page", "safety", "da"), ("service", "danner", "da")]
    assert first.count('href="/da/services/danner"') == 2 and 'href="/da/safety"' in first
    with app.test_request_context("/da/", base_url="http://localhost/under"):  # another script root
        assert 'href="/under/da/pages/about"' in links.resolve(html, "da")


def test_an_odd_link_is_escaped_once_and_never_breaks_the_page(app: Flask) -> None:
    html, _ = render_markdown("[a](service:a&b) [b](service:æ) [c](page:) <a href='page:x'>d</a>")
    with app.test_request_context("/en/"):
        shown = links.resolve(html, "en")
    assert 'href="/en/services/a&amp;b"' in shown and 'href="/en/services/%C3%A6"' in shown
    assert 'href="/en/pages/"' in shown and 'href="/en/pages/x"' in shown
    assert "service:" not in shown and "page:" not in shown


@pytest.mark.parametrize("root", ["", "/hjaelp"])
def test_the_templates_url_for_builds_what_flasks_builds_in_every_request(app: Flask, root: str) -> None:
    """Kept per app, each address is keyed by what url_for reads of the request: its language, its root."""
    asked = [
        ("site.index", {}),
        ("site.safety", {}),
        ("site.index", {"lang": "uk"}),
        ("site.search", {"category": "hotline"}),
        ("static", {"filename": "site.css"}),
        ("was", {}),
        ("site.index", {"_external": True}),
    ]
    for lang in ("da", "ar", "da"):
        with app.test_request_context(f"/{lang}/", environ_overrides={"SCRIPT_NAME": root}):
            app.preprocess_request()  # the request's language, as a request to /<lang>/ has it
            for endpoint, values in asked:
                assert links.kept_url_for(endpoint, **values) == url_for(endpoint, **values)
    assert app.jinja_env.globals["url_for"] is links.kept_url_for
