"""What a pocket card may print: neutral labels, and never a word that says what the card is for."""

from __future__ import annotations

from flask_babel import gettext as _

from ..taxonomy import PAPER_NAMES

# Words a pocket card never prints, per language of the site (lowercase, matched anywhere in a word,
# so compounds such as "partnervold" are caught): a card found by the person who uses violence must
# read as an ordinary list of useful numbers. Violence, crisis, shelter or a place to stay, anonymity,
# secrecy. The one list: the card code and tests/web/test_sheet.py both read it, and every language's card
# is checked against every language's words (a card is printed in two languages).
GIVEAWAYS: dict[str, tuple[str, ...]] = {
    "da": (
        "vold", "krise", "overgreb", "misbrug", "husly", "sted at bo", "ophold", "bolig", "anonym",
        "hemmelig", "fortrolig", "tavshed",
    ),
    "en": (
        "violen", "abuse", "crisis", "crises", "shelter", "refuge", "safe house", "place to stay",
        "anonym", "secret", "confidential", "domestic",
    ),
    "ar": (
        "عنف", "أزم", "ازمة", "إيواء", "ايواء", "ملجأ", "مأوى", "إقامة", "اقامة", "مجهول", "ذكر الاسم",
        "السرية", "بسرية", "كتمان",
    ),
    "fa": ("خشونت", "بحران", "خانه امن", "خانه‌های امن", "پناهگاه", "اقامت", "ناشناس", "محرمانه", "مخفی"),
    "ur": ("تشدد", "بحران", "کرائسس", "دارالامان", "پناہ", "رہنے کی جگہ", "قیام", "گمنام", "خفیہ", "رازداری"),
    "tr": (
        "şiddet", "siddet", "kriz", "sığınma", "siginma", "barınma", "kalacak yer", "konaklama", "anonim",
        "isimsiz", "gizli",
    ),
    "so": (
        "rabshad", "xasarad", "xiisad", "hoyga", "hoy ammaan", "meel lagu", "magac la'aan", "qarsood",
        "sirta",
    ),
    "uk": ("насил", "криз", "притул", "сховищ", "прожива", "анонім", "таємн", "конфіденц"),
    "pl": (
        "przemoc", "kryzys", "schronisk", "schronieni", "zamieszka", "pobyt", "anonim", "tajemnic", "poufn",
    ),
}  # fmt: skip


def giveaways(text: str) -> list[str]:
    """The words of GIVEAWAYS, in any language, that `text` holds (case as written does not matter)."""
    folded = text.casefold()
    return sorted({word for words in GIVEAWAYS.values() for word in words if word in folded})


def discreet(text: str) -> bool:
    """True when `text` holds none of the words of GIVEAWAYS."""
    return not giveaways(text)


def paper_name(category: str) -> str:
    """The neutral label a pocket card gives a service of `category`, in the reader's language."""
    return _(PAPER_NAMES[category])
