"""Whether a person says she is a woman or he is a man, so a shelter for the other is never offered.

Danner takes women; Mandecentret takes men (the fact sheet). A woman who writes "jeg er kvinde og har
brug for et sted at bo" must not get the men's centre, nor a man Danner. Said only where the words say
it of the writer ("I am a man", "som kvinde"); a partner's word ("my husband") tells nothing, since
men and women of either orientation write it. A rule, not the model: a handful of fixed phrases per
language are clearer as a list than as examples, and a mistake here only leaves a shelter out.
"""

from __future__ import annotations

import re

from .analysis import fold

WOMAN, MAN = "woman", "man"
# The services only for one of the two: left out for a writer who says she or he is the other.
ONLY_FOR = {"danner": WOMAN, "mandecentret": MAN}

# What a writer says of herself or himself, as typed (folded like the search's words before matching).
_SAYS = {
    WOMAN: [
        "jeg er kvinde",
        "jeg er en kvinde",
        "jeg er en pige",
        "jeg er mor",
        "som kvinde",
        "som mor",
        "i am a woman",
        "i'm a woman",
        "im a woman",
        "i am a girl",
        "i'm a girl",
        "i am a mother",
        "i'm a mother",
        "i'm a mum",
        "i'm a mom",
        "as a woman",
        "as a mother",
        "انا امرأة",
        "انا امراة",
        "انا ست",
        "انا بنت",
        "انا ام",
        "ana imra2a",
        "ana mara",
        "ana set",
        "من زن هستم",
        "من زنم",
        "من یک زن هستم",
        "من مادر هستم",
        "man zan hastam",
        "man zanam",
        "میں عورت ہوں",
        "میں ایک عورت ہوں",
        "میں ماں ہوں",
        "main aurat hoon",
        "main aik aurat hoon",
        "ben kadinim",
        "ben bir kadinim",
        "ben anneyim",
        "kadinim",
        "kadın olarak",
        "waxaan ahay naag",
        "waxaan ahay haweeney",
        "waxaan ahay hooyo",
        "я жінка",
        "я мати",
        "я мама",
        "jestem kobieta",
        "jestem kobietą",
        "jestem matka",
        "jestem matką",
    ],
    MAN: [
        "jeg er mand",
        "jeg er en mand",
        "jeg er en fyr",
        "jeg er far",
        "som mand",
        "som far",
        "i am a man",
        "i'm a man",
        "im a man",
        "i am a guy",
        "i'm a guy",
        "i am a father",
        "i'm a father",
        "i'm a dad",
        "as a man",
        "as a father",
        "انا رجل",
        "انا زلمة",
        "انا اب",
        "ana rajul",
        "ana ragel",
        "ana zalame",
        "من مرد هستم",
        "من مردم",
        "من یک مرد هستم",
        "من پدر هستم",
        "man mard hastam",
        "man mardam",
        "میں مرد ہوں",
        "میں ایک مرد ہوں",
        "میں باپ ہوں",
        "main mard hoon",
        "main aik mard hoon",
        "ben erkegim",
        "ben erkeğim",
        "ben bir erkegim",
        "ben babayim",
        "erkegim",
        "erkek olarak",
        "waxaan ahay nin",
        "waxaan ahay aabe",
        "я чоловік і",
        "я чоловік,",
        "я батько",
        "я тато",
        "jestem mezczyzna",
        "jestem mężczyzną",
        "jestem ojcem",
        "jestem facetem",
    ],
}


def _folded(text: str) -> str:
    """Lower case, the search's folding word by word, single spaces, padded for whole-phrase search."""
    return " " + " ".join(fold(word) for word in re.findall(r"[^\s,.!?]+|[,]", text.lower())) + " "


_PHRASES = {who: tuple(_folded(phrase) for phrase in phrases) for who, phrases in _SAYS.items()}


def said(text: str) -> str | None:
    """WOMAN or MAN where the writer says which, else None (both, or neither: unknown)."""
    folded = _folded(text)
    found = {who for who, phrases in _PHRASES.items() if any(phrase in folded for phrase in phrases)}
    return found.pop() if len(found) == 1 else None


def not_for(text: str) -> frozenset[str]:
    """The services that are for the other sex than the one the writer says (none when unknown)."""
    who = said(text)
    return frozenset(sid for sid, only in ONLY_FOR.items() if who is not None and only != who)
