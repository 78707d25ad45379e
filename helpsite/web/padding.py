"""Search answers padded to a few fixed sizes, so their length does not tell one search from another.

A search's answer is as long as the results it found: seen on the wire (someone on the same Wi-Fi, an
operator) or in a log line with its time, the size of an encrypted answer could tell "a search that
found the crisis centres" from one that found the job centre. So every search answer leaves with one
of a few sizes on the wire (BUCKETS, in bytes): with the results part or the whole page, a search that
found nothing or twenty things, the answer is 4 KiB or 8 KiB (nearly all: 4 KiB).

How: gzip, whose header may carry an "extra field" (RFC 1952 §2.3.1) that every decoder skips, filled
to the exact size; brotli has no such field that a library writes, so padded answers are gzip (a few
hundred bytes more than brotli 1, well inside the first round trip). A client that takes no gzip gets
the page with an HTML comment of spaces at the end, to a multiple of IDENTITY_STEP.
"""

from __future__ import annotations

import struct
import zlib

from flask import Response, request

from .compression import quality

# On the wire, gzip: the answers to the relevance queries are 2.4–3.9 KB as gzip (results part and
# whole page), so one size holds nearly all; larger answers (every result of a long list) take the next.
BUCKETS = (4096, 8192, 12288)
IDENTITY_STEP = 16384  # uncompressed pages are 9–14 KB
LEVEL = 6  # gzip level: these are small, and a smaller body leaves more room under the first bucket
_HEADER = b"\x1f\x8b\x08\x04" + b"\x00\x00\x00\x00" + b"\x00\xff"  # FEXTRA, no time, unknown OS
_MIN_EXTRA = 4  # one subfield: two id bytes and its length


def target(size: int, buckets: tuple[int, ...] = BUCKETS) -> int:
    """The padded size of an answer of `size` bytes: the first bucket it fits, else a multiple of the last."""
    for bucket in buckets:
        if size <= bucket:
            return bucket
    step = buckets[-1]
    return -(-size // step) * step


def gzip_padded(body: bytes) -> bytes:
    """`body` as gzip of exactly a BUCKETS size, the padding in the header's extra field."""
    packer = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    deflated = packer.compress(body) + packer.flush()
    trailer = struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
    bare = len(_HEADER) + 2 + len(deflated) + len(trailer)
    extra = target(bare + _MIN_EXTRA) - bare
    field = b"HP" + struct.pack("<H", extra - _MIN_EXTRA) + bytes(extra - _MIN_EXTRA)
    return _HEADER + struct.pack("<H", extra) + field + deflated + trailer


def identity_padded(body: bytes) -> bytes:
    """`body` with an HTML comment at its end, to a multiple of IDENTITY_STEP."""
    bare = len(body) + len(b"<!---->")
    return body + b"<!--" + b" " * (target(bare, (IDENTITY_STEP,)) - bare) + b"-->"


def padded(html: str) -> Response:
    """A search answer of a fixed size on the wire (the compression hook leaves it as it is)."""
    body = html.encode("utf-8")
    response = Response(mimetype="text/html")
    if quality(request.headers.get("Accept-Encoding", ""), "gzip") > 0:
        response.set_data(gzip_padded(body))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(identity_padded(body))
    response.vary.add("Accept-Encoding")
    return response
