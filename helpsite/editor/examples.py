"""examples/<lang>.yml in the form: each situation with its example sentences, one per line.

The file maps a situation's id (or `none`) to a list of sentences; the form shows a list of
{situation, sentences}, so a situation can be added, and a save writes only the sentences that
changed, keeping the file's comments (roundtrip.py). Which situations there are, and whether the
model reads each sentence as its situation, the check says on every save, at the sentence's line.
"""

from __future__ import annotations

import json
from typing import Any

from ruamel.yaml.comments import CommentedMap

from . import model, roundtrip

SITUATION, SENTENCES, LIST = "situation", "sentences", "examples"
SHAPE: Any = {"*": None}  # every key is a situation the form shows: one removed in the form is removed


def path(lang: str) -> str:
    """The file of a language's examples, under the content folder."""
    return f"{model.examples_file.FOLDER}/{lang}.yml"


def to_view(data: Any) -> dict:
    """The file's mapping as the form's list of {situation, sentences}."""
    if not isinstance(data, dict):
        return {LIST: []}
    shown = []
    for label, sentences in data.items():
        listed = sentences if isinstance(sentences, list) else [sentences]
        shown.append({SITUATION: str(label), SENTENCES: [str(s) for s in listed if s not in (None, "")]})
    return {LIST: shown}


def from_view(shown: Any) -> dict:
    """The form's list as the file's mapping (ValueError, in Danish, for what the file cannot hold)."""
    if not isinstance(shown, dict) or not isinstance(shown.get(LIST, []), list):
        raise ValueError('formularens felter skal være et JSON-objekt: {"examples": [...]}')
    data: dict[str, list[str]] = {}
    for item in shown.get(LIST, []):
        if not isinstance(item, dict):
            raise ValueError(f"hver situation skal have et navn og sætninger, ikke {item!r}")
        label = str(item.get(SITUATION) or "").strip()
        if not label:
            raise ValueError("en situation i listen har intet navn: skriv fx danger eller none")
        if label in data:  # a mapping cannot hold it twice: refuse rather than drop one
            raise ValueError(f"situationen '{label}' står to gange: saml sætningerne under den ene")
        sentences = item.get(SENTENCES) or []
        if not isinstance(sentences, list):
            raise ValueError(f"sætningerne under '{label}' skal være en liste")
        data[label] = [" ".join(str(s).split()) for s in sentences if str(s).strip()]
    return data


def view_text(text: str) -> str:
    """An examples file as the form's JSON."""
    tree = roundtrip.load(text, "eksempelfilen")
    return json.dumps(to_view(roundtrip.plain(tree)), indent=2, ensure_ascii=False)


def save(old_text: str, raw: str) -> str:
    """The examples file's new text for the form's JSON `raw`: unchanged sentences keep their bytes."""
    new = from_view(json.loads(raw))
    tree = roundtrip.load(old_text, "eksempelfilen") if old_text.strip() else CommentedMap()
    if not isinstance(tree, CommentedMap):
        tree = CommentedMap()  # no mapping the form could show: the form's lists replace it
    if to_view(roundtrip.plain(tree)) == to_view(new):
        return old_text
    roundtrip.apply_map(tree, new, SHAPE)
    return roundtrip.dump(tree)
