"""Text to model inputs, with everything a user should know about the trip."""

import inspect
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from .errors import InputError
from .loading import LoadedModel

_KEEP_CONTROLS = {"\n", "\t", "\r"}


@dataclass(frozen=True)
class Encoding:
    tokens: list[str]
    input_ids: np.ndarray  # [T]
    token_type_ids: np.ndarray | None  # [T]; None when the model takes none
    attention_mask: np.ndarray  # [T]
    special_tokens_mask: np.ndarray  # [T], 1 for [CLS], [SEP], ...
    full_length: int  # tokens before truncation
    max_length: int
    notices: tuple[str, ...]
    # [T] the word each token belongs to, numbered across both texts (None: a special token); None for slow tokenizers
    words: tuple[int | None, ...] | None = None

    @property
    def truncated(self) -> bool:
        return self.full_length > len(self.tokens)

    def trimmed(self, length: int) -> "Encoding":
        """The first `length` tokens: drops the padding that batching added."""
        types = None if self.token_type_ids is None else self.token_type_ids[:length]
        return replace(
            self, tokens=self.tokens[:length], input_ids=self.input_ids[:length], token_type_ids=types,
            attention_mask=self.attention_mask[:length], special_tokens_mask=self.special_tokens_mask[:length],
            words=None if self.words is None else self.words[:length],
        )

    @property
    def second_segment_start(self) -> int | None:
        """Index of the first token of text B, if there is a text B."""
        if self.token_type_ids is None or not self.token_type_ids.any():
            return None
        return int(np.argmax(self.token_type_ids))


def clean_text(text: str | None, what: str = "text") -> tuple[str, list[str]]:
    """Drop control characters; refuse text with nothing left to read."""
    text = text or ""
    kept = "".join(c for c in text if c in _KEEP_CONTROLS or unicodedata.category(c) != "Cc")
    notices = []
    if len(kept) != len(text):
        notices.append(f"{len(text) - len(kept)} control character(s) removed from the {what}.")
    if not kept.strip():
        raise InputError(f"The {what} is empty: type some words.")
    return kept, notices


def model_inputs(loaded: LoadedModel, batch) -> dict:
    """The tensors the model's forward takes, on its device.

    A tokenizer may produce inputs its model does not take (token_type_ids for DistilBERT).
    """
    accepted = inspect.signature(loaded.model.forward).parameters
    return {name: t.to(loaded.device) for name, t in batch.items() if name in accepted}


def encoding_row(loaded: LoadedModel, batch, row: int, full_length: int, notices: list[str]) -> Encoding:
    """The plain view of one row of a tokenizer's batch (return_tensors='pt')."""
    ids = batch["input_ids"][row].numpy()
    takes_types = "token_type_ids" in inspect.signature(loaded.model.forward).parameters
    types = batch["token_type_ids"][row].numpy() if takes_types and "token_type_ids" in batch else None
    return Encoding(
        tokens=loaded.tokenizer.convert_ids_to_tokens(ids.tolist()),
        input_ids=ids,
        token_type_ids=types,
        attention_mask=batch["attention_mask"][row].numpy(),
        special_tokens_mask=batch["special_tokens_mask"][row].numpy(),
        full_length=full_length,
        max_length=loaded.max_length,
        notices=tuple(notices),
        words=_word_numbers(batch, row),
    )


def _word_numbers(batch, row: int) -> tuple[int | None, ...] | None:
    """Number the words across both texts of a pair (the tokenizer restarts at 0 for the second)."""
    try:
        word_ids, sequence_ids = batch.word_ids(row), batch.sequence_ids(row)
    except (ValueError, AttributeError):  # a slow tokenizer, or a batch already turned into a dict
        return None
    numbers: list[int | None] = []
    last, count = None, -1
    for word, sequence in zip(word_ids, sequence_ids):
        if word is None:
            numbers.append(None)
            continue
        if (sequence, word) != last:
            count, last = count + 1, (sequence, word)
        numbers.append(count)
    return tuple(numbers)


def truncation_notice(full_length: int, limit: int) -> list[str]:
    if full_length <= limit:
        return []
    return [f"The input has {full_length} tokens; the model reads at most {limit}, so it was truncated to {limit}."]


def encode(loaded: LoadedModel, text: str, text_pair: str | None = None) -> tuple[Encoding, dict]:
    """Tokenise a text (and optional second text) the way the model expects.

    Returns the plain `Encoding` to show and the tensors to feed the model.
    """
    text, notices = clean_text(text, "text")
    if text_pair is not None and text_pair.strip() == "":
        text_pair = None
    if text_pair is not None:
        text_pair, pair_notices = clean_text(text_pair, "second text")
        notices += pair_notices
    tokenizer = loaded.tokenizer
    limit = loaded.max_length
    full_length = len(tokenizer(text, text_pair, truncation=False)["input_ids"])
    batch = tokenizer(
        text, text_pair, truncation=True, max_length=limit, return_tensors="pt", return_special_tokens_mask=True
    )
    notices += truncation_notice(full_length, limit)
    return encoding_row(loaded, batch, 0, full_length, notices), model_inputs(loaded, batch)
