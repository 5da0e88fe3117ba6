"""Masked fill-in: a distribution over the vocabulary at every mask token."""

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd
import torch
from transformers import PreTrainedModel

from ..compare import Distribution
from ..encoding import Encoding, encode
from ..errors import CheckpointError, InputError
from ..forward import ForwardPass
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..scores import IGNORE_INDEX, cross_entropy_per_gold, softmax
from ..targets import Axis, TargetSpace, ranks, vocabulary_targets

TOP_K = 10
CURVE_POINTS = 1000  # ranks drawn of a whole-vocabulary curve


def log_spaced_ranks(count: int, points: int) -> np.ndarray:
    """Distinct 1-based ranks from 1 to `count`, about `points` of them, evenly spaced on a log scale."""
    if count <= points:
        return np.arange(1, count + 1)
    tried = points
    while True:  # low ranks round to the same integers: ask for more until `points` distinct ones remain
        ranks = np.unique(np.round(np.geomspace(1, count, num=tried)).astype(int))
        if len(ranks) >= points:
            return ranks
        tried += points - len(ranks)


@dataclass(frozen=True)
class MaskPrediction:
    position: int  # token index of the mask
    logits: np.ndarray  # [vocab]
    probabilities: np.ndarray  # [vocab], softmax over the whole vocabulary
    top_ids: np.ndarray  # [TOP_K], most probable first
    top_tokens: list[str]

    @property
    def sorted_probabilities(self) -> np.ndarray:
        """The whole vocabulary's probabilities, largest first."""
        return np.sort(self.probabilities)[::-1]

    def rank_curve(self, points: int = CURVE_POINTS) -> tuple[np.ndarray, np.ndarray]:
        """(ranks, probabilities) of the sorted vocabulary at about `points` log-spaced ranks, 1 and the last
        included: the curve's shape without sending every one of tens of thousands of values to the browser."""
        ranks = log_spaced_ranks(len(self.probabilities), points)
        return ranks, self.sorted_probabilities[ranks - 1]


@dataclass(frozen=True)
class TiedWeights:
    decoder_is_embedding: bool  # the same tensor storage
    max_abs_diff: float  # |decoder.weight - embeddings.weight|, max
    shape: tuple[int, int]
    bias: np.ndarray | None  # [vocab], the decoder's own bias


@dataclass(frozen=True, kw_only=True)
class MaskedLMOutputs:
    masks: list[MaskPrediction]
    tied: TiedWeights
    num_tokens: int  # length of the input, and so of the MLM label tensor


@dataclass(frozen=True, kw_only=True)
class MaskedLMResult(HeadResult, MaskedLMOutputs):
    """MaskedLMOutputs, with the fields every head's result has (filled in by the pipeline)."""


@dataclass(frozen=True)
class TokenScore:
    word: str
    token: str  # the vocabulary entry looked up (the first piece if the word splits)
    token_id: int
    pieces: int  # how many pieces the word splits into
    logit: float
    probability: float
    rank: int  # 1 = most probable
    cross_entropy: float  # -log p: the loss if this token were gold


@dataclass(frozen=True)
class MaskedLoss:
    labels: np.ndarray  # [T]: the gold id at each mask, IGNORE_INDEX elsewhere
    per_mask: np.ndarray  # [masks]
    mean: float  # the model's MLM loss


def mask_token_of(loaded) -> str:
    with loaded.lock:
        token = loaded.tokenizer.mask_token
    if token is None:
        raise CheckpointError(f"The tokenizer of '{loaded.checkpoint}' has no mask token, so it cannot fill in masks.")
    return token


def masked_outputs(loaded, encoding: Encoding, logits: np.ndarray) -> MaskedLMOutputs:
    """Everything the masked-LM head shows, from one forward pass (also BertForPreTraining's)."""
    return MaskedLMOutputs(masks=mask_predictions(loaded, encoding, logits), tied=tied_weights(loaded.model),
                           num_tokens=len(encoding.tokens))


class MaskedLM(Task):
    head = "masked_lm"
    result_type = MaskedLMResult
    guessable = True

    def preprocess(self, loaded: LoadedModel, text: str) -> Prepared:
        mask = mask_token_of(loaded)
        if mask not in (text or ""):
            raise InputError(f"The text has no {mask} token: put one where a word should be predicted.")
        encoding, tensors = encode(loaded, text)
        return Prepared(tensors, (encoding,))

    def postprocess(self, loaded: LoadedModel, prepared: Prepared, forward: ForwardPass) -> MaskedLMOutputs:
        return masked_outputs(loaded, prepared.encodings[0], forward.output("logits")[0])

    def targets(self, loaded: LoadedModel, result: MaskedLMResult) -> TargetSpace:
        return vocabulary_space(result.masks, "logits")

    def distributions(self, loaded: LoadedModel, result: MaskedLMResult) -> list[Distribution]:
        return mask_distributions(loaded, result.masks)


def mask_distributions(loaded, masks: list[MaskPrediction]) -> list[Distribution]:
    """The whole vocabulary at each mask, its entries named as the tokenizer writes them."""
    if not masks:
        return []
    size = len(masks[0].logits)
    with loaded.lock:
        names = loaded.tokenizer.convert_ids_to_tokens(list(range(size)))
    vocabulary = tuple(name if name is not None else f"[id {i}]" for i, name in enumerate(names))
    return [Distribution(f"mask {m + 1}", vocabulary, mask.logits, mask.probabilities, "softmax")
            for m, mask in enumerate(masks)]


fill = MaskedLM()


def vocabulary_space(masks: list[MaskPrediction], output: str, before=()) -> TargetSpace:
    """A mask and a rank (the r-th most probable token there; a typed word may replace the rank),
    after any `before` targets (name, build-from-rank) listed first on the same axis."""
    options = list(before) + vocabulary_targets(masks, output)
    return TargetSpace((Axis("target", tuple(name for name, _ in options), len(before)),
                        Axis("token", ranks(masks), 0)),
                       lambda picks: options[picks[0]][1](picks[1]), names_a_word=True)


def mask_predictions(loaded, encoding: Encoding, logits: np.ndarray) -> list[MaskPrediction]:
    """Each mask's own distribution: masks are predicted independently, in one pass."""
    positions = np.flatnonzero(encoding.input_ids == loaded.tokenizer.mask_token_id)
    if len(positions) == 0:
        raise InputError("Every mask token was cut off by truncation: move it nearer the start.")
    predictions = []
    for position in positions:
        row = logits[position]
        probabilities = softmax(row)
        top = np.argsort(-row, kind="stable")[:TOP_K]
        predictions.append(MaskPrediction(
            position=int(position), logits=row, probabilities=probabilities, top_ids=top,
            top_tokens=loaded.tokenizer.convert_ids_to_tokens(top.tolist()),
        ))
    return predictions


def tied_weights(model: PreTrainedModel) -> TiedWeights:
    # A masked-LM head's decoder and the input embeddings: each a module with a [V, H] weight.
    decoder = cast(torch.nn.Linear, model.get_output_embeddings())
    embeddings = cast(torch.nn.Embedding, model.get_input_embeddings())
    bias = getattr(decoder, "bias", None)
    return TiedWeights(
        decoder_is_embedding=decoder.weight.data_ptr() == embeddings.weight.data_ptr(),
        max_abs_diff=float((decoder.weight.detach() - embeddings.weight.detach()).abs().max()),
        shape=(int(decoder.weight.shape[0]), int(decoder.weight.shape[1])),
        bias=None if bias is None else bias.detach().to("cpu", torch.float32).numpy(),
    )


def token_ids_for(loaded, words: list[str]) -> list[tuple[str, str, int, int]]:
    """(word, vocabulary token, id, pieces) for each word; a word that splits uses its first piece."""
    found = []
    with loaded.lock:
        tokenizer = loaded.tokenizer
        for word in words:
            ids = tokenizer(word, add_special_tokens=False)["input_ids"]
            if not ids:
                raise InputError(f"'{word}' has no tokens.")
            found.append((word, tokenizer.convert_ids_to_tokens(ids[0]), ids[0], len(ids)))
    return found


def score_tokens(loaded, prediction: MaskPrediction, words: list[str]) -> list[TokenScore]:
    losses = cross_entropy_per_gold(prediction.logits)
    scores = []
    for word, token, token_id, pieces in token_ids_for(loaded, words):
        rank = int((prediction.logits > prediction.logits[token_id]).sum()) + 1
        scores.append(TokenScore(
            word=word, token=token, token_id=token_id, pieces=pieces, logit=float(prediction.logits[token_id]),
            probability=float(prediction.probabilities[token_id]), rank=rank, cross_entropy=float(losses[token_id]),
        ))
    return scores


def masked_loss(loaded, result: MaskedLMOutputs, gold_words: list[str]) -> MaskedLoss:
    """The MLM label tensor (gold id at each mask, IGNORE_INDEX elsewhere) and its loss."""
    if len(gold_words) != len(result.masks):
        raise InputError(f"Give one gold word per mask: {len(result.masks)} mask(s), {len(gold_words)} word(s).")
    return loss_of_ids(result, [token_id for _, _, token_id, _ in token_ids_for(loaded, gold_words)])


def loss_of_ids(result: MaskedLMOutputs, gold_ids: list[int]) -> MaskedLoss:
    """The MLM loss with these vocabulary ids as the gold at the masks, in order."""
    labels = np.full(result.num_tokens, IGNORE_INDEX, dtype=np.int64)
    losses = []
    for prediction, token_id in zip(result.masks, gold_ids, strict=True):
        labels[prediction.position] = token_id
        losses.append(cross_entropy_per_gold(prediction.logits)[token_id])
    per_mask = np.array(losses, dtype=np.float32)
    return MaskedLoss(labels=labels, per_mask=per_mask, mean=float(per_mask.mean()))


def predicted_loss(result: MaskedLMOutputs) -> MaskedLoss:
    """The MLM loss if each mask's top token were the gold."""
    return loss_of_ids(result, [int(prediction.top_ids[0]) for prediction in result.masks])


def top_table(prediction: MaskPrediction) -> pd.DataFrame:
    return pd.DataFrame({
        "rank": range(1, len(prediction.top_ids) + 1),
        "token": prediction.top_tokens,
        "id": prediction.top_ids,
        "logit": prediction.logits[prediction.top_ids],
        "probability": prediction.probabilities[prediction.top_ids],
    })
