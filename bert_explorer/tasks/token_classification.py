"""Token classification (NER): one label per token, read per word."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..compare import Distribution
from ..encoding import clean_text, encoding_row, model_inputs, truncation_notice
from ..errors import InputError
from ..forward import ForwardPass
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..scores import IGNORE_INDEX, cross_entropy_per_gold, softmax
from ..targets import TOKEN, Axis, Target, TargetSpace, labelled


@dataclass(frozen=True)
class Entity:
    label: str  # the entity type, without its B-/I- prefix
    first_word: int
    last_word: int
    text: str


@dataclass(frozen=True, kw_only=True)
class TokenClassificationOutputs:
    label_names: list[str]
    logits: np.ndarray  # [T, labels]
    probabilities: np.ndarray  # [T, labels], softmax per token
    predicted: np.ndarray  # [T], label id per token
    word_ids: list[int | None]  # per token: the word it belongs to; None for special tokens
    words: list[str]  # the text of each word
    word_spans: list[tuple[int, int]]  # character span of each word in `text`
    text: str
    first_subword: np.ndarray  # [T] bool: the token whose prediction counts for its word
    word_predictions: list[int]  # per word: the label id of its first sub-word
    entities: list[Entity]

    @property
    def first_subword_tokens(self) -> np.ndarray:
        """Token indices whose prediction counts for their word, one per word."""
        return np.flatnonzero(self.first_subword)


@dataclass(frozen=True, kw_only=True)
class TokenClassificationResult(HeadResult, TokenClassificationOutputs):
    """TokenClassificationOutputs, with the fields every head's result has (filled in by the pipeline)."""


@dataclass(frozen=True)
class TokenLoss:
    labels: np.ndarray  # [T], gold label id per token, IGNORE_INDEX where the loss skips
    per_token: np.ndarray  # [T], cross-entropy of each active token, nan elsewhere
    mean: float  # the mean over active tokens: what the model's loss is

    @property
    def active(self) -> np.ndarray:
        """The cross-entropy of each token the loss counts, in token order."""
        return self.per_token[self.labels != IGNORE_INDEX]

    @property
    def per_token_or_zero(self) -> np.ndarray:
        """The per-token losses with 0 where the loss skips the token (for drawing)."""
        return np.nan_to_num(self.per_token)


@dataclass(frozen=True)
class WordsRead:
    """What postprocess needs besides the forward pass: the text as read, each token's word and its offsets."""

    text: str
    word_ids: list[int | None]
    offsets: list[list[int]]


class TokenClassification(Task):
    head = "token_classification"
    result_type = TokenClassificationResult

    def preprocess(self, loaded: LoadedModel, text: str) -> Prepared:
        text, notices = clean_text(text, "text")
        tokenizer = loaded.tokenizer
        limit = loaded.max_length
        full_length = len(tokenizer(text, truncation=False)["input_ids"])
        batch = tokenizer(
            text, truncation=True, max_length=limit, return_tensors="pt",
            return_special_tokens_mask=True, return_offsets_mapping=True,
        )
        word_ids = batch.word_ids(0)
        offsets = batch.pop("offset_mapping")[0].tolist()
        encoding = encoding_row(loaded, batch, 0, full_length, notices + truncation_notice(full_length, limit))
        return Prepared(model_inputs(loaded, batch), (encoding,), extra=WordsRead(text, word_ids, offsets))

    def postprocess(self, loaded: LoadedModel, prepared: "Prepared[WordsRead]",
                    forward: ForwardPass) -> TokenClassificationOutputs:
        text, word_ids, offsets = prepared.extra.text, prepared.extra.word_ids, prepared.extra.offsets
        logits = forward.output("logits")[0]
        predicted = logits.argmax(axis=-1)
        word_spans = _word_spans(word_ids, offsets)
        words = [text[start:end] for start, end in word_spans]
        first_subword = np.array(
            [w is not None and (i == 0 or word_ids[i - 1] != w) for i, w in enumerate(word_ids)], dtype=bool
        )
        word_predictions = [int(predicted[i]) for i in np.flatnonzero(first_subword)]
        return TokenClassificationOutputs(
            label_names=loaded.label_names,
            logits=logits,
            probabilities=softmax(logits),
            predicted=predicted,
            word_ids=word_ids,
            words=words,
            word_spans=word_spans,
            text=text,
            first_subword=first_subword,
            word_predictions=word_predictions,
            entities=group_entities(words, [loaded.label_names[k] for k in word_predictions]),
        )

    def targets(self, loaded: LoadedModel, result: TokenClassificationResult) -> TargetSpace:
        """Token t's logit for label k; by default the first word tagged as an entity (not 'O'), and its tag."""
        tokens = labelled(result.encoding.tokens)
        names = labelled(result.label_names)
        words = result.first_subword_tokens
        tagged = [t for t in words if result.label_names[result.predicted[t]] != "O"]
        token = int((tagged or list(words) or [0])[0])
        return TargetSpace(
            (Axis("token", tokens, token), Axis("label", names, int(result.predicted[token]))),
            lambda picks: Target(TOKEN, "logits", 0, picks[1], position=picks[0], names=names,
                                 label=f"token {tokens[picks[0]]}: logit {names[picks[1]]}"),
        )

    def distributions(self, loaded: LoadedModel, result: TokenClassificationResult) -> list[Distribution]:
        """One per word, from its first sub-word, keyed by the word's characters (tokenizers split words alike
        or not at all: a word one of them splits differently has another key)."""
        return [Distribution(f"“{result.words[w]}” (characters {start}–{end})", tuple(result.label_names),
                             result.logits[t], result.probabilities[t], "softmax")
                for w, (t, (start, end)) in enumerate(zip(result.first_subword_tokens, result.word_spans))]


tag = TokenClassification()


def _word_spans(word_ids: list[int | None], offsets: list[list[int]]) -> list[tuple[int, int]]:
    spans: dict[int, list[int]] = {}
    for word, (start, end) in zip(word_ids, offsets):
        if word is None:
            continue
        span = spans.setdefault(word, [start, end])
        span[1] = max(span[1], end)
    return [(span[0], span[1]) for _, span in sorted(spans.items())]


def group_entities(words: list[str], tags: list[str]) -> list[Entity]:
    """BIO grouping: B-X starts an entity, I-X continues one of type X; an I-X after
    anything else starts one too (as most taggers read it). O and other tags end it."""
    entities: list[Entity] = []
    current = None
    for index, tag_name in enumerate(tags + ["O"]):
        prefix, _, kind = tag_name.partition("-")
        continues = current is not None and prefix == "I" and kind == current[0]
        if current is not None and not continues:
            label, first = current
            entities.append(Entity(label, first, index - 1, " ".join(words[first:index])))
            current = None
        if prefix in ("B", "I") and kind and not continues:
            current = (kind, index)
    return entities


def parse_gold_tags(result: TokenClassificationResult, text: str) -> list[int]:
    """Gold tags typed as one label name per word, separated by spaces."""
    names = (text or "").split()
    if len(names) != len(result.words):
        raise InputError(
            f"Give one tag per word: the text has {len(result.words)} words "
            f"({' '.join(result.words)}), and {len(names)} tags were given."
        )
    known = {name: k for k, name in enumerate(result.label_names)}
    unknown = sorted({name for name in names if name not in known})
    if unknown:
        raise InputError(f"Unknown tag(s) {', '.join(unknown)}; this head knows {', '.join(result.label_names)}.")
    return [known[name] for name in names]


def token_loss(result: TokenClassificationResult, gold_word_labels: list[int]) -> TokenLoss:
    """Labels as the model's loss sees them: the word's tag on its first sub-word,
    IGNORE_INDEX on special tokens and later sub-words; then the mean cross-entropy."""
    labels = np.full(len(result.word_ids), IGNORE_INDEX, dtype=np.int64)
    for index in np.flatnonzero(result.first_subword):
        word = result.word_ids[index]
        if word is not None:  # a first sub-word always belongs to a word
            labels[index] = gold_word_labels[word]
    per_token = np.full(len(labels), np.nan, dtype=np.float32)
    active = labels != IGNORE_INDEX
    losses = cross_entropy_per_gold(result.logits)
    per_token[active] = losses[active, labels[active]]
    return TokenLoss(labels=labels, per_token=per_token, mean=float(per_token[active].mean()))


def token_table(result: TokenClassificationResult) -> pd.DataFrame:
    return pd.DataFrame({
        "token": result.encoding.tokens,
        "word": [None if w is None else result.words[w] for w in result.word_ids],
        "counts_for_word": result.first_subword,
        "predicted": [result.label_names[k] for k in result.predicted],
        "probability": result.probabilities[np.arange(len(result.predicted)), result.predicted],
    })
