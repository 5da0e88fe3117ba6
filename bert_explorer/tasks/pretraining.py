"""BertForPreTraining: the masked-LM and next-sentence heads in one pass."""

from dataclasses import dataclass

from ..errors import InputError
from ..forward import run_text
from ..loading import LoadedModel
from .masked_lm import MaskedLMResult, MaskedLoss, mask_predictions, mask_token_of, masked_loss, tied_weights
from .next_sentence import NSP_LABELS, NextSentenceResult, check_pair, nsp_view, require_bert


@dataclass(frozen=True)
class PretrainingResult:
    masked: MaskedLMResult
    next_sentence: NextSentenceResult


@dataclass(frozen=True)
class PretrainingLoss:
    masked: MaskedLoss
    next_sentence: float

    @property
    def total(self) -> float:
        """BertForPreTraining's loss: MLM loss + NSP loss."""
        return self.masked.mean + self.next_sentence


def pretrain_view(loaded: LoadedModel, sentence_a: str, sentence_b: str) -> PretrainingResult:
    require_bert(loaded)
    mask = mask_token_of(loaded)
    sentence_a, sentence_b = check_pair(sentence_a, sentence_b)
    if mask not in sentence_a + sentence_b:
        raise InputError(f"Put at least one {mask} in sentence A or B for the masked-LM head.")
    run = run_text(loaded, sentence_a, sentence_b)
    next_sentence = nsp_view(loaded, run, run.forward.output("seq_relationship_logits")[0])
    masked = MaskedLMResult(
        encoding=run.encoding,
        masks=mask_predictions(loaded, run.encoding, run.forward.output("prediction_logits")[0]),
        tied=tied_weights(loaded.model),
        attention=next_sentence.attention,
        timings_ms=run.timings(),
        device=loaded.device,
        dtype=loaded.dtype,
    )
    return PretrainingResult(masked=masked, next_sentence=next_sentence)


def pretraining_loss(loaded: LoadedModel, result: PretrainingResult, gold_words: list[str], nsp_label: int) -> PretrainingLoss:
    if nsp_label not in (0, 1):
        raise InputError(f"The next-sentence label is 0 ({NSP_LABELS[0]}) or 1 ({NSP_LABELS[1]}).")
    return PretrainingLoss(
        masked=masked_loss(loaded, result.masked, gold_words),
        next_sentence=float(result.next_sentence.loss_per_gold[nsp_label]),
    )
