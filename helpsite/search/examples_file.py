"""Reading site/content/examples/<lang>.yml: the sentences the situation model learns from, per class.

Each file holds, for one language, each situation's id (or `none`) with a list of sentences as people
type them. Mistakes are the editors' and said with file, line and fix; an example the trained model
still gets wrong is a warning at its line, so an editor sees which sentence needs company.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..content.front_matter import relative, yaml_reader
from ..content.problems import Collector
from . import classifier

FOLDER = "examples"
MIN_PER_CLASS = 10  # fewer and the model cannot learn the class; the check says so


def read_examples(
    root: Path, out: Collector, labels: Iterable[str], languages: Iterable[str]
) -> tuple[dict[str, dict[str, list[str]]], dict[tuple[str, str, int], tuple[str, int]]]:
    """({language: {class: sentences}}, {(language, class, position): (file, line)}) from the folder."""
    folder = root / FOLDER
    known = {*labels, classifier.NONE}
    examples: dict[str, dict[str, list[str]]] = {}
    lines: dict[tuple[str, str, int], tuple[str, int]] = {}
    for lang in languages:
        path = folder / f"{lang}.yml"
        if not path.is_file():
            continue
        rel = relative(path, root)
        try:
            node = yaml_reader().compose(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, YAMLError) as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            out.add(rel, line, "the examples could not be read", "check the indentation and quote odd lines")
            continue
        if not isinstance(node, MappingNode):
            out.add(
                rel,
                1,
                "the file must list situations, each with its sentences",
                "write 'danger:' and below it '  - han har en kniv'",
            )
            continue
        by_class = examples.setdefault(lang, {})
        for key, value in node.value:
            label = str(key.value)
            if label not in known:
                out.add(
                    rel,
                    key.start_mark.line + 1,
                    f"'{label}' is not a situation",
                    f"use one of: {', '.join(sorted(known))}",
                )
                continue
            if not isinstance(value, SequenceNode):
                out.add(
                    rel,
                    key.start_mark.line + 1,
                    f"'{label}' must be a list of sentences",
                    "write each sentence on its own line after '  - '",
                )
                continue
            sentences = by_class.setdefault(label, [])
            for item in value.value:
                if not isinstance(item, ScalarNode) or not str(item.value).strip():
                    out.add(
                        rel,
                        item.start_mark.line + 1,
                        "an example must be a sentence",
                        "write the sentence after '  - '",
                    )
                    continue
                lines[(lang, label, len(sentences))] = (rel, item.start_mark.line + 1)
                sentences.append(str(item.value).strip())
    return examples, lines


def learn(
    root: Path, out: Collector, labels: list[str], languages: Iterable[str]
) -> classifier.Classifier | None:
    """The situation model trained on the examples folder, its problems reported (None: no folder)."""
    if not (root / FOLDER).is_dir():
        return None
    examples, lines = read_examples(root, out, labels, languages)
    too_few(examples, labels, out, root)
    model = classifier.train(examples)
    if model is not None:
        check_model(model, examples, lines, out)
    return model


def check_model(
    model: classifier.Classifier,
    examples: dict[str, dict[str, list[str]]],
    lines: dict[tuple[str, str, int], tuple[str, int]],
    out: Collector,
) -> None:
    """Warn, at its line, about every example the trained model puts in another class."""
    for lang, label, position, said in classifier.mistakes(model, examples):
        rel, line = lines[(lang, label, position)]
        out.add(
            rel, line, f"the search reads this example as '{said}', not '{label}'",
            f"add a few more sentences like it under '{label}', or move it if '{said}' is right", warn=True,
        )  # fmt: skip


def too_few(
    examples: dict[str, dict[str, list[str]]], labels: Iterable[str], out: Collector, root: Path
) -> None:
    """Warn about a situation with fewer than MIN_PER_CLASS examples in all languages together."""
    counts = {label: sum(len(by.get(label, ())) for by in examples.values()) for label in labels}
    for label, count in counts.items():
        if count < MIN_PER_CLASS:
            out.add(
                relative(root / FOLDER, root), 1, f"situation '{label}' has {count} example(s)",
                f"write at least {MIN_PER_CLASS} sentences for it in examples/<language>.yml", warn=True,
            )  # fmt: skip
