"""Index generations under INDEX_DIR: the only code that knows their names, stages, swaps and prunes them.

    INDEX_DIR/
      20261201T120000-123456789-v5-<content fingerprint>/   one generation: a Whoosh index, words.json,
                                                             postings.json, content.pickle (the content
                                                             loaded and rendered) and source/site/ (the
                                                             files it was built from)
      current -> 20261201T120000-...                         the one being served, swapped atomically
      .staging-XXXXXXXX/                                     a build in progress (or left by a crash)

The protocol between builders and the content store that serves the site:
1. A builder (start-up, `flask search build`, the preview, the gunicorn master's watcher) checks the
   content first and builds only content without errors, into a staging folder (`staging`).
2. `publish` renames the finished folder to a generation name that records the schema version and
   the content's fingerprint, then points `current` at it with an atomic rename: a reader sees the
   old generation or the new one, never neither. Old generations are pruned, the newest few kept,
   so a worker still reading one never loses it.
3. Each worker's store reads `current` (`read_current`) at most once a second. A new name whose
   `content_fingerprint` is that of the content it serves means only the index changed; any other
   means the content changed too, so the store switches to the content the builder loaded and
   rendered (`read_content`: unpickled in milliseconds; no file is read or rendered in a visitor's
   request) and to the index at once. A generation without it (made by an older version) is read
   from its own copy of the files (`source_of`); content that does not load is never served: the
   store keeps the last good content and never retries that name.
4. The search engine opens the generation the store names, so pages and results come from one build.
"""

from __future__ import annotations

import copyreg
import logging
import os
import pickle
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from types import MappingProxyType

from whoosh import index as whoosh_index

from ..config import fact_sheet_beside
from ..content.model import Content
from . import classifier
from .situations import Situations

# Bump when fields, analysis or the kept content's form change (or move): start-up then rebuilds the
# index. 8: a body's internal links are kept as service:/page: (web/links.py makes them addresses).
# 9: the kept situation model names the examples it was trained on (start-up reuses it).
SCHEMA_VERSION = 9
KEEP_GENERATIONS = 3  # the newest ones stay, so a worker still reading an older one never loses it
STALE_STAGING = 3600  # seconds: a staging folder this old is left over from a crashed build
CURRENT = "current"
WORDS_FILE = "words.json"  # in each generation: spellings people read (for "did you mean"), synonym phrases
POSTINGS_FILE = "postings.json"  # in each generation: every term's score in every text (search/postings.py)
STAGING_PREFIX = ".staging-"
CONTENT_FILE = "content.pickle"  # in each generation: the Content the builder loaded, rendered and checked
SOURCE = "source"  # in each generation: site/content/ and site/facts/services.md as they were indexed

log = logging.getLogger("helpsite")

GENERATION = re.compile(r"^\d{8}T\d{6}-\d+-v(?P<schema>\d+)-(?P<fingerprint>[0-9a-f]*)$")


def new_name(content_fingerprint: str) -> str:
    """A fresh generation name: sortable by time, unique per process, with schema and content."""
    # One reading of the clock for both parts, so names sort in the order they were made.
    now = time.time_ns()
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9))
    unique = f"{now % 10**9:09d}{os.getpid()}"
    return f"{stamp}-{unique}-v{SCHEMA_VERSION}-{content_fingerprint}"


def content_fingerprint(name: str) -> str | None:
    """The fingerprint of the content a generation was built from (None for a name that is not one)."""
    match = GENERATION.match(name)
    return match["fingerprint"] if match else None


def is_generation(name: str) -> bool:
    """True for a generation folder's name (not `current`, not a staging folder)."""
    return GENERATION.match(name) is not None


def staging(index_dir: Path) -> Path:
    """A new, empty staging folder under `index_dir` for one build."""
    index_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=index_dir))


def keep_source(staged: Path, content_dir: Path, facts: Path) -> None:
    """Copy the content folder and its fact sheet into a build, so the generation holds what it indexes."""
    site = staged / SOURCE / "site"
    shutil.copytree(content_dir, site / "content", ignore=shutil.ignore_patterns(".*"))
    if facts.is_file():  # a missing sheet stays missing: the worker's check then says so
        kept = fact_sheet_beside(site / "content")
        kept.parent.mkdir()
        shutil.copyfile(facts, kept)


def read_only(mapping: dict) -> MappingProxyType:
    """A read-only view of `mapping` (how a pickled MappingProxyType is made again)."""
    return MappingProxyType(mapping)


# Content keeps its mappings read-only; a pickle holds them as the plain dicts they wrap.
copyreg.pickle(MappingProxyType, lambda proxy: (read_only, (dict(proxy),)))


def keep_content(staged: Path, content: Content, situations: Situations | None) -> None:
    """Store the loaded content and its trained situations in a build, so workers switch to it without
    reading, rendering or training (and never import scikit-learn)."""
    with open(staged / CONTENT_FILE, "wb") as file:
        pickle.dump((content, situations), file, protocol=pickle.HIGHEST_PROTOCOL)


def read_content(index_dir: Path, name: str) -> tuple[Content, Situations | None] | None:
    """The content generation `name` was built from and its situations, as the builder made them (None:
    it kept none).

    Only this process's own builders write the file, into INDEX_DIR, which is as trusted as the code.
    """
    try:
        with open(Path(index_dir) / name / CONTENT_FILE, "rb") as file:
            kept = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], Content)):
        return None
    if kept[1] is not None and not isinstance(kept[1], Situations):
        return None
    return kept


def current_situations(index_dir: Path) -> Situations | None:
    """The trained situations the current generation kept, when it is of this schema version and its
    file is this user's or root's and no one else may write it (else None)."""
    name = read_current(index_dir)
    match = GENERATION.match(name or "")
    if name is None or match is None or int(match["schema"]) != SCHEMA_VERSION:
        return None
    try:
        kept_file = (Path(index_dir) / name / CONTENT_FILE).stat()
    except OSError:
        return None
    # An operator's command run as root over a folder the web service writes must not unpickle the
    # service's file: a model it cannot trust is trained again instead.
    if kept_file.st_uid not in (os.getuid(), 0) or kept_file.st_mode & 0o022:
        return None
    kept = read_content(index_dir, name)
    return kept[1] if kept is not None else None


def reuse_model(index_dir: Path) -> None:
    """Offer training the model the current generation kept: over the same examples (a restart,
    `flask content check`, the editor's first save) it then trains nothing, seconds saved."""
    try:
        kept = current_situations(index_dir)
    except Exception:  # noqa: BLE001 - only a saving: a damaged file means the model is trained
        log.debug("the kept model could not be read from %s", index_dir, exc_info=True)
        return
    if kept is not None and kept.model is not None:
        classifier.remember(kept.model)


def source_of(index_dir: Path, name: str) -> tuple[Path, Path] | None:
    """The content folder and fact sheet generation `name` was built from (None: it kept none)."""
    site = Path(index_dir) / name / SOURCE / "site"
    content = site / "content"
    return (content, fact_sheet_beside(content)) if content.is_dir() else None


def activate(index_dir: Path, staged: Path, fingerprint: str) -> str:
    """Turn a finished staging folder into a generation, make it `current`, prune; return its name."""
    try:
        os.chmod(staged, 0o755)  # mkdtemp makes the folder private; the web server may run as another user
        name = new_name(fingerprint)
        os.rename(staged, index_dir / name)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    link = index_dir / f".{CURRENT}-{os.getpid()}-{threading.get_ident()}"
    link.unlink(missing_ok=True)
    os.symlink(name, link)
    os.replace(link, index_dir / CURRENT)  # atomic: a reader sees the old or the new, never neither
    prune(index_dir)
    return name


def prune(index_dir: Path) -> None:
    """Remove old generations (keeping the newest few and the current one) and stale staging folders."""
    current = read_current(index_dir)
    names = sorted(p.name for p in index_dir.iterdir() if is_generation(p.name) and p.is_dir())
    for name in names[:-KEEP_GENERATIONS]:
        if name != current:
            shutil.rmtree(index_dir / name, ignore_errors=True)
    now = time.time()
    for path in index_dir.glob(f"{STAGING_PREFIX}*"):
        try:
            if now - path.stat().st_mtime > STALE_STAGING:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass  # another builder removed it first


def read_current(index_dir: Path) -> str | None:
    """The name of the generation `current` points to, or None."""
    try:
        return os.readlink(Path(index_dir) / CURRENT)
    except OSError:
        return None


def is_current(index_dir: Path, fingerprint: str) -> bool:
    """True when `current` is a usable index of this content and of this schema version."""
    name = read_current(index_dir)
    match = GENERATION.match(name or "")
    return (
        name is not None
        and match is not None
        and int(match["schema"]) == SCHEMA_VERSION
        and match["fingerprint"] == fingerprint
        and whoosh_index.exists_in(str(Path(index_dir) / name))
    )
