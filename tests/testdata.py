"""Where the tests' own data lives, named once: fixture content, query sets, held-out sentences."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import time
from importlib import metadata
from pathlib import Path

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"  # a small content tree and fact sheet for the machinery's tests
RELEVANCE = TESTS / "search_relevance.yml"  # queries and the help that must come in the first three
URGENT = TESTS / "search_urgent.yml"  # sentences that must put 112 first
HOLDOUT = TESTS / "situations_holdout"  # sentences the model never learned from (nine languages)
FRESH = TESTS / "situations_fresh"  # written later, by someone who never saw the examples
STALE_INDEX = 24 * 3600  # seconds: a kept index of other code unused this long is removed


def build_digest() -> str:
    """A digest of what an index is built by: the package's code, the libraries that index and train
    (Whoosh, PyStemmer, scikit-learn), Python, and HELPSITE_* (a language left out changes the index)."""
    hashed = hashlib.sha256()
    for path in sorted((TESTS.parent / "helpsite").rglob("*.py")):
        hashed.update(path.read_bytes())
    for name in ("whoosh3", "PyStemmer", "scikit-learn"):  # as pyproject.toml names them
        try:
            hashed.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            hashed.update(f"{name} none\n".encode())
    hashed.update(sys.version.encode())
    hashed.update(repr(sorted((k, v) for k, v in os.environ.items() if k.startswith("HELPSITE_"))).encode())
    return hashed.hexdigest()[:16]


def kept_index(kept: Path, digest: str) -> Path:
    """The shared app's index folder under `kept` (pytest's cache) for `digest` (`build_digest`).

    Start-up rebuilds an index whose content changed (its generation names the content's fingerprint),
    but not one whose code did: so each digest has a folder of its own. A run over unchanged code and
    content then starts the shared app in about 4 s, not 14. Other digests' folders are removed once a
    day old (another run in this checkout may be using one now).
    """
    for other in kept.iterdir():
        try:
            old = time.time() - other.stat().st_mtime > STALE_INDEX
        except OSError:
            continue  # removed by another worker
        if other.name != digest and old:
            shutil.rmtree(other, ignore_errors=True)
    folder = kept / digest
    folder.mkdir(exist_ok=True)
    folder.touch()  # in use: not stale
    return folder


def copy_site(site: Path, folder: Path) -> Path:
    """`site`'s content/ and facts/ copied to `folder`/site/ (the check reads the fact sheet beside the
    content, and names files from site/ on); returns the copy's content/."""
    target = folder / "site" / "content"
    shutil.copytree(site / "content", target)
    shutil.copytree(site / "facts", target.parent / "facts")
    return target
