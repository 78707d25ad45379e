"""Command-line tools: `flask content check`, `flask content status`, `flask search build`.

They are registered as `flask.commands` entry points, so they work even when the content is
broken and the app itself cannot start.
"""

from __future__ import annotations

import sys

import click
from flask import Flask

from . import settings
from .content import check


@click.group("content")
def content_cli() -> None:
    """Check and report on the content in site/content/."""


@content_cli.command("check")
def check_command() -> None:
    """Validate every content file; print each problem as path:line: what: how to fix."""
    config = settings()
    _, problems = check(config["CONTENT_DIR"], config["LANGUAGES"])
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        click.echo(
            f"{errors} error(s), {warnings} warning(s): fix the errors above; the site will not use this."
        )
        sys.exit(1)
    click.echo(f"Content OK: 0 errors, {warnings} warning(s).")


def init_app(app: Flask) -> None:
    """Nothing to register: the commands come from entry points (see pyproject.toml)."""
