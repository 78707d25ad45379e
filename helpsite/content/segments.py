"""A Markdown body cut into translatable segments (one per heading, list item or paragraph) and back.

A translator in a CAT tool should see sentences, not Markdown: the block markers (`## `, `- `, `1. `,
the blank lines) stay behind in a skeleton that only the Danish file decides, so a translation
cannot lose a heading or a list item. `join` puts the skeleton and the segments back together
byte for byte. `differences` says what a translated segment changed that it may not (numbers,
links, emphasis), in Danish, for `flask content import-translations`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A block's marker: a heading, a list item (bullet or number) or a quote, after any indentation.
_MARKER = re.compile(r"([ \t]*)(#{1,6}[ \t]+|[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?)?")
_FENCE = re.compile(r"[ \t]*(```|~~~)")
# Digits in any script a translator may type them in (Arabic-Indic, Persian) count as the same digit.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"\d+")
# 1.600 and 1600 are the same number: a thousands separator differs between languages.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,\u00a0\u202f\u066c ]\d{3})+(?![\d]|[.,]\d)")
_LINK = re.compile(r"\]\(([^)\s]*)\)")
_BARE = re.compile(r"(?:https?://|mailto:|tel:)[^\s)>\]]+")


@dataclass(frozen=True)
class Segment:
    """One translatable block of a body: its text and what kind of block it is (for the translator)."""

    text: str
    kind: str  # heading-2, list-item, numbered-item, quote, paragraph


@dataclass(frozen=True)
class Body:
    """A body as skeleton pieces with a slot for each segment: skeleton[i] comes before segment i."""

    skeleton: tuple[str, ...]  # one more than segments: the last piece follows the last segment
    segments: tuple[Segment, ...]

    @property
    def shape(self) -> tuple[str, ...]:
        """The skeleton alone: two bodies with the same shape have the same headings, lists and gaps."""
        return self.skeleton


def _kind(marker: str) -> str:
    if marker.startswith("#"):
        return f"heading-{len(marker.strip())}"
    if marker[:1] in "-*+":
        return "list-item"
    if marker[:1].isdigit():
        return "numbered-item"
    return "quote" if marker.startswith(">") else "paragraph"


def split(body: str) -> Body:
    """Cut `body` into skeleton and segments so that `join(split(body))` is `body` again."""
    skeleton: list[str] = [""]
    segments: list[Segment] = []
    open_block = False  # the previous line was text: a following plain line continues it
    fenced = False  # inside a ``` code block: kept whole in the skeleton, never translated
    for line in body.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        ending = line[len(content) :]
        if _FENCE.match(content) or fenced:
            fenced = fenced != bool(_FENCE.match(content))
            skeleton[-1] += line
            open_block = False
            continue
        if not content.strip():
            skeleton[-1] += line
            open_block = False
            continue
        match = _MARKER.match(content)
        assert match is not None  # every part of the pattern is optional
        indent, marker = match[1], match[2] or ""
        text = content[match.end() :]
        trail = text[len(text.rstrip()) :]
        text = text.rstrip()
        if open_block and not marker:  # a wrapped line of the same paragraph or item
            last = segments[-1]
            segments[-1] = Segment(f"{last.text}{skeleton[-1]}{indent}{text}", last.kind)
            skeleton[-1] = trail + ending
            continue
        skeleton[-1] += indent + marker
        segments.append(Segment(text, _kind(marker)))
        skeleton.append(trail + ending)
        open_block = bool(text) and not marker.startswith("#")  # a heading is one line
    return Body(tuple(skeleton), tuple(segments))


def join(skeleton: tuple[str, ...], texts: list[str]) -> str:
    """The body again: each skeleton piece followed by its segment's text."""
    parts = [skeleton[0]]
    for text, piece in zip(texts, skeleton[1:], strict=True):
        parts += [text, piece]
    return "".join(parts)


def _numbers(text: str) -> Counter[int]:
    text = _THOUSANDS.sub(lambda m: re.sub(r"\D", "", m[0]), text.translate(_DIGITS))
    return Counter(int(number) for number in _NUMBER.findall(text))  # 08 is 8


def _links(text: str, lang: str) -> Counter[str]:
    # A link into the site names its language (/da/sheet); the translation's own (/ar/sheet) is the same link.
    found = [*_LINK.findall(text), *_BARE.findall(text)]
    return Counter(re.sub(f"^/{lang}/", "/da/", link) for link in found)


def _marks(text: str) -> dict[str, int]:
    """How many of each Markdown inline mark a text holds (links, bold, italics, code)."""
    # A run of * or _ opens or closes emphasis: ** is bold, * italics, *** both. An underscore inside
    # a word or an address (krise_center, a_b@x.dk) is not emphasis, so it is not counted.
    runs = re.findall(r"\*+|(?<![^\W_])_+|_+(?![^\W_])", text)
    return {
        "links": len(_LINK.findall(text)),
        "bold": sum(len(run) // 2 for run in runs),
        "italics": sum(len(run) % 2 for run in runs),
        "code": text.count("`"),
    }


MARK_NAMES = {"links": "links", "bold": "fed skrift (**)", "italics": "kursiv (*)", "code": "kode (`)"}


def differences(source: str, target: str, lang: str, *, block: bool = True) -> list[str]:
    """What `target` changed that a translation may not, in Danish: [] when it keeps it all."""
    found = []
    if _numbers(source) != _numbers(target):
        want = " ".join(str(n) for n in sorted(_numbers(source).elements())) or "ingen"
        found.append(f"tallene er ikke de samme som på dansk (dansk har: {want})")
    if _links(source, lang) != _links(target, lang):
        want = ", ".join(sorted(_links(source, lang).elements())) or "ingen"
        found.append(f"linkadresserne er ikke de samme som på dansk (dansk har: {want})")
    theirs, ours = _marks(source), _marks(target)
    for mark, name in MARK_NAMES.items():
        if theirs[mark] != ours[mark]:
            found.append(f"antallet af {name} er {ours[mark]}, men {theirs[mark]} på dansk")
    if block:
        if target.count("\n") != source.count("\n") or re.search(r"\n[ \t]*\n", target):
            found.append("teksten har andre linjeskift end den danske")
        elif any(_MARKER.match(line)[2] for line in target.split("\n")):  # type: ignore[index]
            found.append("en linje begynder med et Markdown-tegn (#, -, *, 1. eller >)")
    return found
