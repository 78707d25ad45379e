"""Where the tests' own data lives, named once: fixture content, query sets, held-out sentences."""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"  # a small content tree and fact sheet for the machinery's tests
RELEVANCE = TESTS / "search_relevance.yml"  # queries and the help that must come in the first three
URGENT = TESTS / "search_urgent.yml"  # sentences that must put 112 first
HOLDOUT = TESTS / "situations_holdout"  # sentences the model never learned from (nine languages)
FRESH = TESTS / "situations_fresh"  # written later, by someone who never saw the examples


def copy_site(site: Path, folder: Path) -> Path:
    """`site`'s content/ and facts/ copied to `folder`/site/ (the check reads the fact sheet beside the
    content, and names files from site/ on); returns the copy's content/."""
    target = folder / "site" / "content"
    shutil.copytree(site / "content", target)
    shutil.copytree(site / "facts", target.parent / "facts")
    return target
