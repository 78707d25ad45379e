"""The one place the editor reads the content model: field specs, choices, languages, rules, check."""

from __future__ import annotations

from ..content import examples as examples_file
from ..content import situations as situations_file
from ..content.contacts import CONTACT_KINDS, EMAIL_PATTERN, SHORT_NUMBERS, WEB_PATTERN
from ..content.fields import (
    BODY,
    PAGE_FIELDS,
    PAGE_TRANSLATION_FIELDS,
    SERVICE_FIELDS,
    SERVICE_TRANSLATION_FIELDS,
    TRANSLATION_STATES,
    Field,
)
from ..content.files import split_name
from ..content.loader import fingerprint
from ..content.provenance import SOURCE_DATE_PATTERN
from ..content.values import DAYS, TIME
from ..languages import DEFAULT_LANGUAGE, KNOWN_LANGUAGES
from ..search.checks import check
from ..yaml_io import AliasFound

# Re-exported so the rest of the editor never imports the content package directly: when the model
# moves, only this file changes.
__all__ = [
    "AliasFound",
    "BODY",
    "CONTACT_KINDS",
    "CONTENT_TYPES",
    "DAYS",
    "EMAIL_PATTERN",
    "TIME",
    "WEB_PATTERN",
    "DEFAULT_LANGUAGE",
    "KNOWN_LANGUAGES",
    "SHORT_NUMBERS",
    "SOURCE_DATE_PATTERN",
    "TRANSLATION_STATES",
    "Field",
    "check",
    "fingerprint",
    "examples_file",
    "situations_file",
    "split_name",
]

# Each type of Markdown content: its folder, its title field and the field specs of the Danish file
# and of a translation, in the model's order (the form shows them in that order).
CONTENT_TYPES: dict[str, dict] = {
    "services": {
        "folder": "services",
        "title": "name",
        "fields": SERVICE_FIELDS,
        "translation_fields": SERVICE_TRANSLATION_FIELDS,
    },
    "pages": {
        "folder": "pages",
        "title": "title",
        "fields": PAGE_FIELDS,
        "translation_fields": PAGE_TRANSLATION_FIELDS,
    },
}
