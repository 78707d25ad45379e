"""Lighthouse scores (mobile) for the home page, a service and the search page, on the production server.

Usage: .venv/bin/python benchmarks/lighthouse.py [--lang da] [PATH ...]

Needs `npm ci` (lighthouse 12.2.3, pinned in package.json) and Debian's Chromium. Prints the four
category scores per page; the aim is 100 in each. Lighthouse's default is a mid-range phone on a
slow 4G connection, which is the reader this site is made for.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile

from serving import ROOT, gunicorn

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = " ".join(
    ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
     "--disable-component-update", "--disable-sync", "--disable-default-apps", "--no-first-run",
     "--disable-dev-shm-usage", "--disable-quic")
)  # fmt: skip
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = ("/{lang}/", "/{lang}/services/danner", "/{lang}/search")


def audit(url: str) -> dict:
    """Run Lighthouse on `url`; its JSON report."""
    with tempfile.TemporaryDirectory(prefix="helpsite-lighthouse-") as profile:
        command = [
            str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ]  # fmt: skip
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        run = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    if run.returncode != 0 or not run.stdout.startswith("{"):
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    return json.loads(run.stdout)


def shortfalls(report: dict) -> list[str]:
    """The audits that cost points: id and score, for the categories measured."""
    found = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
                found.append(f"{ref['id']} ({result['score']:.2f})")
    return found


def main() -> None:
    """Serve the site with gunicorn and print the scores of each page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="da")
    parser.add_argument("paths", nargs="*")
    opts = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci`")
    paths = opts.paths or [p.format(lang=opts.lang) for p in PAGES]
    rows = []
    with gunicorn("wsgi:app") as (base, _):
        for path in paths:
            report = audit(base + path)
            scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
            rows.append((path, scores, shortfalls(report)))
    print(f"lighthouse {json.loads((ROOT / 'package.json').read_text())['devDependencies']['lighthouse']}, "
          "mobile (emulated mid-range phone, slow 4G)")  # fmt: skip
    print(f"{'page':28} " + " ".join(f"{c:>14}" for c in CATEGORIES))
    for path, scores, missing in rows:
        print(f"{path:28} " + " ".join(f"{s:14}" for s in scores))
        if missing:
            print(f"{'':28} points lost on: {', '.join(missing)}")


if __name__ == "__main__":
    from record import recorded

    with recorded("Lighthouse"):
        main()
