"""`flask municipality new <slug>`: a starting folder for a municipality, and what to fill in.

The files hold "SKRIV HER" where the municipality writes its own facts, so `flask content check`
fails until each is filled in (rules.py) and names the line: nothing half-made reaches the site.
"""

from __future__ import annotations

import re
from pathlib import Path

from .layers import EVERY_MUNICIPALITY

SLUG = re.compile(r"^[a-z][a-z0-9-]*$")

MUNICIPALITY_YML = """\
# {name}'s layer of "Hjælp mod vold" (HELPSITE_MUNICIPALITY={slug}).
# Kommunens egen mappe: egne tilbud (services/), egne sider (pages/) og denne fil. Alt i site/content/
# er det nationale lag, det samme i alle kommuner: det ændres upstream (git pull), aldrig her.
# README, "Adopt it for your municipality". `flask content check` tjekker filen linje for linje.

# Navnet, som det står på hver side, folder og kort, og dets ejefald ("... egne tilbud").
name: {name}
genitive: {genitive}
# Navnet på et andet sprog, hvis det ikke skrives som på dansk, fx:
# forms:
#   en: {{name: "{name}", genitive: "{name}'s"}}
forms: {{}}

# Ejerens oplysninger (README, "Running in production"); HELPSITE_<NAVN> i miljøet vinder over dem.
settings:
  owner: {name}
  # editorial_email: redaktion@...          (redaktionens e-mail)
  # editorial_phone: "..."                  (redaktionens telefon)
  # dpo_email: dpo@...                      (databeskyttelsesrådgiveren)
  # accessibility_url: https://was.digst.dk/...  (tilgængelighedserklæringen)
  # security_contact: security@...
  # security_expires: YYYY-MM-DD            (inden for et år)
  # facts_responsible: kommunikation        (hvem der står for faktaarket)
  # municipality_phone: "..."               (kommunens hovednummer, står det på faktaarket)
  # public_url: https://...                 (sidens offentlige adresse, til QR-koder)

# Nationale tilbud i en anden rækkefølge (lavere tal først) eller slet ikke.
order: {{}}
hide: []

# En linje af jeres egen under et nationalt tilbuds tekst, pr. sprog (Markdown), fx:
# notes:
#   krisecentre:
#     da: "- Se også [Vores krisecenter](service:vores-krisecenter)."
notes: {{}}

# Situationer (site/content/situations.yml), hvor jeres egne tilbud skal vises: hele listen, fx:
# situations:
#   uses-violence: [lev-uden-vold, dialog-mod-vold, vores-familiecenter]
situations: {{}}
"""

SERVICE_MD = """\
---
# Jeres egen vej til en underretning: de nationale sider (BørneTelefonen) linker hertil.
# Skriv kun tal og adresser fra en kilde; hvert telefonnummer skal stå på faktaarket
# (site/facts/services.md, eller facts.md i denne mappe).
name: Bekymret for et barn (underretning)
summary: SKRIV HER én sætning om, hvordan man siger det til {name}.
category: municipal
audiences: [relatives, professionals]
order: 12
contacts:
  - kind: web
    value: "SKRIV HER: https://... (kommunens side om underretning; ingen side: slet kind og value)"
keywords: [underretning, bekymring, barn, børn, omsorgssvigt, kommune, report concern, worried about a child]
sources:
  - {{url: "SKRIV HER: https://... (kilden)", date: undated}}
---
## Det kan de hjælpe med
- SKRIV HER hvordan man fortæller {name}, at man er bekymret for et barn.

## For hvem
For dig, der er bekymret for et barn. Du kan være familie, nabo, ven eller fagperson.

## Godt at vide
- Er barnet i fare lige nu, så ring 112.
- Vil du have råd først? Ring 1888 til [Lev Uden Vold](service:lev-uden-vold).
"""

WHAT_NEXT = """\
Made {folder}/ for {name}. Fill in / Udfyld nu:
  1. municipality.yml: the name and its genitive, and the owner's settings.
     Navnet og dets ejefald, og ejerens oplysninger (settings).
  2. services/underretning.md: how to report concern for a child to you (every "SKRIV HER").
     Hvordan man underretter jer (hvert "SKRIV HER").
  3. Your own services and pages: one .md file each in services/ and pages/ (see services/_template.md).
     Jeres egne tilbud og sider: én .md-fil hver i services/ og pages/.
  4. Every phone number: a CONFIRMED row in site/facts/services.md or in {folder}/facts.md.
     Hvert telefonnummer: en CONFIRMED-linje på faktaarket.
Then / Kør så:  HELPSITE_MUNICIPALITY={slug} flask content check
"""


def default_name(slug: str) -> str:
    """ "ny-kommune" -> "Ny-Kommune Kommune": a first guess the municipality corrects in the file."""
    return f"{'-'.join(part.capitalize() for part in slug.split('-'))} Kommune"


def write_starter(folder: Path, name: str) -> str:
    """Write the starting folder (never over an existing one) and return what to fill in."""
    slug = folder.name
    if not SLUG.fullmatch(slug):
        raise ValueError(f"'{slug}' is not a folder name: use lower-case letters, digits and '-' (æ -> ae)")
    if folder.exists():
        raise FileExistsError(f"{folder} exists already: nothing was written")
    genitive = name if name.endswith(("s", "x", "z")) else f"{name}s"
    (folder / "services").mkdir(parents=True)
    (folder / "pages").mkdir()
    (folder / "municipality.yml").write_text(MUNICIPALITY_YML.format(name=name, genitive=genitive, slug=slug))
    for sid in sorted(EVERY_MUNICIPALITY):
        (folder / "services" / f"{sid}.md").write_text(SERVICE_MD.format(name=name))
    return WHAT_NEXT.format(folder=folder, name=name, slug=slug)
