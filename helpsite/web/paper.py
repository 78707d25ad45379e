"""What a pocket card may print: neutral labels, and never a word that says what the card is for."""

from __future__ import annotations

from flask_babel import gettext as _

from ..taxonomy import PAPER_NAMES

# Words a pocket card never prints, in every language of the site (lowercase stems): the card must
# not say what it is if the person who uses violence finds it. The service names, which often hold
# one of them, are never on a card; the site's own address is left off when it holds one.
DISCREET_WORDS = (
    "vold", "violence", "violent", "krise", "crisis", "abuse",
    "عنف", "أزم", "ازمة", "خشونت", "بحران", "تشدد", "کرائسس",
    "şiddet", "siddet", "kriz", "rabshad", "xasarad", "xiisad",
    "насил", "криз", "przemoc", "kryzys",
)  # fmt: skip


def discreet(text: str) -> bool:
    """True when `text` holds none of DISCREET_WORDS (case and accents as written)."""
    folded = text.casefold()
    return not any(word in folded for word in DISCREET_WORDS)


def paper_name(category: str) -> str:
    """The neutral label a pocket card gives a service of `category`, in the reader's language."""
    return _(PAPER_NAMES[category])
