"""Does the search send people to the right help? Figures side by side with a constant answer.

Over the held-out sentences (tests/situations_holdout/, nine languages, never trained on) and the
relevance set (tests/search_relevance.yml), through `Engine.search` as a request runs it:
- success@3: one of the situation's first three services among the first three results;
- the constant answer (Lev Uden Vold, Krisecentre, politi for everything), which the search must beat:
  on success@3 it does well, since 1888 is the right first call for most situations, so beside it
- specific@3: where a situation's first three hold help beyond those three (RED Center for honour,
  Offerrådgivningen after a rape, the treatment, BørneTelefonen), that help among the first three
  results (the constant answer never has it);
- wrong first help: a sentence of a person subjected to violence whose first result is another writer's
  help (the treatment for people who use violence, the professionals' page, the children's line, a
  report of concern, the new-parents course): must be 0;
- danger: precision and recall of the 112 call-out;
- the treatment for people who use violence in their first three.

Run by benchmarks/search.py; `python benchmarks/quality.py` alone prints the same and writes the
section "Search quality" of docs/performance.md.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpsite.config import settings  # noqa: E402
from helpsite.content.loader import load  # noqa: E402
from helpsite.content.model import Content  # noqa: E402
from helpsite.search.classifier import GUARDED, NONE, OTHER_WRITERS  # noqa: E402
from helpsite.search.engine import Engine  # noqa: E402
from helpsite.search.indexing import build_index  # noqa: E402
from helpsite.search.situations import compile_situations  # noqa: E402

HOLDOUT = ROOT / "tests" / "situations_holdout"
# Written after the examples by someone who never saw them (126 per language): the honest figure, since
# the first set has been looked at while examples were added (its words were never copied).
FRESH = ROOT / "tests" / "situations_fresh"
CONSTANT = ("lev-uden-vold", "krisecentre", "politi")
RELATIVES = {"worried", "child-concern"}  # not the person subjected to violence


def measure(content: Content, engine: Engine, folder: Path = HOLDOUT) -> dict[str, dict[str, float]]:
    """Per language and in all: the counts behind each figure, over the sentences in `folder`."""
    assert content.situations is not None
    services = {s.id: s.services for s in content.situations}
    # Another writer's help; never the general help (1888 serves both, and it is where a situation with
    # no help of its own in a municipality falls back).
    wrong_first = ({services[label][0] for label in GUARDED} | {"dialog-mod-vold"}) - set(CONSTANT)
    counts: dict[str, Counter] = {}
    for path in sorted(folder.glob("*.yml")):
        lang = path.stem
        c = counts.setdefault(lang, Counter())
        for gold, sentences in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            for sentence in sentences:
                outcome = engine.search(str(sentence), lang)
                top = [hit.id for hit in outcome.hits[:3]]
                if gold != NONE:
                    wanted = set(services[gold][:3])
                    c["asked"] += 1
                    c["found"] += bool(wanted & set(top))
                    c["constant"] += bool(wanted & set(CONSTANT))
                    specific = wanted - set(CONSTANT)
                    if specific:
                        c["specific_asked"] += 1
                        c["specific"] += bool(specific & set(top))
                if gold not in OTHER_WRITERS | RELATIVES | {NONE}:
                    c["victims"] += 1
                    c["wrong_first"] += bool(top) and top[0] in wrong_first
                if gold == "uses-violence":
                    c["perpetrators"] += 1
                    c["treatment"] += "dialog-mod-vold" in top
                danger = gold == "danger"
                c["tp"] += outcome.urgent and danger
                c["fp"] += outcome.urgent and not danger
                c["fn"] += (not outcome.urgent) and danger
    counts["all"] = sum(counts.values(), Counter())
    return {lang: dict(c) for lang, c in counts.items()}


def report(counts: dict[str, dict[str, float]]) -> list[str]:
    """The figures as lines of a table."""
    lines = [
        f"  {'lang':<5} {'success@3':>9} {'constant':>9} {'specific@3':>10} {'wrong 1st':>10} "
        f"{'danger P':>9} {'danger R':>9} {'treatment':>10}"
    ]
    for lang, c in counts.items():
        precision = c.get("tp", 0) / max(c.get("tp", 0) + c.get("fp", 0), 1)
        recall = c.get("tp", 0) / max(c.get("tp", 0) + c.get("fn", 0), 1)
        lines.append(
            f"  {lang:<5} {c['found'] / c['asked']:>9.2f} {c['constant'] / c['asked']:>9.2f} "
            f"{c['specific'] / max(c['specific_asked'], 1):>10.2f} "
            f"{c.get('wrong_first', 0):>4}/{c.get('victims', 0):<5} {precision:>9.2f} {recall:>9.2f} "
            f"{c.get('treatment', 0):>4}/{c.get('perpetrators', 0):<5}"
        )
    return lines


def main() -> list[str]:
    """Measure on the real content and print the table; return its lines."""
    config = settings()
    content = load(
        config["CONTENT_DIR"],
        config["LANGUAGES"],
        facts=config["FACTS_FILE"],
        municipality=config["MUNICIPALITY_DIR"],  # both layers, as the site serves them
    )
    with tempfile.TemporaryDirectory() as folder:
        generation = build_index(content, Path(folder))
        served = SimpleNamespace(
            content=content, situations=compile_situations(content), generation=generation
        )
        engine = Engine(served, Path(folder))
        lines = [f"through Engine.search; constant: {', '.join(CONSTANT)} for everything"]
        for folder, what in ((FRESH, "fresh, never looked at"), (HOLDOUT, "first held-out set")):
            if folder.is_dir():
                lines += [
                    "",
                    f"{folder.relative_to(ROOT)} ({what}):",
                    *report(measure(content, engine, folder)),
                ]
    print("\n".join(lines))
    return lines


if __name__ == "__main__":
    from record import write

    write("Search quality", main())
