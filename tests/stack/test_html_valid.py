"""Every page's HTML validates with the Nu Html Checker (npm `vnu-jar`, on Java 17).

All addresses in all languages, a search with results and the error pages are saved to a folder and
checked in one JVM call; any error fails the test, listed with the file, line and message.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from helpsite import ROOT

LANGUAGES = ["da", "en", "ar", "fa", "ur", "tr", "so", "uk", "pl"]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def save_pages(client: FlaskClient, site_paths: Callable[[str], list[str]], folder: Path) -> int:
    """Write every page as HTML into `folder`; returns how many."""
    count = 0

    def save(name: str, html: str) -> None:
        nonlocal count
        (folder / f"{count:04d}-{name}.html").write_text(html, encoding="utf-8")
        count += 1

    for lang in LANGUAGES:
        for path in site_paths(lang):
            response = client.get(path)
            assert response.status_code == 200, path
            save(re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_"), response.get_data(as_text=True))
        results = client.post(f"/{lang}/search", data={"q": "krisecenter"})
        save(f"{lang}_search_results", results.get_data(as_text=True))
        urgent = client.post(f"/{lang}/search", data={"q": "han har en kniv"})  # the 112 call-out first
        save(f"{lang}_search_urgent", urgent.get_data(as_text=True))
        no_hits = client.post(f"/{lang}/search", data={"q": "qqqqxxxx"})
        save(f"{lang}_search_nothing", no_hits.get_data(as_text=True))
        save(f"{lang}_404", client.get(f"/{lang}/services/none").get_data(as_text=True))
        save(f"{lang}_405", client.delete(f"/{lang}/").get_data(as_text=True))
        save(f"{lang}_413", client.post(f"/{lang}/search", data={"q": "x" * 20000}).get_data(as_text=True))
    return count


def test_every_page_is_valid_html(
    client: FlaskClient, site_paths: Callable[[str], list[str]], tmp_path: Path
) -> None:
    """The Nu Html Checker finds no error in any page (warnings are allowed)."""
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci` (make test does)")
    java = shutil.which("java")
    assert java, "java (17) is missing: apt-get install default-jre-headless"
    saved = save_pages(client, site_paths, tmp_path)
    run = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "json", "--skip-non-html", "--exit-zero-always",
         str(tmp_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert saved > 9 * 30
    assert errors == [], "\n".join(errors[:40])
