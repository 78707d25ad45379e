"""`flask content export-translations|import-translations`: the round trip with a translation agency.

Thin click wrappers around content/exchange.py (the content) and content/interface_exchange.py
(the gettext catalogues); CONTENT.md tells the communications team how to use them.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from .config import settings
from .content import exchange, interface_exchange, xliff
from .content.fields import REVIEWERS
from .languages import DEFAULT_LANGUAGE
from .languages import today as copenhagen_today
from .search.checks import check


def _language(lang: str, config: dict) -> str:
    if lang == DEFAULT_LANGUAGE or lang not in config["LANGUAGES"]:
        others = ", ".join(code for code in config["LANGUAGES"] if code != DEFAULT_LANGUAGE)
        raise click.BadParameter(f"'{lang}' is not a language we translate into; use one of: {others}")
    return lang


def _content_ok(config: dict, day: dt.date) -> bool:
    """True when `flask content check` finds no errors (said, with what to do, when it does)."""
    _, problems = check(config["CONTENT_DIR"], config["LANGUAGES"], day, config["FACTS_FILE"])
    errors = sum(p.is_error for p in problems)
    if errors:
        click.echo(f"The content has {errors} error(s): run 'flask content check' and fix them first.")
    return not errors


@click.command("export-translations")
@click.argument("lang")
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="The folder to write the two XLIFF files to (default: the current folder).",
)
def export_command(lang: str, folder: Path) -> None:
    """Write LANG's texts as XLIFF 1.2 for an agency: one file for the content, one for the interface."""
    config = settings()
    lang = _language(lang, config)
    started = time.perf_counter()
    try:
        content = exchange.export(config["CONTENT_DIR"], lang)
    except exchange.ExchangeError as error:  # a file that cannot be read at all
        click.echo("\n".join(error.problems), err=True)
        sys.exit(1)
    interface = interface_exchange.export(config["TRANSLATIONS_DIR"], lang)
    folder.mkdir(parents=True, exist_ok=True)
    for name, documents in ((f"hjaelp-mod-vold.{lang}.xlf", content), (f"interface.{lang}.xlf", [interface])):
        (folder / name).write_bytes(xliff.write(documents))
        units = sum(len(doc.units) for doc in documents)
        click.echo(f"wrote {folder / name}: {units} units in {len(documents)} file(s)")
    click.echo(
        f"Took {time.perf_counter() - started:.2f} s. Send both files to the agency (CONTENT.md says how)."
    )


@click.command("import-translations")
@click.argument("lang")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--role", required=True, type=click.Choice(REVIEWERS), help="Who had the translation reviewed.")
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The review date to write (default: today in Copenhagen).",
)
def import_command(lang: str, files: tuple[Path, ...], role: str, today: dt.datetime | None) -> None:
    """Read reviewed XLIFF files back into LANG's translations; write nothing if any unit is refused."""
    config = settings()
    lang = _language(lang, config)
    day = today.date() if today else copenhagen_today()
    if not _content_ok(config, day):
        sys.exit(1)
    changes: list[exchange.Change] = []
    problems: list[str] = []
    for path in files:
        try:
            with path.open("rb") as handle:  # one byte over the limit is enough for xliff.read to refuse it
                data = handle.read(xliff.MAX_BYTES + 1)
            changes += exchange.plan(
                config["CONTENT_DIR"], config["TRANSLATIONS_DIR"], lang, data, path.name, role, day
            )
        except exchange.ExchangeError as error:
            problems += error.problems
        except OSError as error:
            problems.append(f"{path}: filen kan ikke læses ({error.strerror})")
    written = [change.path for change in changes]
    problems += [
        f"{p}: står i flere af filerne; importér dem én ad gangen"
        for p in set(written)
        if written.count(p) > 1
    ]
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(
            f"Nothing was written: {len(problems)} problem(s) above. Fix them and import again.", err=True
        )
        sys.exit(1)
    exchange.apply(changes)
    for change in changes:
        click.echo(f"{change.path}: {change.summary}")
    click.echo(
        f"{len(changes)} file(s) written." if changes else "Nothing changed: every text was already so."
    )
    if changes and not _content_ok(config, day):
        sys.exit(1)
