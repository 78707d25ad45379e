"""`make static` (deploy/staticfiles.py): what nginx serves itself, built beside the rest of build/."""

from __future__ import annotations

from pathlib import Path

import brotli
from servers import seed_index  # first: it puts deploy/ on the path
from staticfiles import build

from helpsite import ROOT


def test_a_build_replaces_its_own_folders_and_leaves_the_rest(real_index: Path, tmp_path: Path) -> None:
    """Static files with .br beside them, the error pages; an old file is gone, build/sbom/ is not."""
    index = tmp_path / "index"
    seed_index(real_index, index)
    target = tmp_path / "build"
    (target / "sbom").mkdir(parents=True)
    (target / "sbom" / "python.cdx.json").write_text("{}")
    (target / "static").mkdir()
    (target / "static" / "removed.css").write_text("old")
    build(target, index)
    css = (ROOT / "site" / "static" / "site.css").read_bytes()
    assert brotli.decompress((target / "static" / "site.css.br").read_bytes()) == css
    assert not (target / "static" / "removed.css").exists()
    assert "112" in (target / "_errors" / "404.html").read_text(encoding="utf-8")
    assert (target / "sbom" / "python.cdx.json").read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "index"]  # no .new or .old left
