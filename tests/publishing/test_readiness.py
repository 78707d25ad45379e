"""/readyz: ready only when content is loaded and the search index in use is its current build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from helpsite.publishing import store as store_module


@pytest.fixture
def ready_app(make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch) -> Flask:
    """An app with its own index folder, looking at the index's `current` link on every request."""
    monkeypatch.setattr(store_module, "CHECK_EVERY", 0.0)
    return make_app(LANGUAGES=["da", "en"])


def answer(client: FlaskClient) -> tuple[int, str]:
    """(status, text) of /readyz."""
    response = client.get("/readyz")
    assert response.mimetype == "text/plain"
    return response.status_code, response.text


def test_ready_on_a_good_start_and_healthz_stays_ok(ready_app: Flask) -> None:
    client = ready_app.test_client()
    assert answer(client) == (200, "ready")
    assert client.get("/healthz").text == "ok"


def test_not_ready_when_the_current_link_is_gone(ready_app: Flask) -> None:
    client = ready_app.test_client()
    (Path(ready_app.config["INDEX_DIR"]) / "current").unlink()
    status, text = answer(client)
    assert status == 503 and text == "not ready: the search index has no current build"
    assert client.get("/healthz").status_code == 200  # alive all the same: liveness is not readiness


def test_not_ready_when_current_is_a_build_of_other_content(ready_app: Flask) -> None:
    client = ready_app.test_client()
    index_dir = Path(ready_app.config["INDEX_DIR"])
    built = os.readlink(index_dir / "current")
    other = built.rsplit("-", 1)[0] + "-0123456789abcdef"  # the same schema, another content version
    (index_dir / built).rename(index_dir / other)
    os.symlink(other, index_dir / "next")
    os.replace(index_dir / "next", index_dir / "current")
    status, text = answer(client)
    assert status == 503
    assert text == "not ready: the current search index is not a build of the content being served"
    # Back to the real build: ready again, with no restart.
    (index_dir / other).rename(index_dir / built)
    os.symlink(built, index_dir / "next")
    os.replace(index_dir / "next", index_dir / "current")
    assert answer(client) == (200, "ready")
