"""The story a scoring head's page tells first: its logits, softmax(logits / T), and the cross-entropy it would
pay for each possible gold outcome, with the path from the tokens to that loss in one line of this input's
numbers. Computed from `scores.tempered`, so the story at T = 1 is the head's own softmax and loss."""

from dataclasses import dataclass

import numpy as np

from .head_path import LogitsByHand
from .scores import Tempered, tempered


@dataclass(frozen=True)
class Story:
    names: list[str]
    logits: np.ndarray  # [outcomes], as the model returned them
    scaled: Tempered  # softmax(logits / T) and −log of it, per outcome
    plain: Tempered  # the same at T = 1: the head's own softmax and loss
    gold: int | None  # the outcome the reader calls gold (None: not chosen)
    path: tuple[str, ...]  # the steps from the tokens to the loss, each with this input's numbers

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.logits))

    @property
    def scored(self) -> int:
        """The outcome whose loss the story states: the gold if one is chosen, else the prediction."""
        return self.predicted if self.gold is None else self.gold

    @property
    def temperature(self) -> float:
        return self.scaled.temperature

    def headline(self, what: str) -> str:
        """The answer in words, with its probability and the loss it states."""
        k, g = self.predicted, self.scored
        at = "" if self.temperature == 1 else f" at T = {self.temperature:g}"
        p, loss = self.scaled.probabilities, self.scaled.loss_per_gold
        said = f"Predicted {what}: {self.names[k]} (logit {self.logits[k]:.4f}, probability {p[k]:.4f}{at})."
        if self.gold is None:
            return f"{said} Its loss if it were the gold: {loss[k]:.4f}."
        verdict = "right" if g == k else "wrong"
        return f"{said} Gold {what}: {self.names[g]}, so the prediction is {verdict}; the loss is {loss[g]:.4f}."

    def temperature_note(self) -> str:
        """What T changed, against T = 1 (nothing but the confidence: dividing by T > 0 keeps the order)."""
        k = self.predicted
        return (f"At T = {self.temperature:g} the argmax is still {self.names[k]}: dividing by a positive number "
                f"keeps the logits' order. Its probability is {self.scaled.probabilities[k]:.4f} against "
                f"{self.plain.probabilities[k]:.4f} at T = 1; the entropy is {self.scaled.entropy:.4f} nats against "
                f"{self.plain.entropy:.4f}. T < 1 sharpens; T > 1 flattens towards uniform.")


def scoring_story(names: list[str], logits: np.ndarray, *, temperature: float = 1.0, gold: int | None = None,
                  tokens: int | None = None, hand: LogitsByHand | None = None,
                  unit: str = "") -> Story:
    """The story for one input. `tokens` (how many the encoder read) and `hand` (the head's own recomputation
    of the logits) add their steps to the path when given; `unit` says what one outcome's input is
    (e.g. "per choice")."""
    logits = np.asarray(logits)
    scaled = tempered(logits, temperature)
    scored = int(np.argmax(logits)) if gold is None else gold
    path: list[str] = []
    if tokens is not None:
        path.append(f"{tokens} tokens {unit}".rstrip())
    if hand is not None and hand.covered and hand.input_vector is not None:
        path.append(f"{hand.head_input}: {len(hand.input_vector)} numbers")
        path.append(f"{hand.formula}: {len(logits)} logits")
    else:
        path.append(f"{len(logits)} logits")
    path.append(f"{'softmax' if temperature == 1 else f'softmax(logits / {temperature:g})'}: "
                f"p({names[scored]}) = {scaled.probabilities[scored]:.4f}")
    path.append(f"−log p = {scaled.loss_per_gold[scored]:.4f}")
    plain = scaled if temperature == 1 else tempered(logits, 1.0)
    return Story(list(names), logits, scaled, plain, gold, tuple(path))
