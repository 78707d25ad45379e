"""The editor answers only its own Host and its own pages (issue 19, finding 5): no DNS rebinding, no CSRF;
and a browser keeps nothing of it but its code."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_editor_api import decap_save

from helpsite.editor import create_app

DANNER = "services/danner.md"


def client(root: Path, host_setting: str = ""):
    return create_app({"TESTING": True, "CONTENT_DIR": root, "EDITOR_HOST": host_setting}).test_client()


def read(editor, headers: dict):
    body = {"action": "getEntry", "params": {"branch": "main", "path": DANNER}}
    return editor.post("/api/v1", json=body, headers=headers)


def save(editor, root: Path, headers: dict):
    """Decap's save of a changed summary, sent with `headers`."""
    view = read(editor, {}).get_json()["data"]
    raw = decap_save(view, lambda d: d.update(summary="Ændret af en anden side."))
    files = [{"path": DANNER, "raw": raw, "slug": "danner"}]
    body = {"action": "persistEntry", "params": {"dataFiles": files}}
    return editor.post("/api/v1", json=body, headers=headers)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8081", "127.0.0.1.evil.example", "", "a@b"])
def test_another_host_is_refused_before_anything_is_read(fixture_content: Path, host: str) -> None:
    editor = client(fixture_content)
    answer = read(editor, {"Host": host})
    assert answer.status_code == 400
    assert "svarer ikke på adressen" in answer.get_json()["error"] and "data" not in answer.get_json()
    page = editor.get("/admin/", headers={"Host": host})
    assert page.status_code == 400 and "Editoren svarer ikke" in page.get_data(as_text=True)


@pytest.mark.parametrize("host", ["127.0.0.1:8081", "localhost:5000", "[::1]:8081", "localhost", "LOCALHOST"])
def test_make_edit_answers_loopback_on_any_port(fixture_content: Path, host: str) -> None:
    assert read(client(fixture_content), {"Host": host}).status_code == 200


def test_the_editor_hosts_name_is_answered_once_configured(fixture_content: Path) -> None:
    assert read(client(fixture_content), {"Host": "redaktion.hvidovre.local"}).status_code == 400
    editor = client(fixture_content, "redaktion.hvidovre.local")
    for host in ("redaktion.hvidovre.local", "Redaktion.Hvidovre.Local:443"):
        assert read(editor, {"Host": host}).status_code == 200
    same = {"Host": "redaktion.hvidovre.local", "Origin": "https://redaktion.hvidovre.local"}
    assert read(editor, same).status_code == 200  # behind nginx: Host without its port


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},  # a sandboxed frame elsewhere
        {"Origin": "http://localhost:5000", "Host": "localhost:8081"},  # another program on this machine
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"},
    ],
)
def test_a_save_from_another_site_is_refused_and_writes_nothing(fixture_content: Path, headers: dict) -> None:
    path = fixture_content / DANNER
    before = path.read_bytes()
    answer = save(client(fixture_content), fixture_content, headers)
    assert answer.status_code == 403
    assert answer.get_json()["error"].startswith("Afvist: forespørgslen kom fra en anden side")
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost:8081", "Host": "localhost:8081", "Sec-Fetch-Site": "same-origin"},
        {"Origin": "null", "Sec-Fetch-Site": "same-origin"},  # its own form, under no-referrer
        {},
    ],
)
def test_a_save_from_the_editors_own_page_goes_through(fixture_content: Path, headers: dict) -> None:
    answer = save(client(fixture_content), fixture_content, headers)
    assert answer.status_code == 200, answer.get_json()
    assert "Ændret af en anden side." in (fixture_content / DANNER).read_text(encoding="utf-8")


def test_a_link_from_a_mail_opens_the_editor_but_no_other_site_may_frame_it(fixture_content: Path) -> None:
    editor = client(fixture_content)
    link = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Sec-Fetch-Dest": "document"}
    with editor.get("/admin/", headers=link) as page:  # a file's answer: closed when read
        assert page.status_code == 200
        assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    framed = editor.get("/admin/", headers={**link, "Sec-Fetch-Dest": "iframe"})
    assert framed.status_code == 403


def test_the_guard_and_the_headers_cover_an_address_no_route_has(fixture_content: Path) -> None:
    # init_app registers them on the app, not on the blueprint: a 404 is judged and headed too.
    editor = client(fixture_content)
    assert editor.get("/nothing", headers={"Host": "evil.example"}).status_code == 400
    missing = editor.get("/nothing")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'self'" in missing.headers["Content-Security-Policy"]


# Decap's own files exist after `npm ci` only: that case is `slow` like every test that needs Node.
@pytest.mark.parametrize("name", ["admin.js", pytest.param("decap-cms.js", marks=pytest.mark.slow)])
def test_only_the_editors_code_is_kept_by_a_browser_and_asked_for_again(
    fixture_content: Path, name: str
) -> None:
    """Code: `no-cache` and an ETag, so a reload is a 304 (Decap is 5 MB, sent uncompressed); the
    pages, config.yml, the fact sheet and every API answer: `no-store`, never kept."""
    editor = client(fixture_content)
    with editor.get(f"/admin/{name}") as first:
        assert first.status_code == 200 and first.headers["Cache-Control"] == "no-cache"
        etag = first.headers["ETag"]
    with editor.get(f"/admin/{name}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304 and again.headers["Cache-Control"] == "no-cache"
        assert "frame-ancestors 'self'" in again.headers["Content-Security-Policy"]
    for path in ("/admin/", "/admin/config.yml", "/admin/faktaark"):
        with editor.get(path) as answer:
            assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store", path
    assert read(editor, {}).headers["Cache-Control"] == "no-store"
