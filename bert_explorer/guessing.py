"""Predict-then-reveal: a student names the answer they expect before the model's is shown.

The question is one of the head's distributions (Task.question): the label of a text, the
next-sentence verdict, the right choice, the word at the first mask. The reveal says where
the guess stands in the model's own probabilities.
"""

from dataclasses import dataclass

import numpy as np

from .compare import Distribution
from .errors import InputError

MAX_LISTED = 20  # more outcomes than this (a vocabulary) and the student types the guess instead of picking it


@dataclass(frozen=True)
class Reveal:
    guess: str
    guess_index: int
    guess_probability: float
    guess_rank: int  # 1 for the model's most probable outcome
    predicted: str
    predicted_probability: float
    outcomes: int

    @property
    def right(self) -> bool:
        return self.guess_rank == 1


def lists_outcomes(question: Distribution) -> bool:
    return len(question.outcomes) <= MAX_LISTED


def reveal(question: Distribution, guess: str) -> Reveal:
    """Where `guess` (an outcome's name; a typed word may differ in case or spaces) stands in the model's
    probabilities."""
    index = _index_of(question.outcomes, guess)
    probabilities = np.asarray(question.probabilities, dtype=float)
    top = int(np.argmax(probabilities))
    return Reveal(
        guess=question.outcomes[index], guess_index=index, guess_probability=float(probabilities[index]),
        guess_rank=1 + int(np.sum(probabilities > probabilities[index])),
        predicted=question.outcomes[top], predicted_probability=float(probabilities[top]),
        outcomes=len(question.outcomes),
    )


def _index_of(outcomes: tuple[str, ...], guess: str) -> int:
    typed = guess.strip()
    if typed in outcomes:
        return outcomes.index(typed)
    folded = [i for i, name in enumerate(outcomes) if name.lower() == typed.lower()]
    if folded:
        return folded[0]
    raise InputError(f"“{typed}” is not one of the answers the model can give here"
                     + (" (a word the tokenizer splits into pieces is not one token of its vocabulary)."
                        if len(outcomes) > MAX_LISTED else "."))


def shown_outcomes(question: Distribution, revealed: Reveal, top: int = 10) -> list[int]:
    """The outcomes to chart, most probable first: all of a short list; of a vocabulary, the `top` most
    probable and the guess."""
    order = [int(i) for i in np.argsort(-np.asarray(question.probabilities, dtype=float), kind="stable")]
    if lists_outcomes(question):
        return order
    shown = order[:top]
    return shown if revealed.guess_index in shown else [*shown, revealed.guess_index]
