"""BertForPreTraining: the masked-LM and next-sentence heads in one pass."""

from dataclasses import dataclass

import numpy as np

from ..compare import Distribution
from ..errors import InputError
from ..forward import ForwardPass
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..targets import TargetSpace, scores_space
from .masked_lm import (
    MaskedLMOutputs,
    MaskedLoss,
    mask_distributions,
    mask_token_of,
    masked_loss,
    masked_outputs,
    vocabulary_space,
)
from .next_sentence import (
    NSP_LABELS,
    NextSentenceOutputs,
    next_sentence_distribution,
    next_sentence_outputs,
    prepare_pair,
)


@dataclass(frozen=True, kw_only=True)
class PretrainingOutputs:
    masked: MaskedLMOutputs
    next_sentence: NextSentenceOutputs


@dataclass(frozen=True, kw_only=True)
class PretrainingResult(HeadResult, PretrainingOutputs):
    """PretrainingOutputs, with the fields every head's result has (filled in by the pipeline)."""


@dataclass(frozen=True)
class PretrainingLoss:
    masked: MaskedLoss
    next_sentence: float

    @property
    def total(self) -> float:
        """BertForPreTraining's loss: MLM loss + NSP loss."""
        return self.masked.mean + self.next_sentence


class Pretraining(Task):
    head = "pretraining"
    result_type = PretrainingResult
    guessable = True

    def preprocess(self, loaded: LoadedModel, sentence_a: str, sentence_b: str) -> Prepared:
        prepared = prepare_pair(loaded, sentence_a, sentence_b)
        mask = mask_token_of(loaded)
        if mask not in sentence_a + sentence_b:
            raise InputError(f"Put at least one {mask} in sentence A or B for the masked-LM head.")
        return prepared

    def postprocess(self, loaded: LoadedModel, prepared: Prepared, forward: ForwardPass) -> PretrainingOutputs:
        return PretrainingOutputs(
            masked=masked_outputs(loaded, prepared.encodings[0], forward.output("prediction_logits")[0]),
            next_sentence=next_sentence_outputs(loaded, prepared.extra, forward,
                                                forward.output("seq_relationship_logits")[0]),
        )

    def targets(self, loaded: LoadedModel, result: PretrainingResult) -> TargetSpace:
        """Either head: NSP's two logits first, then each mask's tokens (the default: the first mask's top)."""
        nsp = scores_space(list(NSP_LABELS), 0, output="seq_relationship_logits")
        answers = [(f"next sentence: {option}", lambda _rank, k=k: nsp.target((k,)))
                   for k, option in enumerate(nsp.axes[0].options)]
        return vocabulary_space(result.masked.masks, "prediction_logits", before=answers)

    def distributions(self, loaded: LoadedModel, result: PretrainingResult) -> list[Distribution]:
        return [next_sentence_distribution(result.next_sentence), *mask_distributions(loaded, result.masked.masks)]


pretrain = Pretraining()


def pretraining_loss(loaded, result: PretrainingOutputs, gold_words: list[str], nsp_label: int) -> PretrainingLoss:
    if nsp_label not in (0, 1):
        raise InputError(f"The next-sentence label is 0 ({NSP_LABELS[0]}) or 1 ({NSP_LABELS[1]}).")
    return PretrainingLoss(
        masked=masked_loss(loaded, result.masked, gold_words),
        next_sentence=float(np.asarray(result.next_sentence.loss_per_gold)[nsp_label]),
    )
