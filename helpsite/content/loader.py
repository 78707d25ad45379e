"""Read every file under site/content/, check it, and build the Content: `check`, `load`, `fingerprint`.

The synonyms, situations and example files are read here too, as plain data (synonyms.py,
situations.py, examples.py); what the search makes of them it checks itself (search/checks.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from ..config import fact_sheet_beside
from ..languages import DEFAULT_LANGUAGE, KNOWN_LANGUAGES
from ..languages import today as todays_date
from . import limits, values
from .consistency import check_consistency
from .contacts import read_contacts
from .examples import read_examples
from .facts import check_numbers, read_fact_sheet
from .fields import (
    PAGE_FIELDS,
    PAGE_TRANSLATION_FIELDS,
    SERVICE_FIELDS,
    SERVICE_TRANSLATION_FIELDS,
    Field,
    check_fields,
)
from .files import split_name
from .front_matter import Source, read_source, relative
from .markdown import internal_links, render_markdown
from .model import Content, Hours, Page, Service, Text
from .problems import Collector, ContentError, Problem
from .provenance import read_confirmed, read_sources
from .rules import ID, check_forbidden, check_placeholders, check_unique_title, explain_bad_name
from .situations import read_situations
from .synonyms import read_synonyms
from .translations import check_translation, original_fingerprint

Grouped = dict[str, dict[str, Source]]  # id -> language -> file
SERVICE_SPEC = {spec.name: spec for spec in SERVICE_FIELDS}  # the choices of category and audiences
Targets = tuple[dict[str, Service], dict[str, Page]] | None  # the services and pages a link may name


@dataclass(frozen=True)
class FactSheet:
    """The confirmed numbers of the fact sheet (None: unreadable) and how an editor names the file."""

    numbers: frozenset[str] | None
    name: str


def _hours(src: Source, out: Collector) -> Hours | None:
    """The weekly hours with the holiday hours the file states beside them."""
    hours = values.hours(src, out)
    holidays = values.holiday_hours(src, hours, out)
    return replace(hours, holidays=holidays) if hours is not None and holidays is not None else hours


def _read_folder(
    folder: Path, root: Path, languages: tuple[str, ...], out: Collector, kind: str, facts: FactSheet
) -> Grouped:
    """Read every file of a folder, grouped by id and language."""
    grouped: Grouped = {}
    if not folder.is_dir():
        out.add(relative(folder, root), 1, f"the folder for {kind}s is missing", f"create {folder.name}/",
                code="missing-folder")  # fmt: skip
        return grouped
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")) or path.is_dir():
            continue  # templates (_template.md) and editor files are not content
        if path.suffix != ".md":
            out.add(
                relative(path, root),
                1,
                "only .md files belong here",
                "rename it to end in .md, or move it out",
                code="not-md",
            )
            continue
        base, lang = split_name(path)
        if not ID.fullmatch(base):
            explain_bad_name(path, base, lang, root, out)
            continue
        if lang not in languages:
            if lang not in KNOWN_LANGUAGES:
                out.add(
                    relative(path, root), 1, f"'{lang}' in the file name is not one of our languages",
                    f"name translations <id>.<language>.md with one of: {', '.join(KNOWN_LANGUAGES)}",
                    code="unknown-language-file", args=(lang,)
                )  # fmt: skip
            continue  # a language not yet switched on: its files wait quietly
        src = read_source(path, root, out)
        if src is not None:
            check_forbidden(src, out)
            check_placeholders(src, out)
            if facts.numbers is not None:
                check_numbers(src, facts.numbers, facts.name, out)
            grouped.setdefault(base, {})[lang] = src
        elif lang == DEFAULT_LANGUAGE:
            out.unreadable.add((kind, base))
    return grouped


def _text(src: Source, lang: str, title_key: str, out: Collector, translation: str) -> Text:
    html, plain = limits.timed(render_markdown, src.body, src, src.body_line + 1, out)
    if not plain:
        out.add(
            src,
            src.body_line,
            "the text below the front matter is empty",
            "write what the service offers and who it is for",
            code="empty-body",
            field="body",
        )
    source = src.meta.get("source")
    return Text(
        lang=lang,
        title=values.string(src, title_key, out),
        summary=values.string(src, "summary", out),
        body_html=html,
        body_text=plain,
        keywords=values.text_list(src, "keywords", out),
        translation=translation,
        path=src.rel,
        source=str(source) if source is not None else None,
        links=internal_links(src.body, src.body_line),
    )


def _translations(
    sources: dict[str, Source], spec: tuple[Field, ...], title_key: str, out: Collector, what: str
) -> dict[str, Text]:
    texts: dict[str, Text] = {}
    for lang, src in sources.items():
        if lang == DEFAULT_LANGUAGE:
            continue
        if DEFAULT_LANGUAGE not in sources:
            if (what, split_name(src.path)[0]) in out.unreadable:
                continue
            danish = src.path.name.replace(f".{lang}.md", ".md")
            out.add(
                src,
                1,
                f"this translation has no Danish original ({danish} is missing)",
                f"add {danish} or rename this file",
                code="no-original",
                args=(danish,),
            )
            continue
        check_fields(src, spec, out, f"{what} translation")
        state = check_translation(src, out)
        texts[lang] = _text(src, lang, title_key, out, state)
    return texts


def _services(grouped: Grouped, out: Collector, today: dt.date) -> dict[str, Service]:
    services = {}
    names: dict[str, str] = {}
    for sid, sources in grouped.items():
        texts = _translations(sources, SERVICE_TRANSLATION_FIELDS, "name", out, "service")
        src = sources.get(DEFAULT_LANGUAGE)
        if src is None:
            continue
        check_fields(src, SERVICE_FIELDS, out, "service")
        check_unique_title(src, "name", names, out)
        category = values.choice(src, SERVICE_SPEC["category"], out)
        audiences = values.choices(src, SERVICE_SPEC["audiences"], out)
        contacts = read_contacts(src, out)
        texts[DEFAULT_LANGUAGE] = _text(src, DEFAULT_LANGUAGE, "name", out, "original")
        services[sid] = Service(
            id=sid,
            category=str(category),
            audiences=audiences,
            crisis_line=bool(values.flag(src, "crisis_line", out)),
            order=values.order(src, out),
            contacts=contacts,
            hours=_hours(src, out),
            free=values.flag(src, "free", out),
            anonymous=values.flag(src, "anonymous", out),
            languages=values.text_list(src, "languages", out),
            keywords=values.text_list(src, "keywords", out),
            sources=read_sources(src, out, today),
            path=src.rel,
            fingerprint=original_fingerprint(src.meta, src.body),
            texts=MappingProxyType(texts),
            organization=values.string(src, "organization", out) or None,
            many_providers=bool(values.flag(src, "many_providers", out)),
            confirmed=read_confirmed(src, out, today),
        )
        check_consistency(src, services[sid], out)
    return services


def _pages(grouped: Grouped, out: Collector, today: dt.date) -> dict[str, Page]:
    pages = {}
    titles: dict[str, str] = {}
    for slug, sources in grouped.items():
        texts = _translations(sources, PAGE_TRANSLATION_FIELDS, "title", out, "page")
        src = sources.get(DEFAULT_LANGUAGE)
        if src is None:
            continue
        check_fields(src, PAGE_FIELDS, out, "page")
        check_unique_title(src, "title", titles, out)
        texts[DEFAULT_LANGUAGE] = _text(src, DEFAULT_LANGUAGE, "title", out, "original")
        pages[slug] = Page(
            slug=slug,
            order=values.order(src, out),
            sources=read_sources(src, out, today),
            path=src.rel,
            fingerprint=original_fingerprint(src.meta, src.body),
            texts=MappingProxyType(texts),
            confirmed=read_confirmed(src, out, today),
        )
    return pages


def _check_links(
    services: dict[str, Service], pages: dict[str, Page], out: Collector, among: Targets = None
) -> None:
    targets = among or (services, pages)  # a preview's one entry may link to any entry on disk (entry.py)
    for text in [*(t for i in services.values() for t in i.texts.values()),
                 *(t for i in pages.values() for t in i.texts.values())]:  # fmt: skip
        for kind, target, line in text.links:
            known = targets[0] if kind == "service" else targets[1]
            if target not in known and (kind, target) not in out.unreadable:
                close = difflib.get_close_matches(target, list(known), n=1)
                fix = f"did you mean '{kind}:{close[0]}'? " if close else ""
                out.add(
                    text.path, line, f"the link '{kind}:{target}' points to nothing",
                    f"{fix}use one of: {', '.join(sorted(known))}",
                    code="dead-link", field="body", args=(f"{kind}:{target}",),
                )  # fmt: skip


def fingerprint(root: Path) -> str:
    """A hash of every file under the content folder: changes when any content changes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def check(
    root: Path, languages: Iterable[str], today: dt.date | None = None, facts: Path | None = None
) -> tuple[Content | None, list[Problem]]:
    """Read and validate all content; return it (None on errors) and every problem found.

    Every phone number is compared with the CONFIRMED rows of the fact sheet at `facts`
    (default: site/facts/services.md beside the content folder).
    """
    today = today or todays_date()
    langs = tuple(languages)
    out = Collector()
    sheet_path = facts or fact_sheet_beside(root)
    name = relative(sheet_path, root)
    sheet = FactSheet(read_fact_sheet(sheet_path, name, out), name)
    services = _services(_read_folder(root / "services", root, langs, out, "service", sheet), out, today)
    pages = _pages(_read_folder(root / "pages", root, langs, out, "page", sheet), out, today)
    _check_links(services, pages, out)
    synonyms, synonym_lines = read_synonyms(root, out)
    # A file that could not be read is reported once; a situation naming it is not another mistake.
    known = (*services, *pages, *(i for _, i in out.unreadable))
    situations = read_situations(root, out, known)
    # The examples teach the situations: without the file that names them they teach nothing.
    examples = read_examples(root, out, [s.id for s in situations], langs) if situations is not None else None
    if out.has_errors:
        return None, out.problems
    content = Content(
        services=MappingProxyType(services),
        pages=MappingProxyType(pages),
        synonyms=synonyms,
        fingerprint=fingerprint(root),
        warnings=tuple(out.problems),
        situations=situations,
        examples=examples,
        synonym_lines=MappingProxyType(synonym_lines),
    )
    return content, out.problems


def load(
    root: Path, languages: Iterable[str], today: dt.date | None = None, facts: Path | None = None
) -> Content:
    """Load all content or raise ContentError listing every mistake."""
    content, problems = check(root, languages, today, facts)
    if content is None:
        raise ContentError(problems)
    return content
