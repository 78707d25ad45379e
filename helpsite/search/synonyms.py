"""The synonym groups (site/content/synonyms.yml, read by content/synonyms.py), matched in texts by group."""

from __future__ import annotations

from collections import Counter

from . import analysis


def concept(group: int) -> str:
    """The token that stands for a whole synonym group in the index."""
    return f"_g{group}"


class Synonyms:
    """The synonym groups, matched in a text by word (in any of its forms) or by phrase."""

    def __init__(self, groups: tuple[tuple[str, ...], ...]):
        self.single: dict[str, set[int]] = {}
        self.phrases: dict[tuple[str, ...], set[int]] = {}
        self.tokens: list[str] = []
        for number, group in enumerate(groups):
            tokens: set[str] = set()
            for entry in group:
                found = analysis.words(entry)
                meaningful = [w for w in found if analysis.fold(w) not in analysis.COMMON_FOLDED]
                if len(found) == 1 and meaningful:
                    for form in analysis.variants(found[0]):
                        self.single.setdefault(form, set()).add(number)
                elif len(found) > 1:
                    self.phrases.setdefault(tuple(analysis.key(w) for w in found), set()).add(number)
                for word in meaningful:
                    tokens |= analysis.variants(word)
            # A token for the group itself, so a phrase in a query ("min mand") can find it.
            self.tokens.append(" ".join([concept(number), *sorted(tokens)]))
        self.longest = max((len(k) for k in self.phrases), default=1)
        self.starts = {k[0] for k in self.phrases}

    def tag(self, text: str) -> str:
        """The synonyms field for a text: the words of every group it mentions, up to three times."""
        found = analysis.words(text)
        seen: Counter[int] = Counter()
        for word, count in Counter(found).items():
            for form in analysis.variants(word):
                for group in self.single.get(form, ()):
                    seen[group] += count
        if self.phrases:
            keys = [analysis.key(w) for w in found]
            for i, key in enumerate(keys):
                if key not in self.starts:
                    continue
                for n in range(2, self.longest + 1):
                    groups = self.phrases.get(tuple(keys[i : i + n]))
                    if groups:
                        seen.update(groups)
        return " ".join(self.tokens[g] for g, count in sorted(seen.items()) for _ in range(min(count, 3)))
