"""`flask content cms-config`: write the CMS configuration generated from the content model."""

from __future__ import annotations

from pathlib import Path

import click

from .config import CONFIG_FILE, render


@click.command("cms-config")
@click.option("--output", type=click.Path(path_type=Path), help="Where to write (default: the editor's).")
def cms_config_command(output: Path | None) -> None:
    """Write the editor's config.yml from the content model (run it after changing the model)."""
    target = output or CONFIG_FILE
    target.write_text(render(), encoding="utf-8")
    click.echo(f"wrote {target}")
