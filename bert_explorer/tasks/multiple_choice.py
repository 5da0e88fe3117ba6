"""Multiple choice: one score per (prompt, choice) pair, softmax across the choices."""

from dataclasses import dataclass

import pandas as pd

from ..compare import Distribution
from ..encoding import clean_text, encoding_row, model_inputs, truncation_notice
from ..errors import InputError
from ..forward import ForwardPass
from ..head_path import HeadPath, LogitsByHand, PoolerComparison, explain_pooled, path_of
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..scores import Scores, cross_entropy_per_gold, softmax
from ..targets import CHOICE, Axis, Target, TargetSpace, labelled

MIN_CHOICES, MAX_CHOICES = 2, 8


@dataclass(frozen=True)
class Choice:
    """One (prompt, choice) pair; its tokens and attention are `result.encodings[k]` and `result.attentions[k]`."""

    text: str
    by_hand: LogitsByHand  # this choice's score from the classifier's weights
    pooler: PoolerComparison


@dataclass(frozen=True, kw_only=True)
class MultipleChoiceOutputs(Scores):
    """Scores: one per choice, the softmax across the choices, cross-entropy if choice k were right."""

    prompt: str
    choices: list[Choice]
    input_shape: tuple[int, int, int]  # [batch, num_choices, seq] as the head receives it


@dataclass(frozen=True, kw_only=True)
class MultipleChoiceResult(HeadResult, MultipleChoiceOutputs):
    """MultipleChoiceOutputs, with the fields every head's result has (filled in by the pipeline)."""


@dataclass(frozen=True)
class ChoicesRead:
    """What postprocess needs besides the forward pass: the texts as read, the input's shape, the head's path."""

    prompt: str
    choices: tuple[str, ...]
    input_shape: tuple[int, int, int]  # [batch, choices, tokens]
    path: HeadPath


class MultipleChoice(Task):
    head = "multiple_choice"
    result_type = MultipleChoiceResult
    guessable = True

    def preprocess(self, loaded: LoadedModel, prompt: str, choices: list[str] | tuple[str, ...]) -> Prepared:
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
        full_lengths = [len(tokenizer(prompt, c, truncation=False)["input_ids"]) for c in cleaned]
        notices += truncation_notice(max(full_lengths), limit)
        batch = tokenizer(
            [prompt] * len(cleaned), cleaned, padding=True, truncation=True, max_length=limit,
            return_tensors="pt", return_special_tokens_mask=True,
        )
        encodings = tuple(
            encoding_row(loaded, batch, k, full_lengths[k], notices if k == 0 else [])
            .trimmed(int(batch["attention_mask"][k].sum()))
            for k in range(len(cleaned))
        )
        tensors = {name: t.unsqueeze(0) for name, t in model_inputs(loaded, batch).items()}
        path = path_of(loaded.model)
        choices_count, tokens = batch["input_ids"].shape
        extra = ChoicesRead(prompt, tuple(cleaned), (1, int(choices_count), int(tokens)), path)
        return Prepared(tensors, encodings, extra=extra, capture=path.classifier)

    def postprocess(self, loaded: LoadedModel, prepared: "Prepared[ChoicesRead]",
                    forward: ForwardPass) -> MultipleChoiceOutputs:
        read = prepared.extra
        prompt, cleaned, input_shape, path = read.prompt, read.choices, read.input_shape, read.path
        logits = forward.output("logits")[0]
        choices = []
        for k, text in enumerate(cleaned):
            by_hand, pooler = explain_pooled(loaded.model, path, forward, k, logits[k:k + 1])
            choices.append(Choice(text=text, by_hand=by_hand, pooler=pooler))
        return MultipleChoiceOutputs(
            prompt=prompt,
            choices=choices,
            input_shape=input_shape,
            logits=logits,
            probabilities=softmax(logits),
            loss_per_gold=cross_entropy_per_gold(logits),
        )

    def targets(self, loaded: LoadedModel, result: MultipleChoiceResult) -> TargetSpace:
        options = labelled([choice.text for choice in result.choices])
        return TargetSpace((Axis("choice", options, result.predicted),), lambda picks: Target(
            CHOICE, "logits", picks[0], picks[0], label=f"score of choice {options[picks[0]]}", names=options))

    def distributions(self, loaded: LoadedModel, result: MultipleChoiceResult) -> list[Distribution]:
        return [Distribution("the choices", tuple(c.text for c in result.choices), result.logits,
                             result.probabilities, "softmax")]


choose = MultipleChoice()


def choices_table(result: MultipleChoiceResult) -> pd.DataFrame:
    return pd.DataFrame({
        "choice": range(1, len(result.choices) + 1),
        "text": [c.text for c in result.choices],
        "score": result.logits,
        "softmax_across_choices": result.probabilities,
        "cross_entropy_if_gold": result.loss_per_gold,
    })
