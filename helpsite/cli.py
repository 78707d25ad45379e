"""Command-line tools: `flask content check|status|launch|stamp|...-translations`, `flask search build`,
`flask municipality new`.

They are registered as `flask.commands` entry points, so they work even when the content is
broken and the app itself cannot start.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click
from babel import Locale

from .config import settings
from .content.files import entries
from .content.launch import unconfirmed
from .content.model import Content, Page, Service
from .content.problems import Problem
from .content.provenance import ROLES, STALE_AFTER_DAYS
from .content.starter import default_name, write_starter
from .content.translations import STATES, StampError, stamp, translation_state
from .exchange_cli import export_command, import_command
from .languages import DEFAULT_LANGUAGE
from .languages import today as copenhagen_today
from .owner import problems as owner_problems
from .publishing.watcher import publish
from .search.checks import check
from .search.generations import read_current, reuse_model


@click.group("content")
def content_cli() -> None:
    """Check and report on the content in site/content/."""


content_cli.add_command(export_command)  # `flask content export-translations`: XLIFF for an agency
content_cli.add_command(import_command)  # `flask content import-translations`: and back


# Dates are judged against today in Copenhagen; `--today` moves that day, to see what an old
# `confirmed` date will say by then (and so tests give the same answer on any day).
TODAY_OPTION = click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Judge dates as if today were this day (YYYY-MM-DD).",
)


def _day(today: dt.datetime | None) -> dt.date:
    """The day dates are judged against: `--today` if given, otherwise today in Copenhagen."""
    return today.date() if today else copenhagen_today()


def _checked(config: dict, day: dt.date) -> tuple[Content | None, list[Problem]]:
    """The configured content checked as of `day`, with the model the site's index kept (no training
    when the examples are the same)."""
    reuse_model(config["INDEX_DIR"])
    return check(
        config["CONTENT_DIR"], config["LANGUAGES"], day, config["FACTS_FILE"], config["MUNICIPALITY_DIR"]
    )


@content_cli.command("check")
@TODAY_OPTION
def check_command(today: dt.datetime | None) -> None:
    """Validate every content file; print each problem as path:line: what: how to fix."""
    _, problems = _checked(settings(), _day(today))
    for problem in sorted(problems, key=lambda p: (p.path, p.line)):
        click.echo(str(problem))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.path for p in problems})
    if errors:
        click.echo(
            f"{_count(errors, 'error')} and {_count(warnings, 'warning')} in {_count(files, 'file')}: "
            "fix the errors above; until then the site keeps showing the last good version."
        )
        sys.exit(1)
    click.echo(f"Content OK: 0 errors, {_count(warnings, 'warning')}.")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


# --------------------------------------------------------------------------- status

LEGEND = (
    "Missing: no file; readers see the Danish text.  Draft: 'translation: draft', not yet checked.",
    "Outdated: the Danish text changed after it was translated (compare and update, then stamp).",
    "Unstamped: no 'source:' line, so nobody knows which Danish text it matches (see CONTENT.md).",
)


def _good_content(config: dict, day: dt.date) -> Content:
    """The checked content, or a one-line message and exit 1 when it has errors (for status and launch)."""
    content, problems = _checked(config, day)
    if content is None:
        errors = sum(p.is_error for p in problems)
        click.echo(
            f"The content has {_count(errors, 'error')}: run 'flask content check' and fix them first."
        )
        sys.exit(1)
    return content


@content_cli.command("status")
@click.option("--lang", "only", multiple=True, help="Only these languages (repeat for more).")
@TODAY_OPTION
def status_command(only: tuple[str, ...], today: dt.datetime | None) -> None:
    """Per language: which translations are missing, draft or older than the Danish text; old checks."""
    config = settings()
    day = _day(today)
    content = _good_content(config, day)
    languages = [
        code for code in config["LANGUAGES"] if code != DEFAULT_LANGUAGE and (not only or code in only)
    ]
    items: list[tuple[str, Service | Page]] = [
        *((f"services/{s.id}", s) for s in sorted(content.services.values(), key=lambda s: s.id)),
        *((f"pages/{p.slug}", p) for p in sorted(content.pages.values(), key=lambda p: p.slug)),
    ]
    click.echo(f"Translations of {len(items)} Danish texts ({len(content.services)} services, "
               f"{len(content.pages)} pages)\n")  # fmt: skip
    header = f"{'Language':<16}" + "".join(f"{s.capitalize():>11}" for s in STATES) + f"{'Ready':>8}"
    click.echo(header)
    click.echo("-" * len(header))
    details: list[str] = []
    for code in languages:
        states = {name: translation_state(item, code) for name, item in items}
        counts = [sum(state in found for found in states.values()) for state in STATES]
        ready = sum(not found for found in states.values())
        click.echo(f"{_language(code):<16}" + "".join(f"{n:>11}" for n in counts) + f"{ready:>8}")
        todo = {name: found for name, found in states.items() if found}
        if not todo:
            continue
        details.append(f"\n{_language(code)}:")
        if all(found == ("missing",) for found in todo.values()) and len(todo) == len(items):
            details.append(f"  all {len(items)} texts are missing")
            continue
        for name, found in todo.items():
            details.append(f"  {name:<28} {', '.join(found)}")
    click.echo()
    for line in (*LEGEND, *details):
        click.echo(line)
    _freshness(content, day)


def _language(code: str) -> str:
    return f"{code} {Locale(code).get_display_name('en')}"


def _freshness(content: Content, today: dt.date) -> None:
    items: list[Service | Page] = [*content.ordered_services(), *content.ordered_pages()]
    confirmed = [item for item in items if item.confirmed is not None]
    old = sorted(
        (i for i in confirmed if i.confirmed and (today - i.confirmed.date).days > STALE_AFTER_DAYS),
        key=lambda i: i.confirmed.date if i.confirmed else today,
    )
    click.echo(f"\nConfirmed with the service more than {STALE_AFTER_DAYS} days ago:")
    if not old:
        click.echo(f"  none of the {len(confirmed)} confirmed files.")
    for item in old:
        assert item.confirmed is not None
        days = (today - item.confirmed.date).days
        click.echo(
            f"  {item.key:<28} confirmed {item.confirmed.date.isoformat()} ({days} days ago)  {item.path}"
        )
    never = len(unconfirmed(content, today)) - len(old)
    if never:
        files = _count(never, "file")
        click.echo(f"Not yet confirmed with the service at all: {files} (flask content launch lists them).")


@content_cli.command("launch")
@TODAY_OPTION
def launch_command(today: dt.datetime | None) -> None:
    """Before go-live: every owner setting unset and every fact unconfirmed live; exit 1 while any remain."""
    config = settings()
    day = _day(today)
    content = _good_content(config, day)
    todo = unconfirmed(content, day)
    missing = owner_problems(config, day)
    if missing:
        settings_to_set = _count(len(missing), "owner setting")
        click.echo(f"{settings_to_set} to set before go-live (README, 'Running in production'):")
        for problem in missing:
            click.echo(f"  - {problem}")
        click.echo()
    for entry in todo:
        state = (
            f"confirmed {entry.confirmed.date.isoformat()}, over {STALE_AFTER_DAYS} days ago"
            if entry.confirmed
            else "not confirmed"
        )
        click.echo(f"{entry.path} ({state}):")
        for fact in entry.facts:
            click.echo(f"  - {fact}")
    if todo:
        facts = sum(len(entry.facts) for entry in todo)
        click.echo(
            f"\n{_count(facts, 'fact')} in {_count(len(todo), 'file')} not confirmed live. "
            "Before go-live, confirm each with the service or its live site, then add to the file: "
            f"confirmed: {{date: YYYY-MM-DD, by: <role>}} (roles: {', '.join(ROLES)}; see CONTENT.md)."
        )
        sys.exit(1)
    if missing:
        click.echo("Every fact is confirmed live, but the owner settings above are missing or wrong.")
        sys.exit(1)
    click.echo("Every fact is confirmed live (within the last 180 days): ready for go-live.")


# --------------------------------------------------------------------------- stamp


@content_cli.command("stamp")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all", "everything", is_flag=True, help="Stamp every translation file.")
def stamp_command(files: tuple[Path, ...], everything: bool) -> None:
    """Record in each translation which version of the Danish text it translates (its `source:`)."""
    config = settings()
    root: Path = config["CONTENT_DIR"]
    if everything:
        files = tuple(entries(root, translations_only=True))
    elif not files:
        raise click.UsageError("name the translation files to stamp, or use --all")
    failed = False
    for path in files:
        try:
            note = stamp(path)
        except StampError as error:
            click.echo(f"{path}: {error}", err=True)
            failed = True
        else:
            click.echo(f"{path}: {note}")
    if failed:
        sys.exit(1)


@click.group("search")
def search_cli() -> None:
    """Build the search index in search_index/."""


class _Echo:
    """The publisher's log, written to the terminal (see publish.Log)."""

    def _say(self, msg: str, *args: object) -> None:
        click.echo(msg % args if args else msg)

    info = warning = error = exception = _say


@search_cli.command("build")
def build_command() -> None:
    """Validate the content, then build the index and swap it in; on content errors, touch nothing."""
    config = settings()
    started = time.perf_counter()
    # The same path as the running server's watcher: check first, build only good content.
    content, _ = publish(
        config["CONTENT_DIR"],
        config["INDEX_DIR"],
        config["LANGUAGES"],
        log=_Echo(),
        facts=config["FACTS_FILE"],
        municipality=config["MUNICIPALITY_DIR"],
    )
    if content is None:
        sys.exit(1)
    took = time.perf_counter() - started
    items = len(content.services) + len(content.pages)
    generation = read_current(config["INDEX_DIR"])
    click.echo(f"Search index {generation}: {items} services and pages, checked and built in {took:.2f} s.")


@click.group("municipality")
def municipality_cli() -> None:
    """A municipality's own layer (site/municipalities/<slug>/)."""


@municipality_cli.command("new")
@click.argument("slug")
@click.option("--name", default="", help='The name as it stands on every page, e.g. "Ny Kommune".')
def new_municipality_command(slug: str, name: str) -> None:
    """Write a starting folder for a municipality and say what to fill in."""
    config = settings()
    parent = config["MUNICIPALITIES_DIR"] or config["CONTENT_DIR"].parent / "municipalities"
    try:
        click.echo(write_starter(Path(parent) / slug, name or default_name(slug)))
    except (ValueError, FileExistsError) as error:
        raise click.ClickException(str(error)) from error
