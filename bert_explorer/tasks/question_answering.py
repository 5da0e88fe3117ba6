"""Extractive question answering: a start and an end logit for every token."""

import re
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..compare import Distribution
from ..encoding import clean_text, encoding_row, model_inputs
from ..errors import InputError
from ..forward import ForwardPass
from ..heads.question_answering import MAX_ANSWER_TOKENS
from ..loading import LoadedModel
from ..pipeline import HeadResult, Prepared, Task
from ..scores import cross_entropy_per_gold, softmax
from ..targets import SPAN, Axis, Target, TargetSpace, labelled

WINDOW_STRIDE = 32  # tokens shared by consecutive windows of a long context
MAX_WINDOWS = 8  # each window keeps its attention maps: bound the memory one question takes
TOP_SPANS = 5
WORDS = re.compile(r"\w+|[^\w\s]")  # context words for comparing checkpoints: letters and digits, or one mark


@dataclass(frozen=True)
class Span:
    window: int
    start: int  # token index in its window
    end: int  # inclusive
    score: float  # start_logit + end_logit
    char_start: int
    char_end: int
    text: str
    start_logit: float
    end_logit: float
    # P(start = s) × P(end = e): the product of the two softmaxes over the window, as the loss sees them
    probability: float

    @property
    def length(self) -> int:
        """Tokens in the span: the score never counts them, only its two ends."""
        return self.end - self.start + 1


@dataclass(frozen=True)
class Window:
    """One window of the context as the model read it; its tokens are `result.encodings[w]`."""

    start_logits: np.ndarray  # [T]
    end_logits: np.ndarray  # [T]
    start_probabilities: np.ndarray  # [T], softmax over every position, as the loss sees them
    end_probabilities: np.ndarray  # [T]
    context_mask: np.ndarray  # [T] bool: tokens of the context
    offsets: list[tuple[int, int]]  # character span of each token in the context
    span_scores: np.ndarray  # [T, T]: start + end logit where (start, end) is a valid span, nan elsewhere
    no_answer_score: float  # start_logit[CLS] + end_logit[CLS]

    @property
    def context_tokens(self) -> np.ndarray:
        """Token indices of the context."""
        return np.flatnonzero(self.context_mask)

    @property
    def context_span_scores(self) -> np.ndarray:
        """The span-score map restricted to context tokens (start × end)."""
        inside = self.context_tokens
        return self.span_scores[np.ix_(inside, inside)]


@dataclass(frozen=True, kw_only=True)
class QuestionAnsweringOutputs:
    NULL_MEANS: ClassVar[str] = (f"null in span_scores = span not allowed (end before start, outside the context, "
                                 f"or longer than {MAX_ANSWER_TOKENS} tokens)")

    question: str
    context: str
    windows: list[Window]
    best: Span | None  # None when no valid span exists
    top_spans: list[Span]


@dataclass(frozen=True, kw_only=True)
class QuestionAnsweringResult(HeadResult, QuestionAnsweringOutputs):
    """QuestionAnsweringOutputs, with the fields every head's result has (filled in by the pipeline)."""


@dataclass(frozen=True)
class SpanLoss:
    window: int
    start: int  # gold start token
    end: int  # gold end token
    start_loss: float
    end_loss: float

    @property
    def total(self) -> float:
        """The model's own QA loss: the mean of the start and end cross-entropies."""
        return (self.start_loss + self.end_loss) / 2


@dataclass(frozen=True)
class WindowsRead:
    """What postprocess needs besides the forward pass: the texts as read, and each window's token offsets in
    the context and which of its tokens are the context's."""

    question: str
    context: str
    windows: list[tuple[list[tuple[int, int]], np.ndarray]]


class QuestionAnswering(Task):
    head = "question_answering"
    result_type = QuestionAnsweringResult

    def preprocess(self, loaded: LoadedModel, question: str, context: str) -> Prepared:
        question, notices = clean_text(question, "question")
        context, context_notices = clean_text(context, "context")
        notices += context_notices
        tokenizer = loaded.tokenizer
        limit = loaded.max_length
        question_length = len(tokenizer(question, add_special_tokens=False)["input_ids"])
        if question_length > limit // 2:
            raise InputError(f"The question is {question_length} tokens long; keep it under {limit // 2}.")
        batch = tokenizer(
            question, context, truncation="only_second", max_length=limit, stride=min(WINDOW_STRIDE, limit // 4),
            return_overflowing_tokens=True, return_offsets_mapping=True, padding=True,
            return_special_tokens_mask=True, return_tensors="pt",
        )
        offsets_all = batch.pop("offset_mapping").tolist()
        sequence_ids = [batch.sequence_ids(i) for i in range(len(offsets_all))]
        batch.pop("overflow_to_sample_mapping", None)
        encoded = batch  # keeps the tokenizer's word ids, which a plain dict of tensors drops
        if len(offsets_all) > 1:
            notices.append(f"The context is longer than the model reads at once: it was cut into "
                           f"{len(offsets_all)} overlapping windows.")
        if len(offsets_all) > MAX_WINDOWS:
            notices.append(f"Only the first {MAX_WINDOWS} windows are read; shorten the context to search all of it.")
            offsets_all, sequence_ids = offsets_all[:MAX_WINDOWS], sequence_ids[:MAX_WINDOWS]
            batch = {name: t[:MAX_WINDOWS] for name, t in batch.items()}
        lengths = [int(batch["attention_mask"][w].sum()) for w in range(len(offsets_all))]
        encodings = tuple(encoding_row(loaded, encoded, w, real, notices).trimmed(real)
                          for w, real in enumerate(lengths))
        windows = [([tuple(o) for o in offsets[:real]], np.array([i == 1 for i in ids[:real]], dtype=bool))
                   for offsets, ids, real in zip(offsets_all, sequence_ids, lengths)]
        return Prepared(model_inputs(loaded, batch), encodings, extra=WindowsRead(question, context, windows))

    def postprocess(self, loaded: LoadedModel, prepared: "Prepared[WindowsRead]",
                    forward: ForwardPass) -> QuestionAnsweringOutputs:
        question, context, layout = prepared.extra.question, prepared.extra.context, prepared.extra.windows
        starts, ends = forward.output("start_logits"), forward.output("end_logits")
        windows, candidates = [], []
        for w, (offsets, context_mask) in enumerate(layout):
            real = len(offsets)
            start_logits, end_logits = starts[w, :real], ends[w, :real]
            scores = span_scores(start_logits, end_logits, context_mask)
            windows.append(Window(
                start_logits=start_logits,
                end_logits=end_logits,
                start_probabilities=softmax(start_logits),
                end_probabilities=softmax(end_logits),
                context_mask=context_mask,
                offsets=offsets,
                span_scores=scores,
                no_answer_score=float(start_logits[0] + end_logits[0]),
            ))
            for s, e in zip(*np.nonzero(~np.isnan(scores))):
                candidates.append((float(scores[s, e]), w, int(s), int(e)))
        candidates.sort(key=lambda c: -c[0])
        top = [_span(context, windows, score, w, s, e) for score, w, s, e in candidates[:TOP_SPANS]]
        return QuestionAnsweringOutputs(question=question, context=context, windows=windows,
                                        best=top[0] if top else None, top_spans=top)

    def targets(self, loaded: LoadedModel, result: QuestionAnsweringResult) -> TargetSpace:
        """The start or end logit at position i of a window; by default the best span's start."""
        best = result.best
        window = best.window if best is not None else 0
        tokens = labelled(result.encodings[window].tokens)
        return TargetSpace(
            (Axis("logit", ("start", "end"), 0), Axis("position", tokens, best.start if best else 0)),
            lambda picks: Target(SPAN, ("start_logits", "end_logits")[picks[0]], window, picks[1],
                                 label=f"{('start', 'end')[picks[0]]} logit at {tokens[picks[1]]}"
                                       f" (window {window + 1})"),
        )


    def distributions(self, loaded: LoadedModel, result: QuestionAnsweringResult) -> list[Distribution]:
        """The start and the end logit of each context word (its first and its last token) in the window of
        the best span: words, unlike tokens, are the same for every tokenizer. A word is a run of letters and
        digits, and each punctuation mark is a word of its own, so an answer followed by a comma ends at its
        last letter, as the model's spans do. Probabilities stay the model's own softmax over every position
        of the window."""
        w = result.best.window if result.best is not None else 0
        window = result.windows[w]
        inside = window.context_tokens
        names, firsts, lasts = [], [], []
        for word in WORDS.finditer(result.context):
            tokens = [t for t in inside if word.start() <= window.offsets[t][0] < word.end()]
            if tokens:
                names.append(f"{word.group()} @{word.start()}")
                firsts.append(tokens[0])
                lasts.append(tokens[-1])
        return [Distribution(f"answer {side}, per context word", tuple(names), logits[rows], probabilities[rows],
                             "softmax")
                for side, logits, probabilities, rows in (
                    ("start", window.start_logits, window.start_probabilities, firsts),
                    ("end", window.end_logits, window.end_probabilities, lasts))]


answer = QuestionAnswering()


def span_scores(start_logits: np.ndarray, end_logits: np.ndarray, context_mask: np.ndarray,
                max_answer_tokens: int = MAX_ANSWER_TOKENS) -> np.ndarray:
    """start_logit[s] + end_logit[e] for valid spans: s ≤ e, at most `max_answer_tokens`
    long, both in the context; nan elsewhere."""
    scores = start_logits[:, None] + end_logits[None, :]
    n = len(start_logits)
    s, e = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    valid = (s <= e) & (e - s < max_answer_tokens) & context_mask[:, None] & context_mask[None, :]
    return np.where(valid, scores, np.nan).astype(np.float32)


def _span(context: str, windows: list[Window], score: float, w: int, s: int, e: int) -> Span:
    window = windows[w]
    char_start, char_end = window.offsets[s][0], window.offsets[e][1]
    return Span(w, s, e, score, char_start, char_end, context[char_start:char_end],
                start_logit=float(window.start_logits[s]), end_logit=float(window.end_logits[e]),
                probability=float(window.start_probabilities[s] * window.end_probabilities[e]))


def gold_span_loss(result: QuestionAnsweringResult, gold_answer: str) -> SpanLoss:
    """Find the gold answer's first occurrence in the context and score it as the
    model's loss does, in the first window that holds it whole."""
    gold_answer = (gold_answer or "").strip()
    if not gold_answer:
        raise InputError("Type the gold answer, exactly as it appears in the context.")
    char_start = result.context.find(gold_answer)
    if char_start < 0:
        raise InputError("The gold answer does not appear in the context: copy it from there exactly.")
    char_end = char_start + len(gold_answer)
    for w, window in enumerate(result.windows):
        inside = [i for i, (a, b) in enumerate(window.offsets)
                  if window.context_mask[i] and b > char_start and a < char_end]
        if inside and window.offsets[inside[0]][0] <= char_start and window.offsets[inside[-1]][1] >= char_end:
            return span_loss(result, w, inside[0], inside[-1])
    raise InputError("The gold answer does not fit whole in any window the model read.")


def span_loss(result: QuestionAnsweringResult, window: int, start: int, end: int) -> SpanLoss:
    """The QA loss with tokens start..end of a window as the gold span."""
    logits = result.windows[window]
    return SpanLoss(
        window=window, start=start, end=end,
        start_loss=float(cross_entropy_per_gold(logits.start_logits)[start]),
        end_loss=float(cross_entropy_per_gold(logits.end_logits)[end]),
    )


def shortest_runner_up(result: QuestionAnsweringResult) -> Span | None:
    """The shortest of the top spans that is shorter than the best one (the first of equals), if any: what a
    reader may have expected, and why it lost."""
    best = result.best
    shorter = [s for s in result.top_spans[1:] if best is not None and s.length < best.length]
    return min(shorter, key=lambda s: s.length) if shorter else None


def spans_table(result: QuestionAnsweringResult) -> pd.DataFrame:
    return pd.DataFrame([
        {"rank": i + 1, "answer": s.text, "score": s.score, "start_logit": s.start_logit, "end_logit": s.end_logit,
         "P(start) × P(end)": s.probability, "tokens": s.length, "window": s.window + 1,
         "start_token": s.start, "end_token": s.end, "char_start": s.char_start, "char_end": s.char_end}
        for i, s in enumerate(result.top_spans)
    ])
