"""Two checkpoints on the same input: their distributions matched by what they are about, and their
outcomes matched by name.

Each head describes its result as `Distribution`s (Task.distributions): the labels of a text, the
tags of one word, the vocabulary at one mask, ... keyed so that the same key means the same thing
for any checkpoint that read the same input, whatever its tokenizer.
"""

import re
from dataclasses import dataclass

import numpy as np

from .errors import InputError

SHOWN_PER_SIDE = 10  # of a long distribution (a vocabulary, a context), the top outcomes of each side are shown
_GENERIC = re.compile(r"LABEL_\d+")


@dataclass(frozen=True)
class Distribution:
    key: str  # what it is about, in words (the same for both checkpoints on the same input)
    outcomes: tuple[str, ...]  # names the outcomes are matched by
    logits: np.ndarray  # [outcomes]
    probabilities: np.ndarray  # [outcomes], as the head's page shows them
    activation: str  # softmax, sigmoid or identity

    @property
    def predicted(self) -> str:
        return self.outcomes[int(np.argmax(self.logits))]


@dataclass(frozen=True)
class Compared:
    """One distribution of each checkpoint over the outcomes both have."""

    key: str
    outcomes: list[str]  # as checkpoint A names them
    logits: tuple[np.ndarray, np.ndarray]  # (A, B), each [outcomes]
    probabilities: tuple[np.ndarray, np.ndarray]
    losses: tuple[np.ndarray, np.ndarray] | None  # −log p of each outcome as gold (softmax heads only)
    predicted: tuple[str, str]  # each side's argmax over its own whole distribution, in its own names
    agree: bool  # both argmaxes are the same matched outcome
    note: str  # how the outcomes were matched, and what was left out

    @property
    def probability_gap(self) -> float:
        """max |p_B − p_A| over the matched outcomes."""
        return float(np.max(np.abs(self.probabilities[1] - self.probabilities[0])))


@dataclass(frozen=True)
class Comparison:
    pairs: list[Compared]
    unmatched: list[str]  # keys only one side has (a word one tokenizer splits off, a mask one side lacks)

    @property
    def agreed(self) -> int:
        """How many of the matched distributions have the same prediction on both sides."""
        return sum(pair.agree for pair in self.pairs)


def compare(a: list[Distribution], b: list[Distribution]) -> Comparison:
    """Match distributions by key and outcomes by name; raise InputError when nothing can be compared."""
    by_key = {d.key: d for d in b}
    pairs, unmatched = [], []
    for mine in a:
        theirs = by_key.pop(mine.key, None)
        if theirs is None:
            unmatched.append(mine.key)
        else:
            pairs.append(compare_one(mine, theirs))
    unmatched.extend(by_key)
    if not pairs:
        raise InputError("The two checkpoints read this input into nothing comparable: "
                         f"{', '.join(unmatched[:5])}…")
    return Comparison(pairs, unmatched)


def compare_one(a: Distribution, b: Distribution) -> Compared:
    if a.activation != b.activation:
        raise InputError(f"The heads are not comparable: one turns its logits into probabilities with "
                         f"{a.activation}, the other with {b.activation}.")
    rows_a, rows_b, how = _match(a.outcomes, b.outcomes)
    if len(rows_a) > 2 * SHOWN_PER_SIDE:
        rows_a, rows_b, how = _top_of_each(a, b, rows_a, rows_b, how)
    best_a, best_b = int(np.argmax(a.logits)), int(np.argmax(b.logits))
    agree = any(i == best_a and j == best_b for i, j in zip(rows_a, rows_b))
    losses = None
    if a.activation == "softmax":
        losses = (-np.log(a.probabilities[rows_a]), -np.log(b.probabilities[rows_b]))
    return Compared(
        key=a.key, outcomes=[a.outcomes[i] for i in rows_a], logits=(a.logits[rows_a], b.logits[rows_b]),
        probabilities=(a.probabilities[rows_a], b.probabilities[rows_b]), losses=losses,
        predicted=(a.predicted, b.predicted), agree=agree, note=how,
    )


def _match(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, str]:
    """Rows of `a` and of `b` that name the same outcome: by name (case-insensitive); when either side's
    names are transformers' generic LABEL_k and the counts agree, by index, since such names carry no meaning."""
    where_b: dict[str, int] = {}
    for j, name in enumerate(b):
        where_b.setdefault(name.casefold(), j)
    rows = [(i, where_b[name.casefold()]) for i, name in enumerate(a) if name.casefold() in where_b]
    generic = all(_GENERIC.fullmatch(n) for n in a) or all(_GENERIC.fullmatch(n) for n in b)
    if generic and len(a) == len(b) and len(rows) < len(a):
        return np.arange(len(a)), np.arange(len(b)), ("Matched by index: one side's labels are transformers' "
                                                      "placeholder names LABEL_k, which mean nothing by themselves.")
    if not rows:
        raise InputError(f"The heads are not comparable: their outcomes share no name (A: {', '.join(a[:6])}; "
                         f"B: {', '.join(b[:6])}).")
    left = len(a) - len(rows), len(b) - len(rows)
    how = "Matched by name."
    if any(left):
        how += f" Only A has {left[0]} of its outcomes, only B {left[1]}: those are left out."
    return np.array([i for i, _ in rows]), np.array([j for _, j in rows]), how


def _top_of_each(a: Distribution, b: Distribution, rows_a, rows_b, how: str):
    """Of a long distribution, the outcomes in either side's top SHOWN_PER_SIDE (among those both have)."""
    top = set(np.argsort(-a.logits[rows_a], kind="stable")[:SHOWN_PER_SIDE]) | set(
        np.argsort(-b.logits[rows_b], kind="stable")[:SHOWN_PER_SIDE])
    keep = sorted(top, key=lambda i: -a.probabilities[rows_a[i]])
    return (rows_a[keep], rows_b[keep],
            f"{how} Shown: the outcomes in either side's top {SHOWN_PER_SIDE}, of {len(rows_a):,} both have.")


@dataclass(frozen=True)
class AttentionDifference:
    weights: np.ndarray  # [T, T], B − A
    max_abs: float


def attention_difference(a: np.ndarray, b: np.ndarray, tokens_a: list[str],
                         tokens_b: list[str]) -> AttentionDifference | None:
    """B − A for one head's [T, T] maps, when both checkpoints read the same tokens; None when they do not
    (different tokenizers: position i is not the same token on both sides)."""
    if list(tokens_a) != list(tokens_b) or a.shape != b.shape:
        return None
    difference = np.asarray(b, dtype=np.float32) - np.asarray(a, dtype=np.float32)
    return AttentionDifference(difference, float(np.max(np.abs(difference))))
