"""Sequence classification: one label (or score) for a text or a text pair."""

from dataclasses import dataclass

import pandas as pd

from ..compare import Distribution
from ..encoding import encode
from ..forward import ForwardPass
from ..head_path import LogitsByHand, PoolerComparison, explain_pooled, path_of
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..scores import (
    SIGMOID,
    Activation,
    Scores,
    activation_for,
    binary_cross_entropy_per_label,
    cross_entropy_per_gold,
    probabilities,
)
from ..targets import TargetSpace, scores_space


@dataclass(frozen=True, kw_only=True)
class SequenceClassificationOutputs(Scores):
    label_names: list[str]  # index k -> id2label[k]
    activation: Activation
    by_hand: LogitsByHand
    pooler: PoolerComparison


@dataclass(frozen=True, kw_only=True)
class SequenceClassificationResult(HeadResult, SequenceClassificationOutputs):
    """SequenceClassificationOutputs, with the fields every head's result has (filled in by the pipeline)."""


class SequenceClassification(Task):
    head = "sequence_classification"
    result_type = SequenceClassificationResult
    guessable = True

    def preprocess(self, loaded: LoadedModel, text: str, text_pair: str | None = None) -> Prepared:
        encoding, tensors = encode(loaded, text, text_pair)
        path = path_of(loaded.model)
        return Prepared(tensors, (encoding,), extra=path, capture=path.classifier)

    def postprocess(self, loaded: LoadedModel, prepared: Prepared,
                    forward: ForwardPass) -> SequenceClassificationOutputs:
        logits = forward.output("logits")[0]
        activation = activation_for(loaded.config)
        if activation.name == SIGMOID:
            loss_per_gold = binary_cross_entropy_per_label(logits)
        elif len(logits) > 1:
            loss_per_gold = cross_entropy_per_gold(logits)
        else:
            loss_per_gold = None
        by_hand, pooler = explain_pooled(loaded.model, prepared.extra, forward, 0, logits)
        return SequenceClassificationOutputs(
            label_names=loaded.label_names,
            logits=logits,
            activation=activation,
            probabilities=probabilities(logits, activation),
            loss_per_gold=loss_per_gold,
            by_hand=by_hand,
            pooler=pooler,
        )

    def targets(self, loaded: LoadedModel, result: SequenceClassificationResult) -> TargetSpace:
        return scores_space(result.label_names, result.predicted, activation=result.activation.name)

    def distributions(self, loaded: LoadedModel, result: SequenceClassificationResult) -> list[Distribution]:
        return [Distribution("the labels", tuple(result.label_names), result.logits, result.probabilities,
                             result.activation.name)]


classify = SequenceClassification()


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
