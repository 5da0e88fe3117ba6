"""Next-sentence prediction: does sentence B follow sentence A?"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..attention import AttentionMaps, summarise
from ..classifier_path import HandComputation, linear_by_hand
from ..encoding import Encoding, clean_text
from ..errors import CheckpointError, InputError
from ..forward import TextRun, run_text
from ..loading import LoadedModel
from ..pooler import PoolerComparison, compare_pooler
from ..scores import cross_entropy_per_gold, softmax

# transformers' convention, and the most common confusion: index 0 means "is next".
NSP_LABELS = ["B continues A", "B is random"]

# Sentences unrelated to any likely sentence A, for the "random B" comparison.
RANDOM_SENTENCES = [
    "Penguins cannot fly, but they swim remarkably well.",
    "The recipe calls for two cups of flour and a pinch of salt.",
    "Her violin lessons were on Tuesday afternoons.",
    "Mount Everest grows a few millimetres every year.",
]


@dataclass(frozen=True)
class NextSentenceResult:
    encoding: Encoding
    logits: np.ndarray  # [2]
    probabilities: np.ndarray  # [2], softmax
    loss_per_gold: np.ndarray  # [2]
    by_hand: HandComputation  # logits from the NSP layer's weights on the pooler output
    pooler: PoolerComparison
    attention: AttentionMaps
    timings_ms: dict[str, float]
    device: str
    dtype: str

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.logits))


def require_bert(loaded: LoadedModel) -> None:
    if loaded.config.model_type != "bert":
        raise CheckpointError(
            f"Next-sentence prediction exists only for BERT; '{loaded.checkpoint}' is a "
            f"{loaded.config.model_type} model."
        )


def check_pair(sentence_a: str, sentence_b: str) -> tuple[str, str]:
    sentence_a, _ = clean_text(sentence_a, "sentence A")
    sentence_b, _ = clean_text(sentence_b, "sentence B")
    if not sentence_b:
        raise InputError("Sentence B is empty.")
    return sentence_a, sentence_b


def predict_next(loaded: LoadedModel, sentence_a: str, sentence_b: str) -> NextSentenceResult:
    require_bert(loaded)
    sentence_a, sentence_b = check_pair(sentence_a, sentence_b)
    run = run_text(loaded, sentence_a, sentence_b)
    return nsp_view(loaded, run, run.forward.output("logits")[0])


def nsp_view(loaded: LoadedModel, run: TextRun, logits: np.ndarray) -> NextSentenceResult:
    """Everything the NSP head shows, from one forward pass (also BertForPreTraining's)."""
    encoding, forward = run.encoding, run.forward
    last_hidden = forward.hidden_states[0, -1]
    pooled = forward.pooler_output[0]
    return NextSentenceResult(
        encoding=encoding,
        logits=logits,
        probabilities=softmax(logits),
        loss_per_gold=cross_entropy_per_gold(logits),
        by_hand=linear_by_hand(
            loaded.model.cls.seq_relationship, pooled, logits, "pooler output (tanh(W_p·h_CLS + b_p))",
            "logits = pooler_output · W_nspᵀ + b_nsp",
        ),
        pooler=compare_pooler(loaded.model, last_hidden, pooled),
        attention=summarise(forward.attention_of(0), encoding.special_tokens_mask),
        timings_ms=run.timings(),
        device=loaded.device,
        dtype=loaded.dtype,
    )


def nsp_table(result: NextSentenceResult) -> pd.DataFrame:
    return pd.DataFrame({
        "index": [0, 1], "meaning": NSP_LABELS, "logit": result.logits, "softmax": result.probabilities,
        "cross_entropy_if_gold": result.loss_per_gold,
    })
