"""Read every file under site/content/, check it, and build the Content: `check`, `load`, `fingerprint`.

The synonyms, situations and example files are read here too, as plain data (synonyms.py,
situations.py, examples.py); what the search makes of them it checks itself (search/checks.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from ..languages import DEFAULT_LANGUAGE
from ..languages import today as todays_date
from . import limits, values
from .consistency import check_consistency
from .contacts import read_contacts
from .examples import read_examples
from .facts import local_sheet, sheet_for
from .fields import (
    PAGE_FIELDS,
    PAGE_TRANSLATION_FIELDS,
    SERVICE_FIELDS,
    SERVICE_TRANSLATION_FIELDS,
    Field,
    check_fields,
)
from .files import split_name
from .folders import Grouped, read_folder
from .front_matter import Source
from .layers import (
    EVERY_MUNICIPALITY,
    apply_situations,
    check_examples,
    check_links,
    check_names,
    check_promised,
    inside,
    merge,
)
from .markdown import internal_links, render_markdown
from .model import Content, Hours, Page, Service, Text
from .municipality import Municipality, read_municipality
from .problems import Collector, ContentError, Problem
from .provenance import read_confirmed, read_sources
from .rules import check_unique_title
from .situations import read_situations
from .synonyms import read_synonyms
from .translations import check_translation, original_fingerprint

Notes = Mapping[str, str]  # language -> a municipality's local note (Markdown)
AllNotes = Mapping[str, Notes]  # entry id -> its notes
LOCAL_FACTS = "facts.md"  # a municipality's own confirmed numbers, in its folder (optional)
SERVICE_SPEC = {spec.name: spec for spec in SERVICE_FIELDS}  # the choices of category and audiences


def _hours(src: Source, out: Collector) -> Hours | None:
    """The weekly hours with the holiday hours the file states beside them."""
    hours = values.hours(src, out)
    holidays = values.holiday_hours(src, hours, out)
    return replace(hours, holidays=holidays) if hours is not None and holidays is not None else hours


def _text(src: Source, lang: str, title_key: str, out: Collector, translation: str, note: str = "") -> Text:
    # A municipality's local note joins the end of the national text (a last list item stays in its list).
    body = f"{src.body.rstrip()}\n{note}\n" if note else src.body
    html, plain = limits.timed(render_markdown, body, src, src.body_line + 1, out)
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
        links=internal_links(body, src.body_line),
    )


def _translations(
    sources: dict[str, Source],
    spec: tuple[Field, ...],
    title_key: str,
    out: Collector,
    what: str,
    notes: Notes,
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
        texts[lang] = _text(src, lang, title_key, out, state, notes.get(lang, ""))
    return texts


def _services(grouped: Grouped, out: Collector, today: dt.date, notes: AllNotes) -> dict[str, Service]:
    services = {}
    names: dict[str, str] = {}
    for sid, sources in grouped.items():
        note = notes.get(sid, {})
        texts = _translations(sources, SERVICE_TRANSLATION_FIELDS, "name", out, "service", note)
        src = sources.get(DEFAULT_LANGUAGE)
        if src is None:
            continue
        check_fields(src, SERVICE_FIELDS, out, "service")
        check_unique_title(src, "name", names, out)
        category = values.choice(src, SERVICE_SPEC["category"], out)
        audiences = values.choices(src, SERVICE_SPEC["audiences"], out)
        contacts = read_contacts(src, out)
        texts[DEFAULT_LANGUAGE] = _text(
            src, DEFAULT_LANGUAGE, "name", out, "original", note.get(DEFAULT_LANGUAGE, "")
        )
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


def _pages(grouped: Grouped, out: Collector, today: dt.date, notes: AllNotes) -> dict[str, Page]:
    pages = {}
    titles: dict[str, str] = {}
    for slug, sources in grouped.items():
        note = notes.get(slug, {})
        texts = _translations(sources, PAGE_TRANSLATION_FIELDS, "title", out, "page", note)
        src = sources.get(DEFAULT_LANGUAGE)
        if src is None:
            continue
        check_fields(src, PAGE_FIELDS, out, "page")
        check_unique_title(src, "title", titles, out)
        texts[DEFAULT_LANGUAGE] = _text(
            src, DEFAULT_LANGUAGE, "title", out, "original", note.get(DEFAULT_LANGUAGE, "")
        )
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


def fingerprint(root: Path, municipality: Path | None = None) -> str:
    """A hash of every file of both layers' folders: changes when any content changes."""
    digest = hashlib.sha256()
    # The municipality's files are named with a prefix: a file moved between the layers is a change.
    for prefix, folder in (("", root), ("municipality/", municipality)):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{prefix}{path.relative_to(folder)}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def check(
    root: Path,
    languages: Iterable[str],
    today: dt.date | None = None,
    facts: Path | None = None,
    municipality: Path | None = None,
) -> tuple[Content | None, list[Problem]]:
    """Read and validate all content, both layers; return it (None on errors) and every problem found.

    Every phone number is compared with the CONFIRMED rows of the fact sheet at `facts`
    (default: site/facts/services.md beside the content folder) and, for the municipality's own
    files, with those of its facts.md too. `municipality` is its folder (None: the national layer alone).
    """
    today = today or todays_date()
    langs = tuple(languages)
    out = Collector()
    sheet = sheet_for(root, facts, out)
    muni = read_municipality(municipality, root, out) if municipality is not None else None
    notes = muni.notes if muni else {}
    services = _services(
        read_folder(root / "services", root, langs, out, "service", sheet), out, today, notes
    )
    pages = _pages(read_folder(root / "pages", root, langs, out, "page", sheet), out, today, notes)
    national = {*services, *pages}
    if muni is not None and municipality is not None:
        local = local_sheet(municipality / LOCAL_FACTS, root, sheet, out)
        own = read_folder(municipality / "services", root, langs, out, "service", local)
        services = merge(services, _services(own, out, today, {}), muni, "service", out)
        own = read_folder(municipality / "pages", root, langs, out, "page", local)
        pages = merge(pages, _pages(own, out, today, {}), muni, "page", out)
        check_names(muni, services, pages, national, out)
        check_promised(muni, services, out)
    # A test fixture's invented services are served nowhere but from a tests/ folder outside site/.
    served = municipality is not None and (
        inside(municipality, root.parent) or "tests" not in municipality.resolve().parts
    )
    check_examples(services, muni, served, out)
    # The national layer alone (the editor's check) may link to what every municipality has.
    check_links(
        services, pages, muni.hide if muni else frozenset(), out, frozenset() if muni else EVERY_MUNICIPALITY
    )
    synonyms, synonym_lines = read_synonyms(root, out)
    # A file that could not be read is reported once; a situation naming it is not another mistake.
    unreadable = tuple(i for _, i in out.unreadable)
    # The national situations may name national entries only: they must hold in every municipality.
    situations = read_situations(root, out, (*national, *unreadable))
    if muni is not None:
        situations = apply_situations(situations, muni, {*services, *pages, *unreadable}, out)
    # The examples teach the situations: without the file that names them they teach nothing.
    examples = read_examples(root, out, [s.id for s in situations], langs) if situations is not None else None
    if out.has_errors:
        return None, out.problems
    content = Content(
        services=MappingProxyType(services),
        pages=MappingProxyType(pages),
        synonyms=synonyms,
        fingerprint=fingerprint(root, municipality),
        warnings=tuple(out.problems),
        situations=situations,
        examples=examples,
        synonym_lines=MappingProxyType(synonym_lines),
        municipality=muni or Municipality(),
    )
    return content, out.problems


def load(
    root: Path,
    languages: Iterable[str],
    today: dt.date | None = None,
    facts: Path | None = None,
    municipality: Path | None = None,
) -> Content:
    """Load all content, both layers, or raise ContentError listing every mistake."""
    content, problems = check(root, languages, today, facts, municipality)
    if content is None:
        raise ContentError(problems)
    return content
