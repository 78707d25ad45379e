"""The index's documents and schema, and `build_index`: one new generation for a checked Content."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import RegexTokenizer
from whoosh.fields import ID, KEYWORD, TEXT, Schema

from ..content.contacts import bare_address
from ..content.model import Content, Page, Service
from ..languages import DEFAULT_LANGUAGE
from . import analysis, generations, postings, ranking
from .situations import compile_situations
from .synonyms import Synonyms


def _texts(item: Service | Page) -> list[tuple[str, str]]:
    """(language, all words of that language's text) for an item."""
    found = []
    for lang, text in item.texts.items():
        parts = [text.title, text.summary, text.body_text, " ; ".join(text.keywords)]
        if lang == DEFAULT_LANGUAGE and isinstance(item, Service):  # the Danish file holds the keywords
            parts.append(" ; ".join(item.keywords))
        found.append((lang, " \n ".join(parts)))
    return found


def _facets(item: Service | Page) -> str:
    """The structured labels of a service as words (crisis-centre -> crisis centre)."""
    if isinstance(item, Service):
        return " ; ".join((item.category, *item.audiences))
    return ""


def _compound_words(content: Content) -> set[str]:
    """The words compounds may be split into: Danish words and synonyms, folded, 4 letters or more."""
    found: set[str] = set()
    for item in content.items():
        text = item.texts.get(DEFAULT_LANGUAGE)
        if text is not None:
            found.update(
                analysis.words(f"{text.title} {text.summary} {text.body_text} {' '.join(text.keywords)}")
            )
        if isinstance(item, Service):
            found.update(analysis.words(" ".join(item.keywords)))
    for group in content.synonyms:
        found.update(analysis.words(" ".join(group)))
    folded = {analysis.key(w) for w in found}
    return {w for w in folded if len(w) >= 4 and w.isalpha() and w not in analysis.COMMON_FOLDED}


def schema(content: Content) -> Schema:
    """The fields: ids and filters, names, every language folded, three stemmed, synonyms."""
    plain = analysis.plain_analyzer(_compound_words(content))
    fields: dict[str, Any] = {
        "id": ID(stored=True),
        "kind": ID(stored=True),
        "category": ID,
        "audience": KEYWORD,
        "title": TEXT(analyzer=plain, phrase=False),
        "plain": TEXT(analyzer=plain, phrase=False),
        # A tokenizer alone is an analyser to Whoosh (its stubs say Analyzer only).
        "syn": TEXT(analyzer=RegexTokenizer(r"\S+"), phrase=False),  # type: ignore[arg-type]
        "namesyn": TEXT(analyzer=RegexTokenizer(r"\S+"), phrase=False),  # type: ignore[arg-type]  # names
        "number": KEYWORD,  # the service's own phone numbers, digits only: "1888", "33330047"
    }
    for lang in analysis.STEMMED:
        fields[lang] = TEXT(analyzer=analysis.stemming_analyzer(lang), phrase=False)
    return Schema(**fields)


def _site(url: str) -> str:
    """The name in a web address: https://www.levudenvold.dk/x -> levudenvold."""
    return bare_address(url).split("/")[0].rsplit(".", 1)[0]


def _names(item: Service | Page, shared: set[str]) -> str:
    """The names in every language, also written together (levudenvold), and the web address's name."""
    titles = [t.title for t in item.texts.values()]
    joined = ["".join(analysis.words(t)) for t in titles]
    sites = []
    if isinstance(item, Service):
        # hvidovre.dk names the municipality, not Jobcenter Hvidovre: only a service's own site counts.
        sites = [_site(c.value) for c in item.contacts if c.kind == "web" and _site(c.value) not in shared]
    return " ; ".join(dict.fromkeys([*titles, *joined, *sites]))


def _document(
    kind: str, key: str, item: Service | Page, synonyms: Synonyms, shared: set[str]
) -> dict[str, str]:
    texts = _texts(item)
    facets = _facets(item)
    everything = " \n ".join([*(t for _, t in texts), facets])
    doc = {
        "id": key,
        "kind": kind,
        "title": _names(item, shared),
        "plain": everything,
        "syn": synonyms.tag(everything),
        "namesyn": synonyms.tag(" ; ".join(t.title for t in item.texts.values())),
    }
    for lang, text in texts:
        if lang in analysis.STEMMED:
            doc[lang] = text
    doc["en"] = f"{doc.get('en', '')} ; {facets}"
    if isinstance(item, Service):
        doc["category"] = item.category
        doc["audience"] = " ".join(item.audiences)
        doc["number"] = " ".join(c.digits for c in item.contacts if c.kind in ("phone", "sms"))
    return doc


def _spellings(content: Content) -> dict[str, str]:
    """Folded word -> the spelling most used in the content, so a suggestion reads naturally."""
    counts: dict[str, Counter[str]] = {}
    for item in content.items():
        for _, text in _texts(item):
            for word in analysis.words(text):
                counts.setdefault(analysis.key(word), Counter())[word] += 1
    return {folded: c.most_common(1)[0][0] for folded, c in counts.items()}


def _write(content: Content, folder: Path) -> None:
    ix = whoosh_index.create_in(str(folder), schema(content))
    synonyms = Synonyms(content.synonyms)
    sites = Counter(_site(c.value) for s in content.services.values() for c in s.contacts if c.kind == "web")
    shared = {site for site, count in sites.items() if count > 1}
    writer = ix.writer()
    # Display order, so equal scores keep the directory's order.
    for service in content.ordered_services():
        writer.add_document(**_document("service", service.id, service, synonyms, shared))
    for page in content.ordered_pages():
        writer.add_document(**_document("page", page.slug, page, synonyms, shared))
    writer.commit(optimize=True)
    ix.close()
    postings.write(folder, ranking.WEIGHTING)
    words = {
        "spellings": _spellings(content),
        "phrases": {" ".join(k): sorted(v) for k, v in synonyms.phrases.items()},
    }
    (folder / generations.WORDS_FILE).write_text(json.dumps(words, ensure_ascii=False), "utf-8")


class TooSlow(Exception):
    """A build that ran past its deadline: it is thrown away and the last good one stays current."""


def build_index(
    content: Content,
    index_dir: Path,
    source: tuple[Path, Path] | None = None,
    *,
    deadline: float | None = None,
) -> str:
    """Build the index in a new generation under `index_dir`, make it current; return its name.

    `source` (the content folder and the fact sheet `content` was read from) is copied into the
    generation first, so every worker that switches to it loads those files, whatever the folder holds
    by then (the worker's load checks them again: a copy caught mid-edit is never served).
    `deadline` (a time.monotonic() value): past it, the build is thrown away and TooSlow raised.
    """
    index_dir = Path(index_dir)
    staged = generations.staging(index_dir)
    try:
        if source is not None:
            generations.keep_source(staged, *source)
        generations.keep_content(staged, content, compile_situations(content))
        _write(content, staged)
        if deadline is not None and time.monotonic() > deadline:
            raise TooSlow("the build took too long and was not published")
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return generations.activate(index_dir, staged, content.fingerprint)
