"""Multiple choice: one score per (prompt, choice) pair, softmax across the choices."""

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..attention import AttentionMaps, summarise
from ..classifier_path import HandComputation, sequence_logits_by_hand
from ..encoding import Encoding, clean_text, encoding_row, model_inputs, truncation_notice
from ..errors import InputError
from ..forward import run_forward, stage_timings
from ..loading import LoadedModel
from ..pooler import PoolerComparison, compare_pooler
from ..scores import cross_entropy_per_gold, softmax

MIN_CHOICES, MAX_CHOICES = 2, 8


@dataclass(frozen=True)
class Choice:
    text: str
    encoding: Encoding  # without padding
    by_hand: HandComputation  # this choice's score from the classifier's weights
    pooler: PoolerComparison
    attention: AttentionMaps


@dataclass(frozen=True)
class MultipleChoiceResult:
    prompt: str
    choices: list[Choice]
    input_shape: tuple[int, int, int]  # [batch, num_choices, seq] as the head receives it
    logits: np.ndarray  # [num_choices]: one score per choice
    probabilities: np.ndarray  # [num_choices]: softmax across the choices
    loss_per_gold: np.ndarray  # [num_choices]: cross-entropy if choice k were right
    notices: tuple[str, ...]
    timings_ms: dict[str, float]
    device: str
    dtype: str

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.logits))


def choose(loaded: LoadedModel, prompt: str, choices: list[str] | tuple[str, ...]) -> MultipleChoiceResult:
    prompt, notices = clean_text(prompt, "prompt")
    choices = [c for c in (choice.strip() for choice in choices) if c]
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise InputError(f"Give between {MIN_CHOICES} and {MAX_CHOICES} non-empty choices ({len(choices)} given).")
    cleaned = []
    for k, choice in enumerate(choices):
        text, choice_notices = clean_text(choice, f"choice {k + 1}")
        cleaned.append(text)
        notices += choice_notices
    if len(set(cleaned)) < len(cleaned):
        notices.append("Some choices are identical: they get identical scores.")
    tokenizer = loaded.tokenizer
    limit = loaded.max_length
    with loaded.lock:
        started = time.perf_counter()
        full_lengths = [len(tokenizer(prompt, c, truncation=False)["input_ids"]) for c in cleaned]
        notices += truncation_notice(max(full_lengths), limit)
        batch = tokenizer(
            [prompt] * len(cleaned), cleaned, padding=True, truncation=True, max_length=limit,
            return_tensors="pt", return_special_tokens_mask=True,
        )
        inputs = {name: t.unsqueeze(0) for name, t in model_inputs(loaded, batch).items()}
        tokenised = time.perf_counter()
        forward = run_forward(loaded, inputs)
    logits = forward.output("logits")[0]
    choice_views = []
    for k, text in enumerate(cleaned):
        real = int(batch["attention_mask"][k].sum())
        encoding = encoding_row(loaded, batch, k, full_lengths[k], []).trimmed(real)
        last_hidden = forward.hidden_states[k, -1]
        pooled = None if forward.pooler_output is None else forward.pooler_output[k]
        choice_views.append(Choice(
            text=text,
            encoding=encoding,
            by_hand=sequence_logits_by_hand(loaded.model, last_hidden, pooled, logits[k:k + 1]),
            pooler=compare_pooler(loaded.model, last_hidden, pooled),
            attention=summarise(forward.attention_of(k, real), encoding.special_tokens_mask),
        ))
    result = MultipleChoiceResult(
        prompt=prompt,
        choices=choice_views,
        input_shape=(1, *tuple(batch["input_ids"].shape)),
        logits=logits,
        probabilities=softmax(logits),
        loss_per_gold=cross_entropy_per_gold(logits),
        notices=tuple(notices),
        timings_ms={},
        device=loaded.device,
        dtype=loaded.dtype,
    )
    result.timings_ms.update(stage_timings(started, tokenised, forward))
    return result


def choices_table(result: MultipleChoiceResult) -> pd.DataFrame:
    return pd.DataFrame({
        "choice": range(1, len(result.choices) + 1),
        "text": [c.text for c in result.choices],
        "score": result.logits,
        "softmax_across_choices": result.probabilities,
        "cross_entropy_if_gold": result.loss_per_gold,
    })
