"""Where the tests' own data lives, named once: fixture content, query sets, held-out sentences."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"  # a small content tree and fact sheet for the machinery's tests
RELEVANCE = TESTS / "search_relevance.yml"  # queries and the help that must come in the first three
URGENT = TESTS / "search_urgent.yml"  # sentences that must put 112 first
HOLDOUT = TESTS / "situations_holdout"  # sentences the model never learned from (nine languages)
FRESH = TESTS / "situations_fresh"  # written later, by someone who never saw the examples


def kept_index(kept: Path) -> Path:
    """The shared app's index folder under `kept` (pytest's cache), kept between runs for the code as it is.

    Start-up rebuilds an index whose content changed (its generation names the content's fingerprint),
    but not one whose code did: so the folder is named by a digest of the package's code, and a change
    to any of it starts a new one (the older ones are removed). A run over unchanged code and content
    then starts the shared app in about 4 s, not 14.
    """
    code = sorted((TESTS.parent / "helpsite").rglob("*.py"))
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in code)).hexdigest()[:16]
    for other in kept.iterdir():
        if other.name != digest:
            shutil.rmtree(other, ignore_errors=True)  # another worker may remove it first
    folder = kept / digest
    folder.mkdir(exist_ok=True)
    return folder


def copy_site(site: Path, folder: Path) -> Path:
    """`site`'s content/ and facts/ copied to `folder`/site/ (the check reads the fact sheet beside the
    content, and names files from site/ on); returns the copy's content/."""
    target = folder / "site" / "content"
    shutil.copytree(site / "content", target)
    shutil.copytree(site / "facts", target.parent / "facts")
    return target
