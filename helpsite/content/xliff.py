"""XLIFF 1.2 files for translation agencies: written with the standard library, read with defusedxml.

XLIFF 1.2 rather than 2.x because it is what the agencies' tools (Trados, memoQ, Phrase, Crowdin,
Weblate) all open and save without loss; docs/architecture.md records the decision. A file that
comes back is untrusted: defusedxml refuses DTDs and entities (no "billion laughs", no external
files), the size is limited, and anything this module did not write (inline tags, a second
`<target>`, a unit without an id) is refused with a sentence that names file, unit and fix.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = f"{{{NS}}}"
MAX_BYTES = 20_000_000  # all content in all languages is under 2 MB; anything far larger is not ours
# The states a CAT tool leaves on a segment a translator or reviewer has finished (XLIFF 1.2 `state`).
DONE_STATES = frozenset(("translated", "final", "signed-off"))
DRAFT_STATE = "needs-review-translation"


@dataclass
class Unit:
    """One translatable text: its id within its file, the source and the translation (if any)."""

    id: str
    source: str
    target: str | None = None
    state: str | None = None  # XLIFF 1.2 target state: needs-review-translation, translated, final ...
    approved: bool = False
    note: str = ""  # what the text is, for the translator (a heading, a list item, keywords)

    @property
    def done(self) -> bool:
        """True when the translator or reviewer has finished this unit in their tool."""
        return self.target is not None and (self.approved or self.state in DONE_STATES)


@dataclass
class Document:
    """One `<file>`: the units of one content file (or one catalogue) in one target language."""

    original: str  # services/danner, pages/safety, interface
    source_language: str
    target_language: str
    datatype: str = "x-markdown"
    units: list[Unit] = field(default_factory=list)


class XliffError(Exception):
    """An XLIFF file that cannot be read, said in Danish with what to do."""


def write(documents: list[Document]) -> bytes:
    """An XLIFF 1.2 file holding `documents`, UTF-8, one unit per line group."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{_Q}xliff", {"version": "1.2"})
    for doc in documents:
        attrs = {
            "original": doc.original,
            "source-language": doc.source_language,
            "target-language": doc.target_language,
            "datatype": doc.datatype,
        }
        body = ET.SubElement(ET.SubElement(root, f"{_Q}file", attrs), f"{_Q}body")
        for unit in doc.units:
            # xml:space="preserve": the line breaks and spaces of a segment are part of its text.
            attrs = {"id": unit.id, "{http://www.w3.org/XML/1998/namespace}space": "preserve"}
            if unit.approved:
                attrs["approved"] = "yes"
            element = ET.SubElement(body, f"{_Q}trans-unit", attrs)
            ET.SubElement(element, f"{_Q}source").text = unit.source
            if unit.target is not None:
                target = ET.SubElement(element, f"{_Q}target", {"state": unit.state or DRAFT_STATE})
                target.text = unit.target
            if unit.note:
                ET.SubElement(element, f"{_Q}note").text = unit.note
    ET.indent(root, space=" ")
    text = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'.encode()


def _text(element: ET.Element, where: str) -> str:
    """An element's text; refused when it holds inline tags (our units never have any)."""
    for child in element.iter():  # iter() walks without recursion: deep nesting cannot overflow it
        if child is not element and child.tag != f"{_Q}mrk":  # <mrk> marks a stretch (memoQ, Trados)
            name = child.tag.replace(_Q, "")
            raise XliffError(
                f"{where}: teksten indeholder et XML-mærke <{name}>, som vi ikke har sendt; "
                "skriv teksten uden mærker, eller bed bureauet eksportere igen som ren tekst"
            )
    return "".join(element.itertext())


def read(data: bytes, name: str) -> list[Document]:
    """The documents of an XLIFF 1.2 file; XliffError (in Danish) when it is not one we can trust."""
    if len(data) > MAX_BYTES:
        raise XliffError(f"{name}: filen er over {MAX_BYTES // 1_000_000} MB og er ikke en af vores")
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise XliffError(
            f"{name}: filen indeholder en DTD eller XML-entiteter, som vi af sikkerhedsgrunde ikke læser; "
            "eksportér igen fra oversættelsesværktøjet som XLIFF 1.2"
        ) from None
    except ET.ParseError as exc:
        raise XliffError(f"{name}: filen er ikke gyldig XML ({exc}); bed bureauet sende den igen") from None
    if root.tag != f"{_Q}xliff" or root.get("version") != "1.2":
        raise XliffError(f"{name}: filen er ikke XLIFF 1.2; bed bureauet gemme den som XLIFF 1.2")
    documents = []
    for element in root.iter(f"{_Q}file"):
        original = element.get("original") or ""
        doc = Document(
            original,
            element.get("source-language") or "",
            element.get("target-language") or "",
            element.get("datatype") or "",
        )
        for unit in element.iter(f"{_Q}trans-unit"):
            doc.units.append(_unit(unit, f"{name}, {original}"))
        documents.append(doc)
    return documents


def _unit(element: ET.Element, where: str) -> Unit:
    unit_id = element.get("id")
    if not unit_id:
        raise XliffError(f"{where}: en enhed (trans-unit) har intet id; eksportér filen igen og oversæt den")
    where = f"{where}, enhed {unit_id}"
    sources = element.findall(f"{_Q}source")
    targets = element.findall(f"{_Q}target")
    if len(sources) != 1 or len(targets) > 1:
        raise XliffError(f"{where}: enheden skal have én <source> og højst én <target>")
    target = targets[0] if targets else None
    return Unit(
        unit_id,
        _text(sources[0], where),
        _text(target, where) if target is not None else None,
        target.get("state") if target is not None else None,
        element.get("approved") == "yes",
        "\n".join("".join(note.itertext()) for note in element.iterfind(f"{_Q}note")),
    )
