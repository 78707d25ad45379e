"""The interface catalogues: messages.pot is current, every language complete, placeholders intact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from helpsite import DEFAULTS, ROOT

TRANSLATIONS = ROOT / "translations"
PYBABEL = Path(sys.executable).parent / "pybabel"


def read(path: Path, locale: str | None = None):
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def ids(catalog) -> set[str]:
    """The msgids of a catalogue (the singular of a plural entry)."""
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.mark.slow
def test_messages_pot_is_current(tmp_path: Path) -> None:
    """Fails when a template or module gained or lost a string and `make update-translations` was not run."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [str(PYBABEL), "-q", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "--no-location", "--omit-header", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    committed = ids(read(TRANSLATIONS / "messages.pot"))
    extracted = ids(read(fresh))
    assert extracted - committed == set(), "new strings: run `make update-translations`, translate them"
    assert committed - extracted == set(), "removed strings: run `make update-translations`"


@pytest.mark.parametrize("lang", DEFAULTS["LANGUAGES"])
def test_catalogue_is_complete(lang: str) -> None:
    """No missing, untranslated or fuzzy entry; placeholders match the English."""
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"{po} is missing: pybabel init -l {lang} (see README)"
    catalog = read(po, locale=lang)
    template = read(TRANSLATIONS / "messages.pot")
    missing = ids(template) - ids(catalog)
    assert not missing, f"{lang}: not updated from messages.pot: {sorted(missing)[:5]}"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang}: untranslated: {message.id!r}"
        assert "fuzzy" not in message.flags, f"{lang}: fuzzy: {message.id!r}"
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert problems == [], f"{lang}: placeholder or plural problems: {problems[:3]}"


def test_compiled_catalogues_are_used(client) -> None:
    """The Danish interface is really Danish: compiled catalogues are loaded."""
    html = client.get("/da/").get_data(as_text=True)
    assert "Leave this page" not in html
    assert "Help against violence" not in html
