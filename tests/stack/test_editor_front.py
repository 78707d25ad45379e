"""The editor host as deployed: nginx (deploy/nginx/editor.conf.in) signs people in and names them;
the editor runs under gunicorn with deploy/editor_gunicorn.py, review on, over a clone."""

from __future__ import annotations

import base64
import http.client
import json
import os
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from editing import clone_with_host, git
from servers import free_port, get_url, wait_for

from helpsite import ROOT

sys.path.insert(0, str(ROOT / "deploy"))
import nginxconf  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORDS = {"anna": "hemmelig-1", "bo": "hemmelig-2"}


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    os.killpg(process.pid, sig)
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """nginx on a loopback HTTPS port in front of the editor; yields where things are."""
    clone = clone_with_host(ROOT / "tests" / "fixtures", tmp_path_factory.mktemp("front"))
    # nginx's workers (nobody, when the tests run as root) read the password file at each request.
    prefix = Path(tempfile.mkdtemp(prefix="editor-front-"))
    prefix.chmod(0o755)
    lines = []
    for name, password in PASSWORDS.items():
        hashed = subprocess.run(
            ["openssl", "passwd", "-apr1", password], capture_output=True, text=True, check=True
        )
        lines.append(f"{name}:{hashed.stdout.strip()}\n")
    (prefix / "htpasswd").write_text("".join(lines), encoding="utf-8")
    (prefix / "htpasswd").chmod(0o644)
    nginxconf.self_signed("localhost", prefix / "cert.pem", prefix / "key.pem")
    editor_port, https_port = free_port(), free_port()
    site = nginxconf.EditorSite(
        certificate=prefix / "cert.pem",
        certificate_key=prefix / "key.pem",
        htpasswd=prefix / "htpasswd",
        allow=["127.0.0.1"],
        editor=f"127.0.0.1:{editor_port}",
        https_listen=f"127.0.0.1:{https_port}",
        error_log=str(prefix / "error.log"),
    )
    (prefix / "editor.conf").write_text(nginxconf.render_editor(site), encoding="utf-8")
    main = nginxconf.main_config(prefix, site, prefix / "editor.conf", os.geteuid() == 0)
    (prefix / "nginx.conf").write_text(main, encoding="utf-8")
    env = {
        **os.environ,
        "HELPSITE_CONTENT_DIR": str(clone / "site" / "content"),
        "HELPSITE_EDITOR_REVIEW": "1",
        "HELPSITE_EDITOR_PUSH": "origin",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    config = ROOT / "deploy" / "editor_gunicorn.py"
    bind = f"127.0.0.1:{editor_port}"
    log = (prefix / "gunicorn.log").open("w")
    editor = subprocess.Popen(
        [str(gunicorn), "-c", str(config), "--bind", bind, "helpsite.editor:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )  # fmt: skip
    nginx = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "startup.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(
            lambda: get_url(f"http://127.0.0.1:{editor_port}/admin/")[0] == 200, "the editor under gunicorn"
        )
        wait_for(lambda: _request(prefix, https_port, "GET", "/admin/")[0] == 401, "nginx in front of it")
        yield {"prefix": prefix, "port": https_port, "clone": clone}
    finally:
        _stop(nginx, signal.SIGQUIT)
        _stop(editor)
        log.close()
        shutil.rmtree(prefix, ignore_errors=True)


def _request(
    prefix: Path, port: int, method: str, path: str, body: dict | None = None, who: str | None = None,
    password: str | None = None, headers: dict | None = None, source: str = "127.0.0.1",
) -> tuple[int, bytes]:  # fmt: skip
    context = ssl.create_default_context(cafile=str(prefix / "cert.pem"))
    conn = http.client.HTTPSConnection(
        "localhost", port, timeout=10, context=context, source_address=(source, 0)
    )
    sent = {"Connection": "close", **(headers or {})}
    if who:
        token = base64.b64encode(f"{who}:{password or PASSWORDS[who]}".encode()).decode()
        sent["Authorization"] = f"Basic {token}"
    data = json.dumps(body).encode() if body is not None else None
    if data:
        sent["Content-Type"] = "application/json"
    try:
        conn.request(method, path, body=data, headers=sent)
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def call(front: dict, **kwargs) -> tuple[int, bytes]:
    return _request(front["prefix"], front["port"], **kwargs)


def test_nobody_gets_in_without_signing_in(front: dict) -> None:
    assert call(front, method="GET", path="/admin/")[0] == 401
    assert call(front, method="GET", path="/admin/", who="anna", password="forkert")[0] == 401
    assert call(front, method="GET", path="/admin/", who="anna")[0] == 200
    info = {"action": "info", "params": {}}
    assert call(front, method="POST", path="/api/v1", body=info)[0] == 401


def test_only_the_named_networks_reach_it(front: dict) -> None:
    assert call(front, method="GET", path="/admin/", who="anna", source="127.0.0.2")[0] == 403


def test_the_signed_in_name_is_the_one_git_records_not_a_header_the_browser_sent(front: dict) -> None:
    status, body = call(
        front, method="POST", path="/api/v1", who="anna",
        body={"action": "getEntry", "params": {"branch": "main", "path": "services/politi.md"}},
    )  # fmt: skip
    assert status == 200
    view = json.loads(body)["data"]
    data, end = json.JSONDecoder().raw_decode(view)
    data["summary"] = "Ring 112, hvis nogen er i fare lige nu. Politiet kan også hjælpe bagefter."
    raw = json.dumps(data, indent=2, ensure_ascii=False) + view[end:]
    options = {"useWorkflow": True, "collectionName": "services", "status": "draft", "commitMessage": "Ret"}
    params = {"branch": "main", "dataFiles": [{"path": "services/politi.md", "raw": raw, "slug": "politi"}]}
    status, body = call(
        front, method="POST", path="/api/v1", who="anna", headers={"X-Remote-User": "bo"},
        body={"action": "persistEntry", "params": {**params, "assets": [], "options": options}},
    )  # fmt: skip
    assert status == 200, body
    assert git(front["clone"], "log", "-1", "--format=%an", "cms/services/politi") == "anna"
