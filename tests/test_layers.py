"""The package's layers (docs/architecture.md): content -> search -> publishing -> web and editor.

Read from the source, not imported: a lower layer that imports a higher one fails here with the line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpsite import ROOT

PACKAGE = ROOT / "helpsite"
# The rank of each part; a module may import its own part and any part of a lower rank. The modules
# beside the packages: config, owner, languages, taxonomy and yaml_io (ruamel.yaml configured once)
# are below everything (plain data and settings);
# __init__ (create_app), cli (with exchange_cli) and worker put the parts together, above everything.
RANK = {
    "languages": 0,
    "country": -1,  # the country's facts: below the languages, which take its time zone
    "taxonomy": 0,
    "yaml_io": 0,
    "config": 1,
    "owner": 1,
    "content": 2,
    "search": 3,
    "publishing": 4,
    "web": 5,
    "editor": 6,  # above web: its preview renders an unsaved entry with the site's own pages (entry_page.py)
    "__init__": 7,
    "cli": 7,
    "exchange_cli": 6,  # under cli, which registers its commands; it uses content and search
    "worker": 7,
}


def _part(module: str) -> str:
    """`helpsite.search.engine` -> "search"; `helpsite` -> "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(text: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, absolute module) of every helpsite module the source `text` of `module` imports."""
    package = module if is_package else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, t) for line, t in found if t == "helpsite" or t.startswith("helpsite.")]


def _upward(text: str, module: str, is_package: bool = False) -> list[str]:
    own = _part(module)
    found = []
    for line, target in _imports(text, module, is_package):
        other = _part(target)
        if RANK[other] > RANK[own] or (RANK[other] == RANK[own] and other != own):
            found.append(f"{module}:{line} imports {target} ({own} may not use {other})")
    return found


def test_no_module_imports_a_higher_layer() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        upward += _upward(path.read_text(encoding="utf-8"), _module(path), path.name == "__init__.py")
    assert upward == []


def test_every_part_has_a_rank() -> None:
    parts = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir() if p.suffix == ".py" or p.is_dir()}
    assert parts - {"__pycache__", "static", "templates"} <= set(RANK)


def test_an_upward_import_is_seen_however_it_is_written() -> None:
    for text in (
        "from ..search.engine import Engine\n",
        "from helpsite.web import views\n",
        "import helpsite.editor\n",
    ):
        assert _upward(text, "helpsite.content.loader"), text
    assert _upward("from . import views\n", "helpsite.web", is_package=True) == []
    assert _upward("from ..content.model import Content\n", "helpsite.search.engine") == []


# An address of the site: /services/..., /pages/... (alone or after a language), or the placeholder
# the body once carried. Within a longer path (site/municipalities/x/services/y.md) it is a folder.
ADDRESS = re.compile(r"(?<![\w.-])/(?:[a-z]{2,3}/)?(?:services|pages)(?:/|$)|__lang__")
# The names that built addresses in content/ before web/links.py did (docs/architecture.md, 17).
ADDRESS_BUILDERS = ("LINK_PREFIX", "page_path", "url_for", "__lang__")


def _strings(text: str) -> list[tuple[int, str]]:
    """(line, text) of every string in the source: literals, f-strings' fixed parts, docstrings."""
    return [
        (node.lineno, node.value)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_content_knows_no_address() -> None:
    """content/ names entries by kind and id; only web/ knows where they live (web/links.py)."""
    found = []
    for path in sorted((PACKAGE / "content").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {name}" for name in ADDRESS_BUILDERS if name in text]
        found += [f"{path.name}:{line}: {value!r}" for line, value in _strings(text) if ADDRESS.search(value)]
    assert found == []


def test_an_address_is_seen_however_it_is_written() -> None:
    for value in ("/services/", "/da/services/danner", "/pages/", "/__lang__/", "see /en/pages/about"):
        assert ADDRESS.search(value), value
    for value in ("services/danner.md", "site/municipalities/hvidovre/services/x.md", "kommune/pages/"):
        assert not ADDRESS.search(value), value
    assert [v for _, v in _strings('f"/{lang}/services/{key}"') if ADDRESS.search(v)] == ["/services/"]
