"""A search keeps nothing of its words: after the request no object in the process holds them.

Not only the caches we know of (functools.lru_cache, Whoosh's stem cache): the whole object graph is
walked, from every object the garbage collector tracks down through what each refers to (and every
dict's keys, which the collector does not visit when they are strings), so a dict of plain strings,
which CPython stops tracking, is seen too. The searches and the walk run in a process of their own
(memory_probe.py), which holds what a site worker holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from helpsite import ROOT

PROBE = Path(__file__).with_name("memory_probe.py")

# The probe starts an app over the real content (about 10 s) and walks every object four times:
# `make test` runs it, `make test-fast` leaves it out, and one worker runs all of it, so the probe runs once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("search-memory")]


@pytest.fixture(scope="module")
def probed(app: Flask, index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What the probe found, in a process of its own over the shared app's index (built already)."""
    assert app.extensions["helpsite.store"].generation is not None
    ran = subprocess.run(
        [sys.executable, str(PROBE), str(index_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path_factory.mktemp("home"))},
    )
    assert ran.returncode == 0, ran.stderr[-3000:]
    return json.loads(ran.stdout.splitlines()[-1])


def test_the_detector_finds_a_word_kept_in_a_plain_dict_or_a_cache(probed: dict) -> None:
    """The check below can fail: a word in a module's dict of strings, or in an lru_cache, is found."""
    assert probed["detector"]["dict"] == ["dict"]
    assert probed["detector"]["lru_cache"]


@pytest.mark.parametrize("kind", ["html", "json", "fragment"])
def test_no_word_of_a_search_is_kept(probed: dict, kind: str) -> None:
    assert probed[kind] == []
    assert probed["words_uncached"]
