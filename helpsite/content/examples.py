"""Reading site/content/examples/<lang>.yml: the sentences the situation model learns from, per class.

Each file holds, for one language, each situation's id (or `none`) with a list of sentences as people
type them. Mistakes are the editors' and said with file, line and fix. Plain data only: the search
trains its model on them (search/situations.py), and says which examples it still reads otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..yaml_io import ALIAS_FIX, ALIAS_PROBLEM, AliasFound, compose_plain
from . import limits
from .front_matter import relative
from .problems import Collector, Problem

FOLDER = "examples"
NONE = "none"  # the class of sentences that speak of no situation
MIN_PER_CLASS = 10  # fewer and the model cannot learn the class; the check says so


@dataclass(frozen=True)
class Examples:
    """The sentences per language and class, and where each stands (for a message at its line)."""

    sentences: Mapping[str, Mapping[str, tuple[str, ...]]]  # language -> class -> sentences
    lines: Mapping[tuple[str, str, int], tuple[str, int]]  # (language, class, position) -> (file, line)


def read_examples(
    root: Path, out: Collector, labels: Iterable[str], languages: Iterable[str]
) -> Examples | None:
    """The examples folder read and checked (None when there is no folder)."""
    folder = root / FOLDER
    if not folder.is_dir():
        return None
    labels = list(labels)
    known = {*labels, NONE}
    examples: dict[str, dict[str, list[str]]] = {}
    lines: dict[tuple[str, str, int], tuple[str, int]] = {}
    for lang in languages:
        path = folder / f"{lang}.yml"
        if not path.is_file():
            continue
        rel = relative(path, root)
        fix = "remove sentences that say the same as others"
        if limits.file_too_large(rel, path.stat().st_size, out, limits.MAX_EXAMPLES_BYTES, fix):
            continue
        read, problems = _read_file(rel, path.read_bytes(), frozenset(known))
        out.problems.extend(problems)
        if read is None:
            continue
        by_class = examples.setdefault(lang, {})
        for label, items in read:
            sentences = by_class.setdefault(label, [])
            for sentence, line in items:
                lines[(lang, label, len(sentences))] = (rel, line)
                sentences.append(sentence)
    too_few(examples, labels, out, root)
    return Examples(
        {lang: {label: tuple(s) for label, s in by.items()} for lang, by in examples.items()}, lines
    )


Read = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (class, ((sentence, line), ...)) in file order


@functools.lru_cache(maxsize=2 * 9)  # each language's file as it is now and as an editor's save would make it
def _read_file(rel: str, raw: bytes, known: frozenset[str]) -> tuple[Read | None, tuple[Problem, ...]]:
    """One language's file read and checked (None: unreadable), kept by its bytes.

    The same bytes are read again at every check, start-up and editor save, so the answer is kept.
    """
    out = Collector()
    try:
        node = compose_plain(raw.decode("utf-8"))
    except (UnicodeDecodeError, YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        if isinstance(exc, AliasFound):  # valid YAML, but not ours: said as it is, as in every file
            out.add(rel, line, f"the examples file {ALIAS_PROBLEM}", ALIAS_FIX, code="yaml")
        else:
            out.add(
                rel,
                line,
                "the examples could not be read",
                "check the indentation and quote odd lines",
                code="yaml",
            )
        return None, tuple(out.problems)
    if not isinstance(node, MappingNode):
        out.add(
            rel,
            1,
            "the file must list situations, each with its sentences",
            "write 'danger:' and below it '  - han har en kniv'",
            code="yaml",
        )
        return None, tuple(out.problems)
    found: dict[str, list[tuple[str, int]]] = {}
    for key, value in node.value:
        label = str(key.value)
        if label not in known:
            out.add(
                rel,
                key.start_mark.line + 1,
                f"'{label}' is not a situation",
                f"use one of: {', '.join(sorted(known))}",
                code="unknown-situation",
                args=(label,),
            )
            continue
        if not isinstance(value, SequenceNode):
            out.add(
                rel,
                key.start_mark.line + 1,
                f"'{label}' must be a list of sentences",
                "write each sentence on its own line after '  - '",
                code="yaml",
            )
            continue
        sentences = found.setdefault(label, [])
        for item in value.value:
            if not isinstance(item, ScalarNode) or not str(item.value).strip():
                out.add(
                    rel,
                    item.start_mark.line + 1,
                    "an example must be a sentence",
                    "write the sentence after '  - '",
                    code="example-not-sentence",
                )
                continue
            if len(str(item.value)) > limits.MAX_FIELD:
                out.add(
                    rel, item.start_mark.line + 1,
                    f"an example may be at most {limits.MAX_FIELD} characters",
                    "shorten it to the words that say the situation",
                    code="example-too-long", args=(limits.MAX_FIELD,)
                )  # fmt: skip
                continue
            sentences.append((str(item.value).strip(), item.start_mark.line + 1))
    return tuple((label, tuple(items)) for label, items in found.items()), tuple(out.problems)


def too_few(
    examples: Mapping[str, Mapping[str, list[str]]], labels: Iterable[str], out: Collector, root: Path
) -> None:
    """Warn about a situation with fewer than MIN_PER_CLASS examples in all languages together."""
    counts = {label: sum(len(by.get(label, ())) for by in examples.values()) for label in labels}
    for label, count in counts.items():
        if count < MIN_PER_CLASS:
            out.add(
                relative(root / FOLDER, root), 1, f"situation '{label}' has {count} example(s)",
                f"write at least {MIN_PER_CLASS} sentences for it in examples/<language>.yml",
                warn=True, code="few-examples", args=(label, count, MIN_PER_CLASS)
            )  # fmt: skip
