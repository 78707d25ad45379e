"""The files nginx serves itself: site/static/ with .gz and .br beside each text file, and error pages.

Built into a build folder (`make static` writes build/), never committed. The compressed forms use the
same codings and qualities as the app (helpsite/web/compression.py), so a reader gets the same bytes
whether nginx or the app answers. nginx's own error pages (a request it cannot read or one too long,
a body too large, too many searches, no instance answering) are the app's error page, rendered here
from the same template and content.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository, when run as a script

from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    NotFound,
    RequestEntityTooLarge,
    RequestHeaderFieldsTooLarge,
    RequestURITooLarge,
    ServiceUnavailable,
    TooManyRequests,
)

from helpsite import ROOT, create_app, settings
from helpsite.web import compression, errors

STATIC = ROOT / "site" / "static"
# Suffixes nginx's gzip_static and brotli_static look for, by coding.
SUFFIX = {"gzip": ".gz", "br": ".br"}
ERRORS: dict[int, type[HTTPException]] = {
    400: BadRequest,
    404: NotFound,
    413: RequestEntityTooLarge,
    414: RequestURITooLarge,
    431: RequestHeaderFieldsTooLarge,
    429: TooManyRequests,
    503: ServiceUnavailable,
}
OWN = ("static", "_errors")  # the folders `build` makes in its target, and the only ones it replaces
TEXT_SUFFIXES = {".css", ".js", ".svg", ".html", ".txt", ".json"}


def _precompress(path: Path) -> None:
    """Write path.gz and path.br when they are smaller than the file (as the app would decide)."""
    body = path.read_bytes()
    if len(body) < compression.MIN_SIZE:
        return
    for coding, suffix in SUFFIX.items():
        packed = compression.compress(body, coding, compression.STATIC_QUALITY[coding])
        if len(packed) < len(body):
            path.with_name(path.name + suffix).write_bytes(packed)


def _error_pages(target: Path, index_dir: Path) -> None:
    """The app's error page for each status nginx answers itself, in Danish (the default language)."""
    # Over the instance's index, which its own start made current: nothing to build (an error page
    # has no search), and the model the build kept spares the check its training.
    app = create_app({"INDEX_DIR": index_dir, "PAGE_CACHE": False, "BUILD_INDEX_ON_START": False})
    target.mkdir(parents=True, exist_ok=True)
    for code, error in ERRORS.items():
        with app.test_request_context("/da/"):
            html, status, _ = errors.error_page(error())
        assert status == code, (status, code)
        page = target / f"{code}.html"
        page.write_text(html, encoding="utf-8")
        _precompress(page)


def build(target: Path, index_dir: Path) -> Path:
    """Build target/static and target/_errors afresh; return target (nginx's root for both)."""
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(STATIC, fresh / "static")
    for path in (fresh / "static").rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            _precompress(path)
    _error_pages(fresh / "_errors", index_dir)
    # Swap whole folders, so nginx never serves a half-built one; only the two this builds, so what
    # else lives in target (`make sbom` writes build/sbom/) stays.
    target.mkdir(parents=True, exist_ok=True)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir(exist_ok=True)
    for name in OWN:
        if (target / name).exists():
            (target / name).rename(old / name)
        (fresh / name).rename(target / name)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(fresh, ignore_errors=True)
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # `make static` writes build/; deploy/stack.py names its own folder, with an instance's settings
    # (HELPSITE_*) in the environment, so the error pages show what that instance serves.
    parser.add_argument("target", nargs="?", type=Path, default=ROOT / "build", help="default: build/")
    built = build(parser.parse_args().target, settings()["INDEX_DIR"])
    print(f"built {built}: static files with .gz and .br, nginx error pages")
