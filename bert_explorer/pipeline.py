"""The one contract every head goes through: preprocess → forward → postprocess.

As in transformers' pipelines, a task only says how its inputs become tensors (`preprocess`)
and how the model's outputs become its numbers (`postprocess`). Running it is written once,
here: the checkpoint's lock is held throughout (the shared tokenizer and model are not safe
to use from two threads at once), the stages are timed, and the fields every result has
(encodings, attention, timings, device, dtype) are filled in.
"""

import dataclasses
import time
from dataclasses import dataclass
from typing import Generic, TypeVar

from .attention import AttentionMaps, summarise
from .compare import Distribution
from .encoding import Encoding
from .forward import ForwardPass, run_forward
from .loading import LoadedModel
from .targets import TargetSpace

Extra = TypeVar("Extra")


@dataclass(frozen=True)
class Prepared(Generic[Extra]):
    """What `preprocess` hands on: the model's tensors, the plain view of each row they hold,
    and anything else `postprocess` needs (`extra`, of the task's own type)."""

    tensors: dict
    encodings: tuple[Encoding, ...]  # one per row the model reads (a QA window, an MC choice), padding dropped
    extra: Extra = None  # type: ignore[assignment]  # a task without extra leaves it None
    capture: str | None = None  # a module whose input the forward pass keeps (the head's classifier)


@dataclass(frozen=True, kw_only=True)
class HeadResult:
    """The fields every head's result has; the contract fills them, never the task."""

    encodings: tuple[Encoding, ...]
    attentions: tuple[AttentionMaps, ...]  # per row, cut to its real tokens
    timings_ms: dict[str, float]  # tokenise, forward, derive
    device: str
    dtype: str

    @property
    def encoding(self) -> Encoding:
        return self.encodings[0]

    @property
    def attention(self) -> AttentionMaps:
        return self.attentions[0]


class Task:
    """A head's own steps. Subclasses set `head` and `result_type` and write the two methods."""

    head: str
    result_type: type
    guessable = False  # whether its result is one answer a student can guess first (see `question`)

    def preprocess(self, loaded: LoadedModel, *inputs) -> Prepared:
        raise NotImplementedError

    def postprocess(self, loaded: LoadedModel, prepared: Prepared, forward: ForwardPass):
        """The head's own outputs: a dataclass whose fields, with HeadResult's, make `result_type`."""
        raise NotImplementedError

    def targets(self, loaded: LoadedModel, result) -> TargetSpace:
        """The logits of `result` a "why" view can explain, as axes to pick from."""
        raise NotImplementedError

    def distributions(self, loaded: LoadedModel, result) -> list[Distribution]:
        """The result as distributions keyed by what they are about, to set against another checkpoint's."""
        raise NotImplementedError

    def question(self, loaded: LoadedModel, result) -> Distribution | None:
        """What a student guesses before the reveal (predict-then-reveal): the result's first distribution
        when it is one answer picked by a softmax; None for heads whose result is many answers (a tag per
        word, a span)."""
        if not self.guessable:
            return None
        first = next(iter(self.distributions(loaded, result)), None)
        return first if first is not None and first.activation == "softmax" and len(first.outcomes) > 1 else None

    def __call__(self, loaded: LoadedModel, *inputs):
        return run(self, loaded, *inputs)


def run(task: Task, loaded: LoadedModel, *inputs):
    """Run one head on one input, under the checkpoint's lock, timing each stage."""
    with loaded.lock:
        started = time.perf_counter()
        prepared = task.preprocess(loaded, *inputs)
        tokenised = time.perf_counter()
        forward = run_forward(loaded, prepared.tensors, prepared.capture)
        outputs = task.postprocess(loaded, prepared, forward)
        attentions = tuple(
            summarise(forward.attention_of(row, len(encoding.tokens)), encoding.special_tokens_mask)
            for row, encoding in enumerate(prepared.encodings)
        )
    timings = {
        "tokenise": (tokenised - started) * 1000,
        "forward": forward.seconds * 1000,
        "derive": (time.perf_counter() - tokenised - forward.seconds) * 1000,
    }
    return task.result_type(
        **fields_of(outputs), encodings=prepared.encodings, attentions=attentions, timings_ms=timings,
        device=loaded.device, dtype=loaded.dtype,
    )


def fields_of(value) -> dict:
    """A dataclass's fields as a dict, one level deep (nested results stay objects)."""
    return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
