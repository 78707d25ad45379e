"""Compressed responses: brotli or gzip, chosen by the client's Accept-Encoding, for text only.

A first visit must fit in one TCP round trip (14 KB for HTML + CSS + JS), so every text response
leaves compressed when the client allows it. Static files are compressed once and kept in memory.

Why not Flask-Compress (measured against version 1.25): it writes the time of each response into
every gzip header (gzip.compress without mtime), a trace of the visit that this module avoids with
mtime=0; it has one quality for everything, where static files here get the best (brotli 11, once)
and rendered pages a fast one; and keeping compressed static files needs its cache backend and a key
function, which is what `_compress_static` is in twenty lines.
"""

from __future__ import annotations

import gzip
import hashlib

import brotli
from flask import Flask, Response, request

# Smaller bodies gain little and cost a header's worth of bytes.
MIN_SIZE = 512
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/plain",
        "text/javascript",
        "text/xml",
        "text/csv",
        "text/markdown",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/ld+json",
        "application/manifest+json",
        "application/xml",
        "image/svg+xml",
    }
)
# Pages are rendered per request: a middle brotli quality is nearly as small and many times faster.
# Static files are compressed once, so they get the best quality.
DYNAMIC_QUALITY = {"br": 5, "gzip": 6}
# A search (POST) is compressed for one reader and never kept: a fast level beats a small one.
# Measured on the answers to the relevance queries (8.5 KB as HTML): brotli 1 takes half of 3's time
# (0.04 against 0.08 ms) for 9 % more bytes (3.2 against 2.9 KB), still far inside the first round trip.
UNCACHED_QUALITY = {"br": 1, "gzip": 4}
STATIC_QUALITY = {"br": 11, "gzip": 9}
ENCODINGS = ("br", "gzip")  # in order of preference when the client rates them equally


def quality(accept_encoding: str, coding: str) -> float:
    """The q-value the client gives `coding` (RFC 9110 §12.5.3): an exact name beats `*`; absent is 0."""
    exact: float | None = None
    wildcard: float | None = None
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0  # a q-value that is not a number: treat the coding as refused
        if name == coding:
            exact = q if exact is None else max(exact, q)
        elif name == "*":
            wildcard = q if wildcard is None else max(wildcard, q)
    if exact is not None:
        return exact
    return wildcard or 0.0


def choose(accept_encoding: str) -> str | None:
    """The coding to use for a client sending this Accept-Encoding header, or None for identity."""
    best, best_q = None, 0.0
    for coding in ENCODINGS:
        q = quality(accept_encoding, coding)
        if q > best_q:
            best, best_q = coding, q
    return best


def compress(body: bytes, coding: str, level: int) -> bytes:
    """`body` in `coding` (br or gzip) at `level`; the same body always gives the same bytes."""
    if coding == "br":
        return brotli.compress(body, mode=brotli.MODE_TEXT, quality=level)
    # mtime=0: the same body always gives the same bytes (and no timestamp of the visit).
    return gzip.compress(body, compresslevel=level, mtime=0)


# Compressed static files by (digest of the body, coding); a changed file gets a new digest.
_static_cache: dict[tuple[bytes, str], bytes] = {}
STATIC_CACHE_SIZE = 64


def _compress_static(body: bytes, coding: str) -> bytes:
    key = (hashlib.blake2b(body, digest_size=16).digest(), coding)
    packed = _static_cache.get(key)
    if packed is None:
        if len(_static_cache) >= STATIC_CACHE_SIZE:
            _static_cache.clear()  # a handful of files: never reached unless files keep changing
        packed = _static_cache[key] = compress(body, coding, STATIC_QUALITY[coding])
    return packed


def compress_response(response: Response) -> Response:
    """Compress `response` in place when the request, the status and the type allow it."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    # The body depends on Accept-Encoding for every compressible type, whether or not we compress.
    response.vary.add("Accept-Encoding")
    if (
        request.method == "HEAD"
        or response.status_code < 200
        or response.status_code in (204, 206, 304)
        or "Content-Encoding" in response.headers
        or "Content-Range" in response.headers
        or (response.is_streamed and not response.direct_passthrough)
    ):
        return response
    coding = choose(request.headers.get("Accept-Encoding", ""))
    if coding is None:
        return response
    if response.direct_passthrough:
        # A static file: read it into memory (they are small) and close it now, not at some later GC.
        source = response.response
        response.direct_passthrough = False
        try:
            response.set_data(b"".join(response.iter_encoded()))
        finally:
            if hasattr(source, "close"):
                source.close()
    body = response.get_data()
    if request.endpoint == "static":
        packed = _compress_static(body, coding) if len(body) >= MIN_SIZE else body
    else:
        packed, coding = encoded(body, coding, uncached=request.method == "POST")
    if coding is None or len(packed) >= len(body):
        return response
    response.set_data(packed)
    response.headers["Content-Encoding"] = coding
    return response


def encoded(body: bytes, coding: str | None, uncached: bool) -> tuple[bytes, str | None]:
    """A rendered body as it leaves in `coding` (from `choose`): (bytes, coding), or (body, None) as it is.

    `uncached`: an answer made for one reader (a search), compressed fast rather than small.
    """
    if coding is None or len(body) < MIN_SIZE:
        return body, None
    packed = compress(body, coding, (UNCACHED_QUALITY if uncached else DYNAMIC_QUALITY)[coding])
    return (packed, coding) if len(packed) < len(body) else (body, None)


def init_app(app: Flask) -> None:
    """Compress responses last, after every other after_request hook has had its say."""
    # after_request hooks run in reverse order of registration: first in the list runs last.
    app.after_request_funcs.setdefault(None, []).insert(0, compress_response)
