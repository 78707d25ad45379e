"""The situation model on sentences it never learned from (tests/situations_holdout/, nine languages).

Direction is held absolutely: no sentence of a person subjected to violence may get another writer's
help first. The other figures are guarded at what the model reaches today, so a change to the examples
or the model that makes any of them worse fails here.
"""

from __future__ import annotations

import pytest
import yaml
from flask import Flask
from testdata import HOLDOUT

from helpsite.search.classifier import GUARDED, NONE, OTHER_WRITERS


@pytest.fixture(scope="module")
def measured(app: Flask) -> dict[str, float]:
    """Each held-out sentence through the situations as the search reads them, counted."""
    known = app.extensions["helpsite.store"].situations
    services = {s.id: s.services for s in known.situations}
    # Another writer's help: the first service of a guarded situation, and the treatment for people who
    # use violence wherever it stands first.
    wrong_first = {services[label][0] for label in GUARDED} | {"dialog-mod-vold"}
    count = dict(total=0, same_first=0, victims=0, direction=0, perpetrators=0, treatment=0, tp=0, fp=0, fn=0)
    for path in sorted(HOLDOUT.glob("*.yml")):
        for gold, sentences in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for sentence in sentences:
                match = known.match(str(sentence))
                got = match.situation.id if match.situation else NONE
                count["total"] += 1
                first, wanted = services.get(got, ("",))[0], services.get(gold, ("",))[0]
                count["same_first"] += got == gold or (first != "" and first == wanted)
                if gold not in OTHER_WRITERS | {NONE, "worried"}:  # the person subjected to violence
                    count["victims"] += 1
                    count["direction"] += first in wrong_first
                if gold == "uses-violence":
                    count["perpetrators"] += 1
                    count["treatment"] += "dialog-mod-vold" in services.get(got, ())[:3]
                danger = gold == "danger"
                count["tp"] += match.urgent and danger
                count["fp"] += match.urgent and not danger
                count["fn"] += (not match.urgent) and danger
    return {k: float(v) for k, v in count.items()}


def test_the_holdout_covers_every_language_and_situation(app: Flask) -> None:
    labels = {s.id for s in app.extensions["helpsite.store"].situations.situations}
    for path in HOLDOUT.glob("*.yml"):
        held = set(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert labels - {"child-concern"} <= held, path.name
    assert len(list(HOLDOUT.glob("*.yml"))) == 9


@pytest.mark.slow
def test_a_person_subjected_to_violence_never_gets_another_writers_help_first(measured) -> None:
    assert measured["victims"] > 1000 and measured["direction"] == 0


@pytest.mark.slow
def test_the_first_help_is_right_for_seven_in_ten_sentences(measured) -> None:
    # 0.72 on 2026-12-05 (the direction guard costs 0.05: it sends unsure sentences to general help).
    assert measured["same_first"] / measured["total"] >= 0.7


@pytest.mark.slow
def test_danger_is_found(measured) -> None:
    recall = measured["tp"] / (measured["tp"] + measured["fn"])
    precision = measured["tp"] / (measured["tp"] + measured["fp"])
    assert recall >= 0.75 and precision >= 0.55


@pytest.mark.slow
def test_a_person_who_uses_violence_mostly_finds_the_treatment(measured) -> None:
    assert measured["treatment"] / measured["perpetrators"] >= 0.6
