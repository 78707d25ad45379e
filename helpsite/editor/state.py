"""What the editor's views share, built once by init_app and kept in `app.extensions["helpsite.editor"]`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from .drafts import Repository

EXTENSION = "helpsite.editor"


@dataclass(frozen=True)
class EditorState:
    """The editor's state for one app: read by every view instead of a closure's variables."""

    repo: Repository | None  # the Git clone of the content folder with review on; None without review
    own: Path | None  # the municipality's layer the editor edits (layer.py); None with review or without one
    cms_config: str  # Decap's config.yml, made from the content model at start
    hosts: frozenset[str]  # the host names the editor answers (guard.py)
    renderer: Flask  # the site's pages for the preview pane (preview.py)


def editor() -> EditorState:
    """The state of the editor app handling this request."""
    state: EditorState = current_app.extensions[EXTENSION]
    return state
