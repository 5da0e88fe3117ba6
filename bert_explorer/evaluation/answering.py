"""Evaluate an extractive-QA head on (question, context, answers): exact match and token F1 as SQuAD
defines them (answers normalised: lower case, no punctuation, no articles, single spaces; the best
score over the gold answers)."""

import json
import re
import string
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..loading import LoadedModel
from ..tasks.question_answering import answer
from ..training.data import check_row_count, jsonl_rows, upload_text

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


@dataclass(frozen=True)
class Questions:
    questions: list[str]
    contexts: list[str]
    answers: list[list[str]]  # every acceptable answer of each question

    def __len__(self) -> int:
        return len(self.questions)


@dataclass(frozen=True)
class AnsweringEvaluation:
    data: Questions
    predicted: list[str]  # the best span's text ("" when no valid span exists)
    exact: np.ndarray  # [N] 1.0 or 0.0
    f1: np.ndarray  # [N]

    @property
    def exact_match(self) -> float:
        return float(self.exact.mean())

    @property
    def mean_f1(self) -> float:
        return float(self.f1.mean())

    def hardest(self, count: int = 10) -> np.ndarray:
        """Up to `count` questions not answered exactly (F1 below 1), lowest F1 first."""
        order = np.argsort(self.f1, kind="stable")
        return order[self.f1[order] < 1][:count]


def normalize_answer(text: str) -> str:
    text = text.lower().translate(_PUNCTUATION)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, answers: list[str]) -> float:
    return float(max(normalize_answer(prediction) == normalize_answer(gold) for gold in answers))


def token_f1(prediction: str, answers: list[str]) -> float:
    return max(_f1(normalize_answer(prediction).split(), normalize_answer(gold).split()) for gold in answers)


def _f1(predicted: list[str], gold: list[str]) -> float:
    if not predicted or not gold:
        return float(predicted == gold)
    shared = sum((Counter(predicted) & Counter(gold)).values())
    if shared == 0:
        return 0.0
    precision, recall = shared / len(predicted), shared / len(gold)
    return 2 * precision * recall / (precision + recall)


def read_questions(data: bytes, filename: str) -> Questions:
    """JSONL lines {"question", "context", "answers": [...]} (or "answer": "..."), or a SQuAD-style JSON file
    ({"data": [{"paragraphs": [{"context", "qas": [{"question", "answers": [{"text"}]}]}]}]}). Only parsed."""
    text = upload_text(data)
    if not filename.lower().endswith((".jsonl", ".json")):
        raise InputError("Upload a .jsonl file, or a SQuAD-style .json file.")
    rows = _squad_rows(text) if text.lstrip().startswith("{\"data\"") else jsonl_rows(text)
    check_row_count(len(rows))
    questions, contexts, answers = [], [], []
    for number, row in enumerate(rows, start=1):
        golds = row.get("answers", [row["answer"]] if "answer" in row else None)
        golds = [g.get("text") if isinstance(g, dict) else g for g in golds] if isinstance(golds, list) else None
        fields = (row.get("question"), row.get("context"))
        if not all(isinstance(f, str) and f.strip() for f in fields) or not golds or not all(
                isinstance(g, str) and g.strip() for g in golds):
            raise InputError(f"Row {number}: it needs a question, a context and at least one answer, all text.")
        questions.append(str(fields[0]))
        contexts.append(str(fields[1]))
        answers.append(golds)
    return Questions(questions, contexts, answers)


def _squad_rows(text: str) -> list[dict]:
    try:
        document = json.loads(text)
        return [{"question": qa["question"], "context": paragraph["context"], "answers": qa["answers"]}
                for article in document["data"] for paragraph in article["paragraphs"] for qa in paragraph["qas"]]
    except json.JSONDecodeError as error:
        raise InputError(f"The file is not valid JSON: {error.msg} (line {error.lineno}).") from None
    except RecursionError:
        raise InputError("The file's JSON is nested too deeply to read.") from None
    except (KeyError, TypeError):
        raise InputError("The file does not have SQuAD's shape: data → paragraphs → context and qas → question and "
                         "answers.") from None


def evaluate_reader(loaded: LoadedModel, data: Questions,
                    progress: Callable[[int, int], None] | None = None) -> AnsweringEvaluation:
    """Each question through the QA page's own pipeline (windows, best valid span), then EM and F1."""
    predicted = []
    for i, (question, context) in enumerate(zip(data.questions, data.contexts)):
        best = answer(loaded, question, context).best
        predicted.append(best.text if best is not None else "")
        if progress is not None:
            progress(i + 1, len(data))
    return AnsweringEvaluation(
        data=data, predicted=predicted,
        exact=np.array([exact_match(p, golds) for p, golds in zip(predicted, data.answers)]),
        f1=np.array([token_f1(p, golds) for p, golds in zip(predicted, data.answers)]),
    )
