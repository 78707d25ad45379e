"""How large a content file may be, so that no file can make the site slow for everyone.

A text is read and rendered once per build, by the builder, never inside a visitor's request; still, a
file that takes long to read or render holds up every publish after it. The limits are far above
anything the site's own texts need (the longest body is under 5,000 characters, the longest summary
under 200) and far below what would take a second to read.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .problems import Collector, Located

MAX_FILE_BYTES = 64 * 1024  # a whole file, checked before YAML reads it
# A file of example sentences (examples/<lang>.yml): about 1,000 sentences are 60 KB; the model trains
# on every file at each build, so four times that per language still trains in seconds.
MAX_EXAMPLES_BYTES = 256 * 1024
MAX_BODY = 20_000  # characters below the front matter: renders in well under a second
MAX_LINKS = 300  # '[' in a body: every link has one; thousands in a row are a mistake, not a text
MAX_FIELD = 500  # characters in one front-matter value (a name, a summary, an address)
RENDER_SECONDS = 2.0  # a body that still takes longer to render than this is refused

T = TypeVar("T")


def file_too_large(
    rel: str, size: int, out: Collector, limit: int = MAX_FILE_BYTES, fix: str = "split it into two pages"
) -> bool:
    """Report a file over `limit` bytes (before it is parsed); True when it is."""
    if size <= limit:
        return False
    out.add(
        rel,
        1,
        f"the file is {size // 1024:,} KB; a file here may be at most {limit // 1024} KB",
        f"shorten the text or {fix}",
        code="too-large-file",
        args=(size // 1024, limit // 1024),
    )
    return True


def body_too_large(src: Located, body: str, line: int, out: Collector) -> bool:
    """Report a body over MAX_BODY characters or with more than MAX_LINKS '['; True when it is."""
    if len(body) > MAX_BODY:
        out.add(
            src,
            line,
            f"the text is {len(body):,} characters long; a text here may be at most {MAX_BODY:,}",
            "shorten the text or split it into two pages",
            code="too-long-text",
            field="body",
            args=(len(body), MAX_BODY),
        )
        return True
    brackets = body.count("[")
    if brackets > MAX_LINKS:
        out.add(
            src,
            line,
            f"the text has {brackets} '[' characters; a text may have at most {MAX_LINKS} (one per link)",
            "remove the '[' characters that do not start a link",
            code="too-many-brackets",
            field="body",
            args=(brackets, MAX_LINKS),
        )
        return True
    return False


def long_values(meta: Any, key: str = "") -> list[tuple[str, int]]:
    """(top-level key, length) of every string in the front matter longer than MAX_FIELD."""
    if isinstance(meta, str):
        return [(key, len(meta))] if len(meta) > MAX_FIELD else []
    if isinstance(meta, dict):
        return [found for k, v in meta.items() for found in long_values(v, key or str(k))]
    if isinstance(meta, list):
        return [found for v in meta for found in long_values(v, key)]
    return []


def check_values(src: Located, meta: dict, out: Collector) -> None:
    """Report every front-matter value over MAX_FIELD characters, at its field's line."""
    for key, length in long_values(meta):
        out.add(
            src,
            key,
            f"'{key}' holds {length:,} characters; a field may hold at most {MAX_FIELD}",
            f"shorten '{key}'; longer text belongs below the front matter",
            code="too-long-value",
            args=(length, MAX_FIELD),
        )


@functools.lru_cache(maxsize=1024)
def _measured(render: Callable[[str], Any], body: str) -> tuple[Any, float]:
    """`render(body)` and the seconds it took, kept per body: a check of content that has not
    changed renders nothing again, and a slow body is still reported at every check."""
    started = time.perf_counter()
    result = render(body)
    return result, time.perf_counter() - started


def timed(render: Callable[[str], T], body: str, src: Located, line: int, out: Collector) -> T:
    """`render(body)`, reporting a body that took longer than RENDER_SECONDS to render."""
    result, seconds = _measured(render, body)
    if seconds > RENDER_SECONDS:
        out.add(
            src,
            line,
            f"the text took {seconds:.1f} s to turn into a page (at most {RENDER_SECONDS:.0f} s)",
            "look for long runs of the same sign ([ * _ ! <) and remove them",
            code="slow-text",
            field="body",
        )
    return result
