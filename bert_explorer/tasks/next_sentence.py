"""Next-sentence prediction: does sentence B follow sentence A?"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..compare import Distribution
from ..encoding import clean_text, encode
from ..errors import CheckpointError
from ..forward import ForwardPass
from ..head_path import HeadPath, LogitsByHand, PoolerComparison, explain_pooled, path_of
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..scores import Scores, cross_entropy_per_gold, softmax
from ..targets import TargetSpace, scores_space

# transformers' convention, and the most common confusion: index 0 means "is next".
NSP_LABELS = ("B continues A", "B is random")
IS_NEXT, IS_RANDOM = 0, 1

# Sentences unrelated to any likely sentence A, for the "random B" comparison.
RANDOM_SENTENCES = [
    "Penguins cannot fly, but they swim remarkably well.",
    "The recipe calls for two cups of flour and a pinch of salt.",
    "Her violin lessons were on Tuesday afternoons.",
    "Mount Everest grows a few millimetres every year.",
]


@dataclass(frozen=True, kw_only=True)
class NextSentenceOutputs(Scores):
    """Scores over NSP_LABELS (softmax), with the path from the pooler output to them."""

    by_hand: LogitsByHand  # logits from the NSP layer's weights on the pooler output
    pooler: PoolerComparison


@dataclass(frozen=True, kw_only=True)
class NextSentenceResult(HeadResult, NextSentenceOutputs):
    """NextSentenceOutputs, with the fields every head's result has (filled in by the pipeline)."""


def require_bert(loaded) -> None:
    if loaded.config.model_type != "bert":
        raise CheckpointError(
            f"Next-sentence prediction exists only for BERT; '{loaded.checkpoint}' is a "
            f"{loaded.config.model_type} model."
        )


def prepare_pair(loaded, sentence_a: str, sentence_b: str) -> Prepared:
    """Sentence A and B as one BERT pair, with the NSP classifier's input captured."""
    require_bert(loaded)
    sentence_a, _ = clean_text(sentence_a, "sentence A")
    sentence_b, _ = clean_text(sentence_b, "sentence B")
    encoding, tensors = encode(loaded, sentence_a, sentence_b)
    path = path_of(loaded.model)
    return Prepared(tensors, (encoding,), extra=path, capture=path.classifier)


def next_sentence_outputs(loaded, path: HeadPath, forward: ForwardPass, logits: np.ndarray) -> NextSentenceOutputs:
    """Everything the NSP head shows, from one forward pass (also BertForPreTraining's)."""
    by_hand, pooler = explain_pooled(loaded.model, path, forward, 0, logits)
    return NextSentenceOutputs(logits=logits, probabilities=softmax(logits),
                               loss_per_gold=cross_entropy_per_gold(logits), by_hand=by_hand, pooler=pooler)


class NextSentence(Task):
    head = "next_sentence"
    result_type = NextSentenceResult
    guessable = True

    def preprocess(self, loaded: LoadedModel, sentence_a: str, sentence_b: str) -> Prepared:
        return prepare_pair(loaded, sentence_a, sentence_b)

    def postprocess(self, loaded: LoadedModel, prepared: Prepared, forward: ForwardPass) -> NextSentenceOutputs:
        return next_sentence_outputs(loaded, prepared.extra, forward, forward.output("logits")[0])

    def targets(self, loaded: LoadedModel, result: NextSentenceResult) -> TargetSpace:
        return scores_space(list(NSP_LABELS), result.predicted, axis="answer")

    def distributions(self, loaded: LoadedModel, result: NextSentenceResult) -> list[Distribution]:
        return [next_sentence_distribution(result)]


def next_sentence_distribution(outputs: NextSentenceOutputs) -> Distribution:
    return Distribution("next sentence", NSP_LABELS, outputs.logits, outputs.probabilities, "softmax")


predict_next = NextSentence()


def nsp_table(result: NextSentenceResult) -> pd.DataFrame:
    return pd.DataFrame({
        "index": [0, 1], "meaning": NSP_LABELS, "logit": result.logits, "softmax": result.probabilities,
        "cross_entropy_if_gold": result.loss_per_gold,
    })
