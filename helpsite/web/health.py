"""Liveness and readiness: `/healthz` (the process answers) and `/readyz` (it has what visitors need)."""

from __future__ import annotations

from flask import Flask, Response, current_app

from ..publishing.store import ContentStore
from ..search import generations


def healthz() -> Response:
    """For the load balancer: the app is up (cheap: no disk, no index)."""
    return Response("ok", mimetype="text/plain")


def not_ready_because(store: ContentStore) -> str | None:
    """Why this worker should not be sent visitors yet, or None when it is ready."""
    served = store.content
    if not served.fingerprint:
        return "no content is loaded"
    current = generations.read_current(store.index_dir)
    if current is None:
        return "the search index has no current build"
    if current == store.rejected:
        return "the newest build is for content that did not load: serving the last good content"
    if store.generation != current:
        return "switching to the newest build of the search index"
    if not generations.is_current(store.index_dir, served.fingerprint):
        return "the current search index is not a build of the content being served"
    return None


def readyz() -> tuple[Response, int]:
    """For systemd and orchestrators: content is loaded and the search index is its current build."""
    reason = not_ready_because(current_app.extensions["helpsite.store"])
    if reason is None:
        return Response("ready", mimetype="text/plain"), 200
    return Response(f"not ready: {reason}", mimetype="text/plain"), 503


def init_app(app: Flask) -> None:
    """Register both checks."""
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/readyz", "readyz", readyz)
