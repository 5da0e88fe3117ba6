"""Why a head gave its target logit: the input prepared as the head prepares it (optionally with one
token edited, for a minimal pair), the target's distribution, the logit lens and an attribution."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from ..errors import InputError
from ..loading import LoadedModel
from ..pipeline import Task
from ..readout import why_not
from ..targets import SPAN, VOCABULARY, Target
from .attribution import DEFAULT_RULE, Attribution, attribute
from .lens import Lens, logit_lens

TOP_OUTCOMES = 10


@dataclass(frozen=True)
class TokenEdit:
    """One token of the target's row replaced: the minimal pair's second input."""

    position: int
    replacement: str  # a vocabulary token, e.g. "good" or "[MASK]"


@dataclass(frozen=True)
class Word:
    text: str
    tokens: tuple[int, ...]  # token positions
    attribution: float  # the sum over its tokens


@dataclass(frozen=True)
class Explanation:
    target: Target
    tokens: list[str]  # the target row's tokens, padding dropped
    special: np.ndarray  # [T] bool: [CLS], [SEP], ...
    words: list[Word] | None  # per-word sums of the attribution (None: no word ids, or no attribution)
    target_logit: float
    target_probability: float | None  # None when the activation is the identity: the logit is the score
    # (name, logit, probability or None): the target's distribution, top first
    outcomes: list[tuple[str, float, float | None]]
    lens: Lens | None
    lens_note: str | None  # why the lens is not drawn, when it is not
    attribution: Attribution | None
    edited: TokenEdit | None

    @property
    def per_token(self) -> np.ndarray | None:
        """The attribution of each shown token (padding dropped)."""
        return None if self.attribution is None else self.attribution.per_token[:len(self.tokens)]


def explain(loaded: LoadedModel, task: Task, inputs: tuple, target: Target, method: str | None = None,
            baseline: str = "pad", steps: int | None = 50, edit: TokenEdit | None = None,
            progress: Callable[[float], None] | None = None, rule: str = DEFAULT_RULE) -> Explanation:
    """The target explained on `inputs` (as `task` reads them), with `edit` applied when given."""
    with loaded.lock:
        prepared = task.preprocess(loaded, *inputs)
        encoding = prepared.encodings[target.row]
        tensors, tokens = prepared.tensors, encoding.tokens
        if edit is not None:
            tensors, tokens = _edited(loaded, tensors, target, encoding, edit)
        note = why_not(loaded.model, target)
        with torch.inference_mode():  # one pass: the target's own distribution, and the lens's hidden states
            outputs = loaded.model(**tensors, output_hidden_states=note is None, return_dict=True)
        own = target.distribution(getattr(outputs, target.output)).float().cpu()
        lens = logit_lens(loaded, target, outputs) if note is None else None
        probabilities = target.probabilities(own)
        attribution = None
        if method is not None:
            attribution = attribute(loaded, tensors, _kept(target, tensors, encoding.special_tokens_mask), target,
                                    method, baseline, steps, rule, progress)
        outcomes = _outcomes(loaded, target, own, probabilities, tokens)
        words = None if attribution is None else _words(loaded, tokens, encoding.words, attribution.per_token)
    return Explanation(
        target=target, tokens=list(tokens), special=encoding.special_tokens_mask.astype(bool), words=words,
        target_logit=float(own[target.index]),
        target_probability=float(probabilities[target.index]) if target.has_probabilities else None,
        outcomes=outcomes, lens=lens, lens_note=note, attribution=attribution, edited=edit,
    )


def named_target(loaded: LoadedModel, target: Target, word: str) -> Target:
    """A fill-in target for a word the user names instead of a ranked token."""
    if target.part != VOCABULARY:
        raise InputError("Only a masked-LM target can name a word.")
    with loaded.lock:
        token_id = single_token_id(loaded, word)
        token = loaded.tokenizer.convert_ids_to_tokens(token_id)
    return target.with_index(token_id, f"logit of '{token}' at the mask (token {target.position})")


def editable_default(loaded: LoadedModel) -> str:
    """What a minimal pair puts in place of a token unless told otherwise: the mask token, else [UNK]."""
    with loaded.lock:
        return loaded.tokenizer.mask_token or loaded.tokenizer.unk_token or ""


def attribution_table(explanation: Explanation) -> pd.DataFrame:
    """One row per token of the target's row: its attribution and the word it belongs to."""
    word_of = {p: w.text for w in explanation.words or [] for p in w.tokens}
    return pd.DataFrame({
        "position": range(len(explanation.tokens)),
        "token": explanation.tokens,
        "special": explanation.special,
        "word": [word_of.get(p, "") for p in range(len(explanation.tokens))],
        "attribution": explanation.per_token,
    })


def lens_table(lens: Lens) -> pd.DataFrame:
    """One row per layer: the target's logit, probability (when it has one) and rank read there (and the top
    tokens)."""
    table = pd.DataFrame({"layer": lens.layers, "logit": lens.logits})
    if lens.probabilities is not None:
        table["probability"] = lens.probabilities
    table["rank"] = lens.ranks
    if lens.top is not None:
        table["top_tokens"] = [", ".join(f"{t} {p:.3f}" for t, p in row) for row in lens.top]
    return table


def _kept(target: Target, tensors: dict, special: np.ndarray) -> torch.Tensor:
    """[T] of the target's row: the tokens the reference input keeps (special tokens and padding)."""
    mask = target.row_of(tensors)["attention_mask"].reshape(-1).cpu()
    kept = mask == 0
    kept[:len(special)] |= torch.tensor(special, dtype=torch.bool)
    return kept


def _edited(loaded: LoadedModel, tensors: dict, target: Target, encoding, edit: TokenEdit) -> tuple[dict, list[str]]:
    """The input with the edit applied, and the target row's tokens after it."""
    if not 0 <= edit.position < len(encoding.tokens) or encoding.special_tokens_mask[edit.position]:
        raise InputError(f"Token {edit.position} cannot be edited: pick a word token of the input "
                         f"(0 to {len(encoding.tokens) - 1}, not [CLS], [SEP] or padding).")
    token_id = single_token_id(loaded, edit.replacement)
    ids = tensors["input_ids"].clone()
    where = (0, target.row, edit.position) if ids.dim() == 3 else (target.row, edit.position)
    ids[where] = token_id
    token = loaded.tokenizer.convert_ids_to_tokens(token_id)
    tokens = [token if i == edit.position else t for i, t in enumerate(encoding.tokens)]
    return {**tensors, "input_ids": ids}, tokens


def single_token_id(loaded: LoadedModel, word: str) -> int:
    """The vocabulary id of a word that is one token as typed (or as the tokenizer splits it)."""
    tokenizer = loaded.tokenizer
    word = (word or "").strip()
    if not word:
        raise InputError("Type the replacement token (a word, or the mask token).")
    if word in tokenizer.all_special_tokens or word in tokenizer.get_vocab():
        return int(tokenizer.convert_tokens_to_ids(word))
    ids = tokenizer(word, add_special_tokens=False)["input_ids"]
    if len(ids) != 1:
        pieces = tokenizer.convert_ids_to_tokens(ids)
        raise InputError(f"'{word}' is {len(ids)} tokens here ({' '.join(pieces)}); type a word that is one token.")
    return int(ids[0])


def _outcomes(loaded: LoadedModel, target: Target, logits: torch.Tensor, probabilities: torch.Tensor,
              tokens: list[str]) -> list[tuple[str, float, float | None]]:
    """The target's distribution, highest logit first; vocabulary and span positions cut to the top."""
    order = torch.argsort(logits, descending=True)
    if target.part in (VOCABULARY, SPAN):
        order = order[:TOP_OUTCOMES]
    if target.part == VOCABULARY:
        names = loaded.tokenizer.convert_ids_to_tokens(order.tolist())
    elif target.part == SPAN:
        names = [f"{i} {tokens[i]}" if i < len(tokens) else f"{i} [PAD]" for i in order.tolist()]
    else:
        names = [(target.names or ())[i] for i in order.tolist()]
    return [(name, float(logits[i]), float(probabilities[i]) if target.has_probabilities else None)
            for name, i in zip(names, order.tolist())]


def _words(loaded: LoadedModel, tokens: list[str], numbers, per_token: np.ndarray) -> list[Word] | None:
    """Per-word sums: a word split into pieces gets the sum of its pieces' attributions."""
    if numbers is None:
        return None
    groups: dict[int, list[int]] = {}
    for position, number in enumerate(numbers[:len(tokens)]):
        if number is not None:
            groups.setdefault(number, []).append(position)
    return [
        Word(text=loaded.tokenizer.convert_tokens_to_string([tokens[p] for p in positions]).strip(),
             tokens=tuple(positions), attribution=float(np.sum(per_token[positions], dtype=np.float64)))
        for positions in groups.values()
    ]
