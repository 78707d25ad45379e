"""The two layers in the editor: the municipality's own files under a path prefix, national ones locked.

Decap names every file by a path from one root. The national files keep theirs (services/x.md,
relative to CONTENT_DIR); the municipality's own are named kommune/services/x.md and live in
MUNICIPALITY_DIR/services/x.md. A municipality's editors edit their own layer only: the national
layer is shared by every municipality and is checked and translated once, upstream.
"""

from __future__ import annotations

from pathlib import Path

LOCAL = "kommune"  # the path prefix of the municipality's own files
FOLDERS = ("services", "pages")  # what of its folder the editor shows (municipality.yml: not yet)
NATIONAL = (
    "Ikke gemt. {rel} er fælles indhold for alle kommuner: det tjekkes og oversættes samlet, så det "
    "kan ikke ændres eller slettes i jeres editor. Foreslå ændringen til den nationale redaktion: bed "
    "IT oprette et issue i projektets repository (se README). Skal jeres borgere vide noget lokalt om "
    "tilbuddet, kan IT skrive det som en note under notes: i municipality.yml"
)
# The collections of the municipality's own folder, and the notes atop them and the national ones.
LABELS = {"services": ("Kommunens egne tilbud", "tilbud"), "pages": ("Kommunens egne sider", "side")}
LOCAL_NOTE = "Kommunens egne tekster. Dem retter, opretter og sletter I selv; hver gemning tjekkes først."
NATIONAL_NOTE = (
    "Fælles for alle kommuner: kan læses, men ikke ændres her. Foreslå en ændring til den nationale "
    "redaktion: bed IT oprette et issue i projektets repository (se README)."
)


def is_local(rel: str) -> bool:
    """Whether `rel` names one of the municipality's own files (kommune/...)."""
    return rel.startswith(LOCAL + "/")


def inner(rel: str) -> str:
    """The path inside its own layer's folder: kommune/services/x.md -> services/x.md."""
    return rel.removeprefix(LOCAL + "/") if is_local(rel) else rel


def base(root: Path, municipality: Path | None, rel: str) -> Path:
    """The folder `rel` is relative to once its prefix is gone (`inner`)."""
    return municipality if municipality is not None and is_local(rel) else root


def path(root: Path, municipality: Path | None, rel: str) -> Path:
    """The file `rel` names on disk."""
    return base(root, municipality, rel) / inner(rel)


def check_name(municipality: Path | None, rel: str) -> str:
    """The end of the path the check names `rel` by, to tell the saved file's problems from others'."""
    # hvidovre/services/x.md: never the end of a national path (site/content/services/x.md).
    return f"{municipality.name}/{inner(rel)}" if municipality is not None and is_local(rel) else rel


def locked(municipality: Path | None, rels: list[str]) -> str | None:
    """Why `rels` may not be changed: a municipality is configured and one of them is national."""
    national = [rel for rel in rels if not is_local(rel)]
    return NATIONAL.format(rel=national[0]) if municipality is not None and national else None


def trial(root: Path, municipality: Path, top: Path) -> Path:
    """Where a trial copy of the municipality's folder goes, beside the copy of `root` under `top`.

    The check names a file by its path from two folders above CONTENT_DIR (site/municipalities/x/...):
    the copy keeps that path, so a problem already on disk is recognised as not new (a folder
    elsewhere is named by its full path: backend.checked names the copy's problems by the real one).
    """
    try:
        return top / municipality.resolve().relative_to(root.resolve().parent.parent)
    except ValueError:  # MUNICIPALITIES_DIR outside site/: outside `top` too, so named by full path
        return top.parent / "elsewhere" / municipality.name
