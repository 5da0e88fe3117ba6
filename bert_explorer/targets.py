"""The scalar a "why" view explains: one logit of one head, picked on the page.

A head offers its targets as a `TargetSpace`: a few axes (label, token, choice, ...) whose picks
build one `Target`. The target says where its logit sits in the model's outputs, so attribution
and the logit lens need no head-specific code beyond the head's own `targets()`.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

import torch

from .errors import InputError

# Which part of a head produces the target, and so how its logits are laid out:
SEQUENCE = "sequence"  # output [rows, K], read from the first token's pooled vector
CHOICE = "choice"  # output [1, rows]: one score per row, compared across the rows
TOKEN = "token"  # output [rows, T, K]: the token classifier at one position
SPAN = "span"  # output [rows, T]: a start or an end logit per position
VOCABULARY = "vocabulary"  # output [rows, T, V]: the masked-LM head at one position


@dataclass(frozen=True)
class Target:
    part: str  # SEQUENCE, CHOICE, TOKEN, SPAN or VOCABULARY
    output: str  # the model output holding the logit: logits, start_logits, prediction_logits, ...
    row: int  # the input row (QA window, MC choice) whose tokens are attributed; 0 for one-row inputs
    index: int  # the logit's index in its distribution: label, choice, position or vocabulary id
    position: int | None = None  # the token position, for TOKEN and VOCABULARY targets
    label: str = ""  # the target in words
    activation: str = "softmax"  # how its distribution becomes probabilities (softmax, sigmoid, identity)
    names: tuple[str, ...] | None = None  # the outcomes' names, for label and choice distributions

    def distribution(self, output: torch.Tensor) -> torch.Tensor:
        """The logits the target is one of (its labels, choices, positions or vocabulary), from a
        whole-input output."""
        if self.part == CHOICE:
            return output[0]
        if self.part in (TOKEN, VOCABULARY):
            return output[self.row, self.position]
        return output[self.row]

    def values(self, output: torch.Tensor) -> torch.Tensor:
        """The target's logit for each item of a batch of copies of its row (as attribution runs it)."""
        if self.part == CHOICE:
            return output[:, 0]
        if self.part in (TOKEN, VOCABULARY):
            return output[:, self.position, self.index]
        return output[:, self.index]

    @property
    def has_probabilities(self) -> bool:
        """Whether its activation makes probabilities (softmax, sigmoid); the identity leaves a score."""
        return self.activation != "identity"

    def probabilities(self, logits: torch.Tensor) -> torch.Tensor:
        """Its distribution's logits as the page shows them: softmax, sigmoid or unchanged."""
        if self.activation == "softmax":
            return torch.softmax(logits.float(), dim=-1)
        if self.activation == "sigmoid":
            return torch.sigmoid(logits.float())
        return logits.float()

    def row_of(self, tensors: dict) -> dict:
        """The input tensors of the target's row alone (rows of one input do not see each other)."""
        if self.part == CHOICE:
            return {name: t[:, self.row:self.row + 1] for name, t in tensors.items()}
        return {name: t[self.row:self.row + 1] for name, t in tensors.items()}

    def with_index(self, index: int, label: str) -> "Target":
        return replace(self, index=index, label=label)


@dataclass(frozen=True)
class Axis:
    name: str  # what is picked: label, token, choice, ...
    options: tuple[str, ...]
    default: int


@dataclass(frozen=True)
class TargetSpace:
    """The targets a head's result offers: one pick per axis builds a Target."""

    axes: tuple[Axis, ...]
    build: Callable[[tuple[int, ...]], Target]
    names_a_word: bool = False  # a typed vocabulary word may stand for the last axis (fill-in)

    @property
    def defaults(self) -> tuple[int, ...]:
        return tuple(axis.default for axis in self.axes)

    def target(self, picks: tuple[int, ...] | None = None) -> Target:
        picks = self.defaults if picks is None else tuple(picks)
        if len(picks) != len(self.axes) or any(not 0 <= p < len(a.options) for p, a in zip(picks, self.axes)):
            ranges = ", ".join(f"{axis.name} 0–{len(axis.options) - 1}" for axis in self.axes)
            raise InputError(f"The target {list(picks)} is out of range: this result offers {ranges}.")
        return self.build(picks)


def scores_space(names: list[str], default: int, axis: str = "label", output: str = "logits",
                 activation: str = "softmax") -> TargetSpace:
    """Targets of a pooled head that scores a fixed set of outcomes (labels, or NSP's two answers)."""
    options = labelled(names)
    return TargetSpace((Axis(axis, options, default),), lambda picks: Target(
        SEQUENCE, output, 0, picks[0], label=f"logit {options[picks[0]]}", activation=activation, names=options))


def vocabulary_targets(masks, output: str) -> list[tuple[str, Callable[[int], Target]]]:
    """Per mask: its name and, for a rank r, the target 'the r-th most probable token's logit there'."""
    def at(mask):
        return lambda rank: Target(
            VOCABULARY, output, 0, int(mask.top_ids[rank]), position=mask.position,
            label=f"logit of '{mask.top_tokens[rank]}' at the mask (token {mask.position})")
    return [(f"mask {m + 1} (token {mask.position})", at(mask)) for m, mask in enumerate(masks)]


def ranks(masks) -> tuple[str, ...]:
    """'top 1', 'top 2', ...: as many as every mask lists."""
    return tuple(f"top {r + 1}" for r in range(min(len(mask.top_ids) for mask in masks)))


def labelled(names: list[str]) -> tuple[str, ...]:
    """'k name' options, so a repeated name stays distinct and the index is visible."""
    return tuple(f"{k} {name}" for k, name in enumerate(names))
