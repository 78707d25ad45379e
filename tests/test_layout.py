"""The package's shape: content/ and search/ need no Flask, and every module stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpsite import ROOT

PACKAGE = ROOT / "helpsite"
WEB_ONLY = ("flask", "flask_babel", "werkzeug", "jinja2", "markupsafe", "helpsite.web", "helpsite.publishing")


def imported(path: Path) -> set[str]:
    """The top-level names of the modules `path` imports (`from ..web` as helpsite.web)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:  # from ..web import x
            found.add(f"helpsite.{node.module.split('.')[0]}")
    return found


@pytest.mark.parametrize("part", ["content", "search"])
def test_content_and_search_import_no_flask(part: str) -> None:
    for path in sorted((PACKAGE / part).glob("*.py")):
        assert not imported(path) & set(WEB_ONLY), path.relative_to(ROOT)


def test_languages_and_taxonomy_import_no_flask() -> None:
    for name in ("languages.py", "taxonomy.py"):
        assert not imported(PACKAGE / name) & set(WEB_ONLY), name


def test_every_module_is_under_300_lines() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 300, f"{path.relative_to(ROOT)} has {lines} lines"


def test_what_runs_reads_and_writes_yaml_with_ruamel_alone() -> None:
    """PyYAML and python-frontmatter are for the tests and benchmarks: the site, the editor and the
    deployment read and write YAML with ruamel.yaml, configured in one place (helpsite/yaml_io.py)."""
    runtime = [
        *PACKAGE.rglob("*.py"),
        *(ROOT / "deploy").rglob("*.py"),
        ROOT / "wsgi.py",
        ROOT / "gunicorn.conf.py",
    ]
    for path in sorted(runtime):
        assert not imported(path) & {"yaml", "frontmatter"}, path.relative_to(ROOT)
        if path != PACKAGE / "yaml_io.py":  # one YAML(...) per use, each made there with its settings
            assert "YAML(" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)
