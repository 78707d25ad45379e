"""Categories, audiences and topics: their codes and their labels, for the HTML pages and HSDS alike.

No Flask here, so content/ can validate codes with it. The labels are English message ids marked
with `N_` (pybabel extracts it by default); web/i18n.py translates them in the reader's language.
"""

from __future__ import annotations


def N_(message: str) -> str:  # gettext's conventional name: mark now, translate later
    """Mark `message` for the catalogues without translating it now."""
    return message


CATEGORY_NAMES: dict[str, str] = {
    "hotline": N_("Hotlines"),
    "crisis-centre": N_("Crisis centres"),
    "perpetrators": N_("Help to stop using violence"),
    "honour": N_("Honour-related conflicts"),
    "children": N_("Children and young people"),
    "municipal": N_("%(genitive)s own services"),  # the municipality's, named by web/i18n.py
    "emergency": N_("Police"),
    "victim-support": N_("Victim support"),
}
# What a pocket card calls a service of each category. A card can be found by the person who uses
# violence, so these say what the help is like, never what it is about: no word for violence, crisis,
# a shelter or a place to stay in any language (web/paper.py's GIVEAWAYS; tests/web/test_sheet.py checks
# every catalogue). One label per category rather
# than a field per service: translators see them once, together, and no content edit can undo it.
PAPER_NAMES: dict[str, str] = {
    "hotline": N_("Advice line"),
    "crisis-centre": N_("Counselling"),
    "perpetrators": N_("Family counselling"),
    "honour": N_("Advice for young people"),
    "children": N_("For children and young people"),
    "municipal": N_("The municipality"),
    "emergency": N_("Police"),
    "victim-support": N_("Support line"),
}
AUDIENCE_NAMES: dict[str, str] = {
    "victims": N_("I am subjected to violence"),
    "relatives": N_("I am worried about someone"),
    "perpetrators": N_("I use violence and want to stop"),
    "young": N_("I am a child or young person"),
    "professionals": N_("I work with people (professionals)"),
}
CATEGORIES = tuple(CATEGORY_NAMES)
AUDIENCES = tuple(AUDIENCE_NAMES)
# The topics on the home page, in the order a person in crisis needs them.
TOPICS = ("crisis-centre", "honour", "perpetrators", "children", "municipal", "victim-support", "emergency")
