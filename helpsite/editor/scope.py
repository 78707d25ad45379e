"""Which files a draft may change: only those of the entry it is named after.

The reviewer judges a draft in Decap's form, which shows the entry the draft is named after
(`services/politi`) and nothing else. A draft that also changed pages/safety.md would publish a
change the form never showed. So a draft of an entry writes only that entry's files: the Danish
file and its translations (`politi.md`, `politi.en.md`, ...), or the one YAML file of a files
collection (situations.yml). The collections are the editor's own config's, and the commit
messages are made here from them, never from text a request sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from . import config, model
from .backend import Refused


@cache
def _collections() -> dict[str, dict]:
    return {spec["name"]: spec for spec in config.collections()}


def files_of(key: str) -> frozenset[str]:
    """The content files the draft `key` ("services/politi") may change; Refused for no such entry."""
    name, slug = key.split("/", 1)
    spec = _collections().get(name)
    if spec is None:
        raise Refused(f"Editoren har ingen samling, der hedder '{name}': kladden kan ikke gemmes")
    if "folder" in spec:
        folder = spec["folder"]
        languages = [lang for lang in model.KNOWN_LANGUAGES if lang != model.DEFAULT_LANGUAGE]
        return frozenset({f"{folder}/{slug}.md", *(f"{folder}/{slug}.{lang}.md" for lang in languages)})
    files = {item["name"]: item["file"] for item in spec.get("files", [])}
    if slug not in files:
        raise Refused(f"Samlingen '{name}' har ingen fil, der hedder '{slug}': kladden kan ikke gemmes")
    return frozenset({files[slug]})


def within(key: str, rels: Iterable[str]) -> None:
    """Refused, naming them, when any of `rels` is not a file of the draft `key`'s entry."""
    allowed = files_of(key)
    outside = sorted(set(rels) - allowed)
    if outside:
        raise Refused(
            f"En kladde af {key} kan kun ændre den tekst og dens oversættelser, ikke "
            f"{', '.join(outside)}. Ret hver tekst for sig: åbn den anden tekst i editoren og gem den dér"
        )


def message(key: str, new: bool) -> str:
    """The commit message of a draft or a publication: what changed, in the Git history's words."""
    name, slug = key.split("/", 1)
    spec = _collections()[name]
    verb = "Opret" if new else "Ret"
    if "folder" not in spec:  # a files collection: its one file says it best ("Ret situations.yml")
        return f"{verb} {next(iter(files_of(key)))}"
    return f'{verb} {spec["label_singular"]} "{slug}"'
