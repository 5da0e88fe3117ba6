"""Sequence classification: one label (or score) for a text or a text pair."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..attention import AttentionMaps, summarise
from ..classifier_path import HandComputation, sequence_logits_by_hand
from ..encoding import Encoding
from ..forward import run_text
from ..loading import LoadedModel
from ..pooler import PoolerComparison, compare_pooler
from ..scores import SIGMOID, Activation, activation_for, binary_cross_entropy_per_label, cross_entropy_per_gold, probabilities


@dataclass(frozen=True)
class SequenceClassificationResult:
    encoding: Encoding
    label_names: list[str]  # index k -> id2label[k]
    logits: np.ndarray  # [labels]
    activation: Activation
    probabilities: np.ndarray  # [labels]: softmax, sigmoid, or the raw score
    # Loss if each label were gold: [labels] cross-entropy, or [labels, 2] BCE for
    # gold 0 / gold 1 with multi-label heads; None for regression.
    loss_per_gold: np.ndarray | None
    by_hand: HandComputation
    pooler: PoolerComparison
    attention: AttentionMaps
    timings_ms: dict[str, float]
    device: str
    dtype: str

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.logits))


def classify(loaded: LoadedModel, text: str, text_pair: str | None = None) -> SequenceClassificationResult:
    run = run_text(loaded, text, text_pair)
    encoding, forward = run.encoding, run.forward
    logits = forward.output("logits")[0]
    activation = activation_for(loaded.config)
    if activation.name == SIGMOID:
        loss_per_gold = binary_cross_entropy_per_label(logits)
    elif len(logits) > 1:
        loss_per_gold = cross_entropy_per_gold(logits)
    else:
        loss_per_gold = None
    last_hidden = forward.hidden_states[0, -1]
    pooler_output = None if forward.pooler_output is None else forward.pooler_output[0]
    return SequenceClassificationResult(
        encoding=encoding,
        label_names=loaded.label_names,
        logits=logits,
        activation=activation,
        probabilities=probabilities(logits, activation),
        loss_per_gold=loss_per_gold,
        by_hand=sequence_logits_by_hand(loaded.model, last_hidden, pooler_output, logits),
        pooler=compare_pooler(loaded.model, last_hidden, pooler_output),
        attention=summarise(forward.attention_of(0), encoding.special_tokens_mask),
        timings_ms=run.timings(),
        device=loaded.device,
        dtype=loaded.dtype,
    )


def label_table(result: SequenceClassificationResult) -> pd.DataFrame:
    """One row per logit index: its label, logit, probability and loss if gold."""
    table = pd.DataFrame(
        {"index": range(len(result.logits)), "label": result.label_names, "logit": result.logits}
    )
    table[result.activation.name] = result.probabilities
    if result.loss_per_gold is not None and result.loss_per_gold.ndim == 1:
        table["cross_entropy_if_gold"] = result.loss_per_gold
    elif result.loss_per_gold is not None:
        table["bce_if_gold_0"] = result.loss_per_gold[:, 0]
        table["bce_if_gold_1"] = result.loss_per_gold[:, 1]
    if result.by_hand.covered:
        table["logit_by_hand"] = result.by_hand.logits
    return table
