"""Which situation a person's own words speak of, learned from example sentences (site/content/examples/).

Why a model, not phrases: "I was hit by my husband" and "I hit my husband" share their words, and
phrase rules with slots and typo tolerance kept confusing them (typo tolerance read Turkish
"görüyorum", I see, as "I beat"). A linear model on character and word n-grams learns from the
examples the communications team writes, in every language, with typos and in Latin letters, and
its weights say why it decided (a list of the n-grams that weighed most).

Chosen by measurement on held-out sentences (tests/situations_holdout/, never trained on):
scikit-learn's LinearSVC on sublinear tf-idf of folded word 1-2-grams and character 2-5-grams within
words was as accurate as logistic regression and ten times faster to train (benchmarks/search.py
prints the figures). scikit-learn trains it when the content is built; what is kept is plain data
(a vocabulary and its weights), so a worker answers with a few dictionary look-ups and imports neither
scikit-learn nor NumPy.

Direction is guarded, not only learned: a person subjected to violence must never get the help for
another kind of writer first. The classes whose first help is for another writer (GUARDED: a
professional, a child, a grown-up worried about a child, new parents) need a score of at least FLOOR
and a lead of MARGIN over the best class of a person subjected to violence; otherwise she is assumed.
The situation of a person who uses violence starts with 1888 (which answers both), so it needs no guard.
"""

from __future__ import annotations

import functools
import hashlib
import math
import threading
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata

from ..content.examples import NONE  # the class of sentences that speak of no situation
from . import analysis

# The classes of another writer than the person subjected to violence, whose help must never come first
# for her: the treatment for people who use violence, the professionals' page, the children's line, a
# report of concern for a child, the new-parents course.
OTHER_WRITERS = frozenset({"uses-violence", "professional", "child-at-home", "child-concern", "new-parents"})
# Those whose first service is another writer's help: "uses-violence" starts with 1888, which is right
# for everyone, so the treatment may follow it.
GUARDED = OTHER_WRITERS - {"uses-violence"}
# Chosen on the held-out sentences (tests/situations_holdout/): with these, none of 1,188 sentences of
# a person subjected to violence got another writer's help first, and 79 of 108 of a person who uses
# violence got the treatment in the first three (benchmarks/search.py prints the figures).
MARGIN = 0.5
FLOOR = 0.2
C = 0.5  # LinearSVC's regularisation, chosen on the held-out set (1.0: more right, more wrong-first)
MIN_DF = 2  # an n-gram seen in one example only says nothing general


def features(text: str) -> list[str]:
    """The n-grams a text is judged by: folded words, word pairs, and character 2-5-grams in words."""
    tokens = [analysis.fold(word) for word in analysis.words(text)]
    found = [f"w:{t}" for t in tokens]
    found += [f"b:{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False)]
    for token in tokens:
        padded = f" {token} "
        for n in (2, 3, 4, 5):
            found += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    return found


@dataclass(frozen=True)
class Decision:
    """The class a text was put in, its score, and the runner-up's."""

    label: str
    score: float
    runner_up: str
    runner_up_score: float = float("-inf")
    known: float = 1.0  # the share of the text's n-grams the model has seen in the examples


class Classifier:
    """A trained linear model as plain data: per n-gram its idf and its weight for every class."""

    def __init__(
        self,
        labels: Sequence[str],
        index: dict[str, int],
        idf: array,
        weights: array,
        misread: Sequence[tuple[int, str]] = (),
        digest: str = "",
    ):
        self.labels = tuple(labels)
        self.digest = digest  # of the examples it was trained on (`digest`), so it can be found again
        # (position in the training order, class read) of each example the model reads otherwise:
        # worked out once when training, for the check (the editor runs it on every save).
        self.misread = tuple(misread)
        self.index = index  # n-gram -> row
        self.idf = idf  # row -> idf
        self.weights = weights  # [row * classes + class]: idf × coefficient; then the intercepts
        self.victims = tuple(i for i, label in enumerate(self.labels) if label not in OTHER_WRITERS | {NONE})

    def scores(self, text: str) -> list[float]:
        """The decision score of every class (LinearSVC's decision_function, recomputed)."""
        return self._scores(features(text))

    def _scores(self, grams: list[str]) -> list[float]:
        width = len(self.labels)
        counts = Counter(self.index[f] for f in grams if f in self.index)
        total = [0.0] * width
        norm = 0.0
        for row, count in counts.items():
            tf = 1.0 + math.log(count)
            norm += (tf * self.idf[row]) ** 2
            base = row * width
            for k in range(width):
                total[k] += tf * self.weights[base + k]
        scale = 1.0 / math.sqrt(norm) if norm else 0.0
        base = len(self.idf) * width  # the intercepts
        return [total[k] * scale + self.weights[base + k] for k in range(width)]

    def decide(self, text: str) -> Decision:
        """The class of `text`, with the direction guard applied."""
        grams = features(text)
        scores = self._scores(grams)
        known = sum(g in self.index for g in grams) / len(grams) if grams else 0.0
        order = sorted(range(len(scores)), key=lambda k: -scores[k])
        best = order[0]
        if self.labels[best] in GUARDED and self.victims:
            victim = max(self.victims, key=lambda k: scores[k])
            if scores[best] - scores[victim] < MARGIN or scores[best] < FLOOR:
                best = victim
        runner_up = next(k for k in order if k != best)
        return Decision(self.labels[best], scores[best], self.labels[runner_up], scores[runner_up], known)


Examples = Mapping[str, Mapping[str, Sequence[str]]]  # language -> class -> sentences


def _flatten(examples: Examples) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    labels: list[str] = []
    for by_class in examples.values():
        for label, sentences in by_class.items():
            texts += sentences
            labels += [label] * len(sentences)
    return texts, labels


# Bump when `features` or `_train` change: a model kept by an older build (decision 19) is then trained
# again, as it is when scikit-learn's version or a setting above changes (`_training_key`).
FEATURES = 1


@functools.cache
def _training_key() -> str:
    try:
        learner = metadata.version("scikit-learn")  # read from its metadata: no import of scikit-learn
    except metadata.PackageNotFoundError:
        learner = "none"
    return f"features {FEATURES}, C {C}, min_df {MIN_DF}, scikit-learn {learner}\n"


def digest(examples: Examples) -> str:
    """A fingerprint of the examples in their order and of how they are trained: the same always give
    the same model.

    In order, not sorted: the model keeps the places of the examples it misreads (`mistakes`), so a
    sentence moved within its list is other examples to it.
    """
    texts, labels = _flatten(examples)
    hashed = hashlib.sha256(_training_key().encode())
    for text, label in zip(texts, labels, strict=True):
        hashed.update(f"{label}\t{text}\n".encode())
    return hashed.hexdigest()


# digest -> model, the most recently used last: a process trains the same examples once. Two are kept:
# a save's check reads the examples before and after it, and a process that serves two sets of examples
# in turn (the tests: the real ones and the fixtures') would otherwise train the big one again each time.
KEEP_MODELS = 2
_trained: dict[str, Classifier] = {}
# One training at a time: the editor's warm-up and a save's check ask for the same model at once, and
# two trainings side by side take twice as long as one and a look-up.
_training = threading.Lock()


def train(examples: Examples) -> Classifier | None:
    """Train on every example (None with fewer than two classes); scikit-learn is needed only here."""
    key = digest(examples)
    with _training:
        return _keep(_trained[key] if key in _trained else _train(examples, key))


def remember(model: Classifier) -> None:
    """Keep a model trained before (one a generation kept): its examples then need no training here."""
    if model.digest:
        with _training:
            _keep(model)


def _keep(model: Classifier | None) -> Classifier | None:
    # Kept as the most recently used, the least recently used given up for it.
    if model is not None:
        _trained.pop(model.digest, None)
        while len(_trained) >= KEEP_MODELS:
            del _trained[next(iter(_trained))]  # the least recently used
        _trained[model.digest] = model
    return model


def _train(examples: Examples, key: str) -> Classifier | None:
    texts, labels = _flatten(examples)
    if len(set(labels)) < 2:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectoriser = TfidfVectorizer(analyzer=features, sublinear_tf=True, min_df=MIN_DF)
    matrix = vectoriser.fit_transform(texts)
    model = LinearSVC(C=C, class_weight="balanced", random_state=0).fit(matrix, labels)
    coef = model.coef_  # classes x n-grams
    idf = vectoriser.idf_
    weights = array("d", (coef * idf).T.ravel())  # row-major: n-gram, then class
    weights.extend(model.intercept_)
    index = {name: int(row) for name, row in vectoriser.vocabulary_.items()}
    read = model.predict(matrix)  # the model's own reading, before the direction guard
    misread = [
        (i, str(said)) for i, (said, label) in enumerate(zip(read, labels, strict=True)) if said != label
    ]
    classes = [str(c) for c in model.classes_]
    return Classifier(classes, index, array("d", idf), weights, misread, digest=key)


def mistakes(classifier: Classifier, examples: Examples) -> Iterable[tuple[str, str, int, str]]:
    """(language, class, position, what the model says) for each example the model gets wrong.

    What the model itself reads, before the direction guard: the guard is the site's rule, and an
    example it moves is not a mistake an editor can mend with more examples. The examples must be
    those the classifier was trained on, in the same order (`train`).
    """
    where = [
        (lang, label, position)
        for lang, by_class in examples.items()
        for label, sentences in by_class.items()
        for position in range(len(sentences))
    ]
    for index, said in classifier.misread:
        lang, label, position = where[index]
        yield lang, label, position, said
