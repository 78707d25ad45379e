"""Reading and checking site/content/situations.yml: every mistake named with its line and its fix.

Content problems (the content check calls `read_situations`) by the search's own rules (situations.py).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..content.fields import Field
from ..content.front_matter import ALIAS_FIX, ALIAS_PROBLEM, AliasFound, duplicates, relative, yaml_reader
from ..content.problems import Collector
from ..languages import KNOWN_LANGUAGES
from ..taxonomy import AUDIENCES
from . import analysis
from .examples_file import FOLDER, learn
from .situations import BARRIER, MIN_PREFIX, Report, Situation, Situations

FILE = "situations.yml"
# The file's shape, which the browser editor's form is made from: its top-level keys, one
# situation's fields in the order the file writes them, then its `signals:` (phrases per language).
WORDS, SITUATIONS, SIGNALS = "words", "situations", "signals"
FIELDS = (
    Field("id", "text", required=True, hint="lower-case letters, digits and '-'"),
    Field("audience", "choice", required=True, choices=AUDIENCES),
    Field("urgent", "bool", hint="a 'call 112' box above the results"),
    Field("fallback", "bool", hint="used only when the search itself finds nothing"),
    Field("services", "words", required=True, hint="ids of services or pages, the first shown first"),
)
FLAGS = tuple(f.name for f in FIELDS if f.kind == "bool")  # written true or false; left out is false
ID = re.compile(r"^[a-z][a-z0-9-]*$")
CLASS_NAME = "[a-z]+"  # a list under `words:`, written <name> in a phrase
_CLASS = re.compile(f"^<({CLASS_NAME})>$")
_EXAMPLE = (
    "write it as:\nsituations:\n  - id: uses-violence\n    audience: perpetrators\n"
    "    services: [dialog-mod-vold, lev-uden-vold]\n    signals:\n      da: [<i> slår, styre ... vrede]"
)


def read_situations(
    root: Path, out: Collector, ids: Iterable[str], enabled: Iterable[str]
) -> Situations | None:
    """Read and check `root`/situations.yml (None without it) and learn its examples (examples_file)."""
    rel = relative(root / FILE, root)

    def report(line: int, message: str, fix: str, warn: bool) -> None:
        out.add(rel, line, message, fix, warn)

    compiled = read(root, report, ids, AUDIENCES, KNOWN_LANGUAGES, tuple(enabled))
    if compiled is not None:
        compiled.model = learn(root, out, [s.id for s in compiled.situations], enabled)
    return compiled


def read(
    root: Path,
    report: Report,
    ids: Iterable[str],
    audiences: Iterable[str],
    languages: Iterable[str],
    enabled: Iterable[str] | None = None,
) -> Situations | None:
    """The situations in `root`/situations.yml, or None when there is no such file."""
    path = root / FILE
    if not path.exists():
        return None
    try:
        node = yaml_reader().compose(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        report(1, f"{FILE} is not UTF-8 text", f"save it as UTF-8 ({exc.reason})", False)
        return None
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        alias = isinstance(exc, AliasFound)
        report(
            mark.line + 1 if mark else 1,
            f"{FILE} {ALIAS_PROBLEM}" if alias else f"{FILE} is not valid YAML ({problem})",
            ALIAS_FIX if alias else "check the indentation, and put phrases containing ':' or '#' in quotes",
            False,
        )
        return None
    for key, first, again in duplicates(node):  # YAML would quietly keep only one of the two
        report(
            again, f"'{key}' appears twice in one place (first on line {first})",
            "keep one of the two and delete the other", False,
        )  # fmt: skip
    top = _mapping(node)
    known, langs = set(ids), tuple(languages)
    classes = _classes(top.get(WORDS), report, langs)
    listed = top.get(SITUATIONS)
    if not isinstance(listed, SequenceNode):
        report(_line(listed or node), f"{FILE} must hold '{SITUATIONS}:', a list", _EXAMPLE, False)
        return None
    found: list[tuple[Situation, MappingNode]] = []
    seen: set[str] = set()
    for item in listed.value:
        situation = _situation(item, report, known, tuple(audiences), seen)
        if situation is not None:
            found.append(situation)
    compiled = Situations([s for s, _ in found])
    learned = (root / FOLDER).is_dir()  # situations learned from examples need no phrases
    for number, (situation, item) in enumerate(found):
        signals = _mapping(item).get(SIGNALS)
        if signals is None and learned:
            continue
        if not isinstance(signals, MappingNode):
            report(_line(signals or item), f"situation '{situation.id}' has no 'signals:'", _EXAMPLE, False)
            continue
        given = set()
        for key, value in signals.value:
            lang = key.value
            if lang not in langs:
                report(
                    _line(key),
                    f"'{lang}' is not one of our languages",
                    f"use one of: {', '.join(langs)}",
                    False,
                )
                continue
            given.add(lang)
            for phrase in value.value if isinstance(value, SequenceNode) else [value]:
                _phrase(compiled, number, phrase, classes.get(lang, {}), lang, report)
        missing = [lang for lang in (langs if enabled is None else enabled) if lang not in given]
        if missing and not situation.fallback:
            report(
                _line(signals), f"situation '{situation.id}' has no signals in {', '.join(missing)}",
                "add the words people would use in those languages", True,
            )  # fmt: skip
    compiled.freeze()
    return compiled


def _mapping(node: Node | None) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value}


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _words(node: Node | None) -> list[tuple[str, Node]]:
    items = node.value if isinstance(node, SequenceNode) else [node] if node is not None else []
    return [(" ".join(str(i.value).split()).lower(), i) for i in items if isinstance(i, ScalarNode)]


def _classes(node: Node | None, report: Report, langs: tuple[str, ...]) -> dict[str, dict[str, list[str]]]:
    """`words:` -> {language: {class: words}} ("me" -> da: [mig])."""
    found: dict[str, dict[str, list[str]]] = {}
    for name, per_lang in _mapping(node).items():
        for key, value in _mapping(per_lang).items():
            if key not in langs:
                report(
                    _line(per_lang),
                    f"'{key}' is not one of our languages",
                    f"use one of: {', '.join(langs)}",
                    False,
                )
                continue
            found.setdefault(key, {})[name] = [w for w, _ in _words(value) if w]
    return found


def _situation(
    item: Node, report: Report, known: set[str], audiences: tuple[str, ...], seen: set[str]
) -> tuple[Situation, MappingNode] | None:
    fields = _mapping(item)
    if not isinstance(item, MappingNode) or "id" not in fields:
        report(
            _line(item), "a situation needs 'id:', 'audience:', 'services:' and 'signals:'", _EXAMPLE, False
        )
        return None
    ident = str(fields["id"].value)
    if not ID.match(ident) or ident in seen:
        why = "is used twice" if ident in seen else "must be lower-case letters, digits and '-'"
        report(
            _line(fields["id"]), f"the situation id '{ident}' {why}", "give each situation its own id", False
        )
        return None
    seen.add(ident)
    audience = str(getattr(fields.get("audience"), "value", ""))
    if audience not in audiences:
        report(
            _line(fields.get("audience", item)), f"'{audience}' is not an audience",
            f"use one of: {', '.join(audiences)}", False,
        )  # fmt: skip
    services = []
    for sid, node in _words(fields.get("services")):
        if sid in known:
            services.append(sid)
            continue
        close = difflib.get_close_matches(sid, sorted(known), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        report(
            _line(node),
            f"'{sid}' is not a service or a page",
            f"{hint}use the name of a file in services/ or pages/",
            False,
        )
    if not services:
        report(
            _line(item),
            f"situation '{ident}' lists no services",
            "add 'services: [lev-uden-vold]' or others",
            False,
        )
    flags = {}
    for name in FLAGS:
        node = fields.get(name)
        value = getattr(node, "value", "false")
        if value not in ("true", "false"):
            report(
                _line(node), f"'{name}' must be true or false", f"write '{name}: true' or leave it out", False
            )
        flags[name] = value == "true"
    return Situation(ident, audience, tuple(services), **flags), item


def _phrase(
    compiled: Situations,
    number: int,
    node: Node,
    classes: dict[str, list[str]],
    lang: str,
    report: Report,
) -> None:
    """Compile one signal ("<i> slår", "baby & skændes/skænderi*") into `compiled`."""
    if not isinstance(node, ScalarNode) or not str(node.value).strip():
        report(
            _line(node),
            "a signal must be a word or a phrase",
            "write them in brackets: [slår mig, truer mig]",
            False,
        )
        return
    text = " ".join(str(node.value).split()).lower()
    parts = []
    for part in text.split(" & "):
        atoms = []
        for slot in part.replace("...", " ").split():
            alternatives = _alternatives(slot, classes, lang, node, report)
            if alternatives is None:
                return
            atoms.append(compiled.atom(alternatives))
        if not atoms:
            report(
                _line(node),
                f"'{text}' has an empty part around '&'",
                "write words on both sides of '&'",
                False,
            )
            return
        parts.append(tuple(atoms))
    barrier = classes.get(BARRIER)
    compiled.add(number, tuple(parts), compiled.atom(barrier) if barrier else None)


def _alternatives(
    slot: str, classes: dict[str, list[str]], lang: str, node: Node, report: Report
) -> list[str] | None:
    words: list[str] = []
    for choice in slot.split("/"):
        named = _CLASS.match(choice)
        if named:
            if named.group(1) not in classes:
                report(
                    _line(node), f"'{choice}' is not in 'words:' for {lang}",
                    f"add it under words: {named.group(1)}: {lang}: [...], or use: "
                    + ", ".join(f"<{c}>" for c in sorted(classes)), False,
                )  # fmt: skip
                return None
            words += classes[named.group(1)]
            continue
        bare = choice.rstrip("*")
        analysed = analysis.words(bare)
        if len(analysed) != 1 or analysed[0] != bare or choice.count("*") > 1:
            report(
                _line(node), f"'{choice}' in '{slot}' is not one word",
                "separate words by spaces, alternatives by '/', and put '*' only at the end", False,
            )  # fmt: skip
            return None
        if choice.endswith("*") and len(analysis.fold(bare)) < MIN_PREFIX:
            report(
                _line(node),
                f"'{choice}' is too short to end in '*'",
                f"give at least {MIN_PREFIX} letters",
                False,
            )
            return None
        words.append(choice)
    return words
