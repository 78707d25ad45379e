"""What the search says about the content it is given: problems an editor can mend, at their line.

The content package reads and checks the files by their own rules (content/loader.py); whether the
search can use what they say is the search's rule: an example sentence the trained model still reads
as another situation, a synonym so common the search ignores it. `check` runs both, so one run of
`flask content check`, the editor's save and the builder report every problem together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..content.examples import Examples
from ..content.loader import check as check_files
from ..content.model import Content
from ..content.problems import Problem, Severity
from ..content.synonyms import FILE as SYNONYMS
from . import analysis, classifier


def check(
    root: Path,
    languages: Iterable[str],
    today: dt.date | None = None,
    facts: Path | None = None,
    municipality: Path | None = None,
) -> tuple[Content | None, list[Problem]]:
    """The content check of both layers (content/loader.py) and the search's own, as one list of problems."""
    content, problems = check_files(root, languages, today, facts, municipality)
    if content is None:
        return None, problems
    found = search_problems(content)
    content = dataclasses.replace(content, warnings=(*content.warnings, *found))
    return content, [*problems, *found]


def search_problems(content: Content) -> list[Problem]:
    """Warnings about what the search makes of the content (trains the situation model if needed)."""
    common = "is a very common Danish or English word, so the search ignores it here"
    found = [
        Problem(
            SYNONYMS,
            line,
            f"'{word}' {common}",
            "remove it, or use a longer phrase",
            Severity.WARNING,
            code="common-synonym",
            args=(word,),
        )  # fmt: skip
        for word, line in content.synonym_lines.items()
        if " " not in word and analysis.fold(word) in analysis.COMMON_FOLDED
    ]
    if content.examples is not None:
        found += misread(content.examples)
    return found


def misread(examples: Examples) -> list[Problem]:
    """A warning at its line for every example the trained model puts in another class."""
    model = classifier.train(examples.sentences)
    if model is None:
        return []
    found = []
    for lang, label, position, said in classifier.mistakes(model, examples.sentences):
        fix = f"add a few more sentences like it under '{label}', or move it if '{said}' is right"
        where = examples.lines[(lang, label, position)]
        found.append(
            Problem(
                *where,
                f"the search reads this example as '{said}', not '{label}'",
                fix,
                Severity.WARNING,
                code="example-read-otherwise",
                args=(said, label),
            )  # fmt: skip
        )
    return found
