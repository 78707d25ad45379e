"""Markdown bodies to sanitised HTML, and the internal links (service:<id>, page:<slug>) they hold.

An internal link stays `href="service:<id>"` or `href="page:<slug>"` in the HTML: which entry it
points to is content, where that entry lives is the site's (web/links.py turns them into addresses
in the reader's language as a page is rendered).

Why markdown-it-py (CommonMark, with tables): its parser takes time in proportion to the text, where
Python-Markdown took time in proportion to its square on some texts (12,000 "[" in a row: 30 s, long
enough for gunicorn to kill every worker that rendered it). It also reads a list written right under
a paragraph's last line as a list, as editors mean it.
"""

from __future__ import annotations

import re

import nh3
import phonenumbers
from markdown_it import MarkdownIt
from phonenumbers import Leniency, PhoneNumberMatcher

from ..country import PHONE_REGION, SHORT_NUMBERS
from .files import KINDS

SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "i", "li", "ol", "p", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
# Raw HTML passes the parser and nh3 keeps only SAFE_TAGS, as before; tables as in GitHub's Markdown.
_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# Every link becomes a link and nh3 alone decides which addresses stay (url_schemes below): one gate,
# and a refused link reads as its words, not as "[words](javascript:...)".
_PARSER.validateLink = lambda url: True  # type: ignore[method-assign]
# An internal link names its entry by kind and id (`service:danner`) and keeps that form in the HTML:
# nh3 lets these two schemes through beside the web's own.
LINK_KINDS = tuple(KINDS.values())
_INTERNAL_LINK = re.compile(rf"\]\(({'|'.join(LINK_KINDS)}):([^)\s]*)\)")
_MD_LINK = re.compile(r"\]\((/[a-z]{2}/[^)\s]*)\)")
# How a number is written in running text: digits in groups. phonenumbers' matcher would also take
# a span of years ("2023–2026" is a valid mobile number) for one.
_WRITTEN = re.compile(r"\+?\d[\d ]*\d")
# The short numbers (112, 114, 1888, 116 xxx) as a word of their own: phonenumbers' matcher only
# finds full subscriber numbers, and "1888" inside "18881" or a web address is not a phone number.
_SHORT_IN_TEXT = re.compile(rf"(?<![\w+/.:-])(?:{SHORT_NUMBERS.pattern.replace('116', '116 ?')})(?![\w/-])")


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """Where phone numbers stand in running text: full Danish numbers and the short ones."""
    spans = [
        (match.start, match.end)
        for match in PhoneNumberMatcher(text, PHONE_REGION, leniency=Leniency.VALID)
        if phonenumbers.region_code_for_number(match.number) == PHONE_REGION
        and _WRITTEN.fullmatch(match.raw_string)
    ]
    taken = [range(start, end) for start, end in spans]
    for match in _SHORT_IN_TEXT.finditer(text):
        if not any(match.start() in r for r in taken):
            spans.append((match.start(), match.end()))
    return sorted(spans)


def _wrap_numbers(text: str) -> str:
    spans = _phone_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], f'<bdi class="num">{text[start:end]}</bdi>']
        last = end
    return "".join([*parts, text[last:]])


def keep_numbers_whole(html: str) -> str:
    """Wrap phone numbers in running text so they never break and read left to right."""
    parts = re.split(r"(<[^>]+>)", html)
    inside_link = False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            inside_link = part.startswith("<a ") or (inside_link and part != "</a>")
            continue
        if not inside_link:
            parts[i] = _wrap_numbers(part)
    return "".join(parts)


def render_markdown(body: str) -> tuple[str, str]:
    """Markdown -> sanitised HTML (internal links as service:<id>, page:<slug>) and plain text for search."""
    html = _PARSER.render(body)
    clean = nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto", "tel", "sms", *LINK_KINDS},
        link_rel="noopener noreferrer",
    )
    text = re.sub(r"\s+", " ", nh3.clean(clean, tags=set())).strip()
    return keep_numbers_whole(clean), text


def internal_links(body: str, first_line: int) -> tuple[tuple[str, str, int], ...]:
    """(kind, target, line) of every link into the site, written as service:/page: or as an address."""
    found = []
    for offset, line in enumerate(body.splitlines()):
        for match in _INTERNAL_LINK.finditer(line):
            found.append((match[1], match[2], first_line + offset))
        # An address of this site written out (copied from the address bar) must point somewhere too.
        # It is read as /<lang>/<folder>/<id>, the folders of content/files.py: the check runs below
        # web/, so it cannot ask web/links.py, and tests/web/test_links.py holds the two to the same shape.
        for match in _MD_LINK.finditer(line):
            parts = match[1].split("#")[0].strip("/").split("/")
            if len(parts) == 3 and parts[1] in KINDS:
                found.append((KINDS[parts[1]], parts[2], first_line + offset))
    return tuple(found)
