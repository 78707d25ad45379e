"""The check's problems in the communications team's Danish: what is wrong, where in the form, what to do.

`flask content check` keeps its English messages for IT (file, line, fix); the editor words each
problem by its `code`, naming the field by its label in the form (widgets.WORDING) rather than a
file and a line. A code without a sentence here fails tests/editor/test_editor_messages.py.
"""

from __future__ import annotations

from ..content.problems import Problem
from . import model
from .config import SITUATION_WORDING
from .widgets import WORDING

FACT_SHEET_URL = "/admin/faktaark"
# Said when a file was broken outside the editor: the editor writes valid files itself.
_BROKEN = "Filen kan ikke læses: den er rettet uden for editoren og har nu en formfejl. Bed IT rette den"

# One sentence per kind of problem. {field} is the field's label in the form, {0} {1} ... the
# values the check names, {owner} who keeps the fact sheet.
TEMPLATES: dict[str, str] = {
    # Numbers and the fact sheet
    "not-in-fact-sheet": (
        "Nummeret {0} i »{field}« står ikke i faktaarket, og kun numre derfra kommer på siden. Er "
        "nummeret en slåfejl, så ret det; ellers fjern det. Er det rigtigt, så bed {owner} om at "
        "skrive det i faktaarket med sin kilde, og gem igen bagefter. Faktaarket kan læses på "
        f"{FACT_SHEET_URL}"
    ),
    "do-not-publish": (
        "Nummeret {0} i »{field}« må ikke stå på siden: det er nedlagt eller aldrig bekræftet. Slet det, "
        "og henvis i stedet til organisationens hjemmeside og til Lev Uden Vold på 1888"
    ),
    "no-fact-sheet": "Faktaarket kan ikke læses, så ingen numre kan tjekkes. Bed {owner} eller IT om hjælp",
    "bad-phone": "»{0}« i »{field}« er ikke et gyldigt dansk telefonnummer: skriv fx 1888 eller 33 33 00 47",
    "bad-email": "»{0}« i »{field}« er ikke en e-mailadresse: skriv den som navn@domæne.dk",
    "bad-web": "»{0}« i »{field}« er ikke en webadresse: skriv hele adressen, der starter med https://",
    "contact-incomplete": "En kontakt i »{field}« mangler sin slags eller sit nummer: udfyld begge",
    # Fields of the form
    "missing-field": "»{field}« skal udfyldes",
    "unknown-choice": "»{0}« kan ikke vælges i »{field}«: vælg en af mulighederne på listen",
    "not-a-list": "»{field}« skal være en liste: tilføj punkterne ét ad gangen",
    "not-text": "»{field}« skal være almindelig tekst på én linje",
    "not-bool": "»{field}« skal være slået til eller fra",
    "not-int": "»{field}« skal være et helt tal, fx 1",
    "holiday-hours-unused": "»{field}« bruges kun ved et tilbud med faste åbningstider: slet feltet",
    "holiday-hours-unreadable": (
        "»{field}« er ikke forstået: skriv closed (lukket), always (døgnåbent) eller tiderne, fx 10:00-14:00"
    ),
    "hours-unreadable": "»{field}« er ikke forstået: slå »Døgnåbent« til, eller tilføj tider",
    "slot-incomplete": "En tid i »{field}« mangler dage, åbner eller lukker: udfyld alle tre",
    "bad-days": "Dagene »{0}« i »{field}« er ikke forstået: skriv fx man-fre, lør eller søn",
    "bad-time": "En tid i »{field}« er ikke forstået: skriv klokkeslæt som 08:00, og luk efter, der åbnes",
    "empty-body": "»{field}« er tom: skriv, hvad tilbuddet gør, og hvem det er for",
    "dead-link": "Linket {0} i »{field}« peger ikke på noget tilbud eller nogen side: ret eller slet det",
    "placeholder": "Skabelonens pladsholder »{0}« står stadig i teksten: skriv den rigtige tekst i stedet",
    "title-used": "»{0}« bruges allerede som navn af en anden tekst: giv hver tekst sit eget navn",
    "duplicate-field": "»{field}« står to gange i filen. " + _BROKEN,
    "unknown-field": "Filen har et felt, editoren ikke kender ({0}). " + _BROKEN,
    "retired-field": "Filen har et felt, der ikke bruges mere ({0}). " + _BROKEN,
    "translation-danish-only": (
        "En oversættelse kan ikke have »{field}«: det står kun i den danske tekst. " + _BROKEN
    ),
    "id-mismatch": "Filens id passer ikke med dens navn. " + _BROKEN,
    "bad-stamp": "Oversættelsens stempel er ikke den danske teksts. " + _BROKEN,
    # Dates and sources
    "bad-date": "»{0}« i »{field}« er ikke en dato: skriv den som år-måned-dag, fx 2026-12-01",
    "date-future": "Datoen {0} i »{field}« ligger i fremtiden: skriv den dag, oplysningerne blev bekræftet",
    "confirmed-shape": "»{field}« skal have både en dato og en rolle: udfyld begge, eller fjern bekræftelsen",
    "confirmed-old": (
        "»{field}« er {0} dage gammel (mere end {1}): bekræft numre og åbningstider med tilbuddet igen, "
        "og skriv så dagens dato"
    ),
    "source-no-date": "Kilden »{0}« i »{field}« har ingen dato: skriv den dato, kilden selv har",
    "source-no-url": "En kilde i »{field}« mangler både adresse og titel: skriv en af dem",
    "source-unreadable": "En kilde i »{field}« er ikke forstået: giv den en adresse (eller titel) og en dato",
    "bad-source-date": (
        "Datoen »{0}« for kilden »{1}« er ikke forstået: skriv et år (2021), en måned (2023-12) eller en "
        "dag (2021-02-08)"
    ),
    "source-future": "Kilden »{0}« er dateret i fremtiden ({1}): skriv den dato, kilden selv har",
    # Facts that disagree (warnings: the save goes through)
    "crisis-line-hours": (
        "»{field}« er slået til, så tilbuddet står øverst på alle sider som åbent døgnet rundt, men "
        "»Åbningstider« siger noget andet: slå »Døgnåbent« til, hvis linjen altid er åben; ellers slå "
        "»{field}« fra"
    ),
    "text-24-hours": (
        "»{field}« siger »{0}«, men »Åbningstider« er ikke døgnet rundt: ret teksten eller åbningstiderne, "
        "så de siger det samme"
    ),
    "flag-without-source": (
        "»{field}« er sat, men tilbuddet har ingen kilde med dato, der siger det: tilføj kilden under "
        "»Kilder«, eller fjern »{field}«"
    ),
    # Size limits
    "too-large-file": "Teksten er for lang ({0} KB, højst {1} KB): gør den kortere, eller del den i to",
    "too-long-text": "»{field}« er for lang ({0} tegn, højst {1}): gør den kortere, eller del den i to sider",
    "too-many-brackets": "»{field}« har {0} tegn »[« (højst {1}, ét pr. link): slet dem, der ikke er links",
    "too-long-value": "»{field}« er for langt ({0} tegn, højst {1}): længere tekst hører til under »Tekst«",
    "slow-text": "»{field}« tager for lang tid at vise: fjern lange rækker af de samme tegn ([ * _ ! <)",
    # Files, translations, YAML
    "yaml": _BROKEN,
    "not-utf8": _BROKEN,
    "not-md": _BROKEN,
    "missing-folder": _BROKEN,
    "bad-file-name": "Filnavnet {0} er ikke gyldigt: brug små bogstaver, tal og bindestreger",
    "unknown-language-file": "Sproget »{0}« i filnavnet er ikke et af sidens sprog",
    "unknown-language": "»{0}« er ikke et af sidens sprog",
    "no-original": (
        "Den danske tekst kan ikke slettes, mens der er oversættelser af den: slet oversættelserne først"
    ),
    # Situations, examples, synonyms
    "unknown-service": (
        "»{0}« under »{field}« er hverken et tilbud eller en side: vælg et på listen, eller opret "
        "tilbuddet først"
    ),
    "situation-no-services": "Situationen »{0}« har ingen tilbud: tilføj mindst ét under »{field}«",
    "situation-id-twice": "Id'et »{0}« bruges af to situationer: giv hver situation sit eget id",
    "bad-id": "Id'et »{0}« må kun have små bogstaver a-z, tal og bindestreger",
    "situation-incomplete": "En situation mangler id, målgruppe eller tilbud: udfyld alle tre",
    "situations-retired": "Filen har et felt, der ikke bruges mere. " + _BROKEN,
    "unknown-situation": (
        "Situationen »{0}« findes ikke: skriv id'et på en situation fra »Situationer« (fx danger), "
        "eller none for sætninger, der ikke hører til nogen"
    ),
    "example-not-sentence": "Et eksempel er tomt: skriv en sætning, eller slet linjen",
    "example-too-long": "Et eksempel er for langt (højst {0} tegn): skriv kun de ord, der siger situationen",
    "few-examples": "Situationen »{0}« har kun {1} eksempler (mindst {2}): skriv flere sætninger til den",
    "example-read-otherwise": (
        "Søgningen læser en sætning under »{1}« som »{0}«: skriv et par sætninger mere som den under »{1}«, "
        "eller flyt den, hvis »{0}« er rigtigt"
    ),
    "synonym-alone": "En gruppe synonymer har kun ét ord: tilføj et, eller slet gruppen",
    "common-synonym": "»{0}« er så almindeligt et ord, at søgningen ser bort fra det: brug en længere frase",
    # The municipality's layer (site/municipalities/<slug>/, municipality.yml)
    "national-clash": (
        "Tilbuddet findes allerede i det landsdækkende indhold, og det kan en kommune ikke ændre. Giv jeres "
        "tilbud et andet navn, skriv en lokal linje under »notes:« i municipality.yml, eller foreslå "
        "ændringen til projektet"
    ),
    "unknown-id": "»{0}« i municipality.yml er ikke et tilbud eller en side her: ret stavningen",
    "bad-order": "Rækkefølgen i municipality.yml skal være et helt tal",
    "missing-municipality": "Kommunens fil municipality.yml mangler. Bed IT køre »flask municipality new«",
    "missing-local": "Kommunen mangler sit eget tilbud »{0}«, som de landsdækkende sider linker til",
    "fixture-served": "Det er en opfundet testkommune, som aldrig må på siden: bed IT fjerne den",
    "example-contact": "Kontakten i »{field}« er en opfundet eksempeladresse: skriv den rigtige kontakt",
}
DEFINITE = {"services": "tilbuddet", "pages": "siden"}  # the sidebar's names (config.LABELS), definite
EXAMPLE_WORDING = {"situation": "Situation", "sentences": "Sætninger"}


def label(path: str, field: str) -> str:
    """The form's label of `field` in the file at `path` (the field's name when it has none)."""
    if path.endswith(model.situations_file.FILE):
        return str(SITUATION_WORDING.get(field, {}).get("label", field))
    if f"/{model.examples_file.FOLDER}/" in f"/{path}":
        return EXAMPLE_WORDING.get(field, "Sætninger")
    return str(WORDING.get(field, {}).get("label", field or "Tekst"))


def entry_name(path: str) -> str:
    """The entry a file holds, named for a sentence: 'oversættelsen (ar) af tilbuddet »danner«'."""
    parts = path.split("/")
    for kind, spec in model.CONTENT_TYPES.items():
        if len(parts) >= 2 and parts[-2] == spec["folder"]:
            base, _, lang = parts[-1].removesuffix(".md").partition(".")
            named = f"{DEFINITE[kind]} »{base}«"
            return f"oversættelsen ({lang}) af {named}" if lang else named
    return f"»{parts[-1]}«"


def say(problem: Problem, owner: str, saved: tuple[str, ...] = ()) -> str:
    """One problem in Danish; prefixed with the entry it is in when that is not one of `saved`."""
    template = TEMPLATES.get(problem.code)
    field = label(problem.path, problem.field)
    if template is None:  # a problem the editor has no words for yet: say so, and what the check says
        text = f"Tjekket fandt en fejl, editoren ikke har dansk til. Bed IT om hjælp og vis dem: {problem}"
    else:
        text = template.format(*problem.args, field=field, owner=owner)
    mine = any(problem.path.endswith("/" + rel) or problem.path == rel for rel in saved)
    return text + "." if mine or not saved else f"I {entry_name(problem.path)}: {text}."
