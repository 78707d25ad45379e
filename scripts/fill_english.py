"""English is the source language of the interface strings: its catalogue repeats every msgid.

Run by `make update-translations` so translations/en never has untranslated entries.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def main() -> None:
    """Copy each msgid into its msgstr (plural forms too) and clear fuzzy flags."""
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")
    with PO.open("wb") as handle:
        write_po(handle, catalog, no_location=True, width=100)


if __name__ == "__main__":
    main()
