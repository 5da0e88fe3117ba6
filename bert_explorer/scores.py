"""From logits to what a user reads: the activation the config implies, and losses."""

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from .errors import InputError

IGNORE_INDEX = -100  # the label PyTorch's cross-entropy skips

SOFTMAX = "softmax"
SIGMOID = "sigmoid"
IDENTITY = "identity"


@dataclass(frozen=True)
class Activation:
    name: str  # softmax, sigmoid or identity
    loss: str  # the loss transformers would use with labels
    reason: str


@dataclass(frozen=True, kw_only=True)
class Scores:
    """A head's scores over a fixed set of outcomes (labels, choices, NSP's two answers)."""

    logits: np.ndarray  # [outcomes]
    probabilities: np.ndarray  # [outcomes]: softmax, sigmoid, or the raw score
    # Loss if each outcome were gold: [outcomes] cross-entropy ([labels, 2] BCE for multi-label heads; None for
    # regression).
    loss_per_gold: np.ndarray | None

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.logits))


def activation_for(config) -> Activation:
    """Mirror the choice BertForSequenceClassification makes from its config."""
    problem = getattr(config, "problem_type", None)
    if problem == "regression" or (problem is None and config.num_labels == 1):
        why = "problem_type is 'regression'" if problem else "num_labels == 1 and problem_type is unset"
        return Activation(IDENTITY, "MSELoss", f"{why}: the single logit is the predicted score.")
    if problem == "multi_label_classification":
        return Activation(
            SIGMOID,
            "BCEWithLogitsLoss",
            "problem_type is 'multi_label_classification': each label is a separate yes/no, "
            "so each logit goes through its own sigmoid and several labels can be on at once.",
        )
    why = "problem_type is 'single_label_classification'" if problem else (
        f"num_labels == {config.num_labels} and problem_type is unset (transformers then assumes single-label)"
    )
    return Activation(
        SOFTMAX,
        "CrossEntropyLoss",
        f"{why}: exactly one label is right, so softmax turns the logits into one distribution.",
    )


def softmax(logits: np.ndarray) -> np.ndarray:
    """Softmax over the last axis."""
    return torch.softmax(torch.tensor(logits, dtype=torch.float32), dim=-1).numpy()


def probabilities(logits: np.ndarray, activation: Activation) -> np.ndarray:
    """Softmax over the last axis, sigmoid per value, or the logits unchanged."""
    if activation.name == SOFTMAX:
        return softmax(logits)
    values = torch.tensor(logits, dtype=torch.float32)
    if activation.name == SIGMOID:
        return torch.sigmoid(values).numpy()
    return values.numpy().copy()


def cross_entropy_per_gold(logits: np.ndarray) -> np.ndarray:
    """-log softmax(logits)[k] for every k: the loss if k were the gold label."""
    values = torch.tensor(logits, dtype=torch.float32)
    return (-torch.log_softmax(values, dim=-1)).numpy()


def binary_cross_entropy_per_label(logits: np.ndarray) -> np.ndarray:
    """[labels, 2]: the loss of each label if its gold were 0 (column 0) or 1 (column 1)."""
    values = torch.tensor(logits, dtype=torch.float32)
    return torch.stack([-F.logsigmoid(-values), -F.logsigmoid(values)], dim=-1).numpy()


def multi_label_loss(logits: np.ndarray, gold: set[int]) -> float:
    """The mean BCE-with-logits over labels for a set of gold labels."""
    per_label = binary_cross_entropy_per_label(logits)
    check_label_ids(gold, len(per_label))
    return float(np.mean([per_label[k, int(k in gold)] for k in range(len(per_label))]))


def squared_error(score: float, gold: float) -> float:
    """MSE for a single regression output."""
    if not np.isfinite(gold):
        raise InputError("The gold value must be a finite number.")
    return float((np.float32(score) - np.float32(gold)) ** 2)


def check_label_ids(ids, num_labels: int) -> None:
    for k in ids:
        if not 0 <= int(k) < num_labels:
            raise InputError(f"Gold label {k} is out of range: this head has labels 0 to {num_labels - 1}.")


@dataclass(frozen=True)
class Tempered:
    """softmax(logits / T): the same ranking, sharper (T < 1) or flatter (T > 1) probabilities."""

    temperature: float
    probabilities: np.ndarray  # [outcomes]
    loss_per_gold: np.ndarray  # [outcomes] −log softmax(logits / T)[k]
    entropy: float  # of the tempered distribution, in nats

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.probabilities))


def tempered(logits: np.ndarray, temperature: float) -> Tempered:
    if not temperature > 0:
        raise InputError("The temperature must be greater than 0.")
    scaled = torch.tensor(logits, dtype=torch.float64) / temperature  # float64: entropy near 0
    log_p = torch.log_softmax(scaled, dim=-1)
    return Tempered(temperature, log_p.exp().numpy(), (-log_p).numpy(), float(-(log_p.exp() * log_p).sum()))


@dataclass(frozen=True)
class Thresholded:
    """A multi-label head's decision at one threshold on the sigmoid, scored against a gold set."""

    threshold: float
    on: tuple[int, ...]  # labels with sigmoid(logit) >= threshold
    precision: float  # |on ∩ gold| / |on| (0 when nothing is on)
    recall: float  # |on ∩ gold| / |gold| (0 when the gold set is empty)
    f1: float


def thresholded(logits: np.ndarray, gold: set[int], threshold: float) -> Thresholded:
    """Labels switched on at this threshold, and their precision/recall against the gold set
    (scikit-learn's zero_division=0 convention)."""
    if not 0 < threshold < 1:
        raise InputError("The threshold must lie strictly between 0 and 1.")
    check_label_ids(gold, len(logits))
    sigmoid = torch.sigmoid(torch.tensor(logits, dtype=torch.float32)).numpy()
    on = tuple(int(k) for k in np.flatnonzero(sigmoid >= threshold))
    hits = len(set(on) & set(gold))
    precision = hits / len(on) if on else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Thresholded(threshold, on, precision, recall, f1)
