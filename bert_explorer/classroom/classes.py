"""The rules of a class over any store: short codes, the presenter's secret token, one answer per student per
question (the last one counts until the reveal, none after), bounds with clear messages, and the pulse: the
class's distribution beside the model's once revealed."""

import csv
import hashlib
import hmac
import io
import json
import secrets
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..guessing import MAX_LISTED
from .store import ClassStore

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: a code is read off a projector
CODE_LENGTH = 6  # 24⁶ ≈ 191 million codes
TTL_S = 24 * 3600
MAX_CLASSES, MAX_STUDENTS, MAX_QUESTIONS = 100, 300, 50
MAX_OUTCOMES, MAX_OUTCOME_CHARS = 50, 40
NO_CLASS = "No class has this code (or it has ended): check the code with your lecturer."


@dataclass(frozen=True)
class Question:
    """What the class is asked: a head's input, the answers a student may pick (`outcomes`; empty: a typed word,
    as at a mask), an optional gold answer and the lecturer's prompt."""
    head: str
    inputs: dict[str, str]
    outcomes: tuple[str, ...]
    prompt: str
    gold: str | None = None

    def to_json(self) -> str:
        return json.dumps({"head": self.head, "inputs": self.inputs, "outcomes": list(self.outcomes),
                           "prompt": self.prompt, "gold": self.gold})

    @staticmethod
    def from_json(text: str) -> "Question":
        data = json.loads(text)
        return Question(data["head"], dict(data["inputs"]), tuple(data["outcomes"]), data["prompt"], data.get("gold"))


@dataclass(frozen=True)
class Revealed:
    """The model's side of a revealed question: its probability for each outcome and its answer."""
    probabilities: dict[str, float]
    predicted: str

    def to_json(self) -> str:
        return json.dumps({"probabilities": self.probabilities, "predicted": self.predicted})

    @staticmethod
    def from_json(text: str) -> "Revealed":
        data = json.loads(text)
        return Revealed(dict(data["probabilities"]), data["predicted"])


@dataclass(frozen=True)
class Pulse:
    """Where the class stands on its current question."""
    code: str
    version: int
    question_id: int
    question: Question | None
    joined: int
    counts: dict[str, int]  # the class's answers, every outcome listed (0 where nobody picked it)
    revealed: Revealed | None

    @property
    def answered(self) -> int:
        return sum(self.counts.values())

    def share(self, outcome: str | None) -> float | None:
        """The share of the answers that were `outcome` (None before any answer, or for no outcome)."""
        if outcome is None or not self.answered:
            return None
        return self.counts.get(outcome, 0) / self.answered


def model_side(outcomes: tuple[str, ...], probabilities: np.ndarray, typed: tuple[str, ...] = (),
               top: int = 10) -> Revealed:
    """The model's side of a question from its distribution over `outcomes`: every outcome of a short list; of a
    vocabulary, its `top` most probable and every word the class typed that is one of its outcomes."""
    probabilities = np.asarray(probabilities, dtype=float)
    order = [int(i) for i in np.argsort(-probabilities, kind="stable")]
    if len(outcomes) > MAX_LISTED:
        index = {name.lower(): i for i, name in reversed(list(enumerate(outcomes)))}
        order = list(dict.fromkeys([*order[:top], *(index[word] for word in typed if word in index)]))
    return Revealed({outcomes[i]: float(probabilities[i]) for i in order}, outcomes[int(np.argmax(probabilities))])


def matched_gold(gold: str, outcomes: tuple[str, ...]) -> str:
    """A lesson plan's gold as the class's answers are counted: one of the listed outcomes (case aside), or a typed
    word normalised. InputError when a listed question has no such outcome."""
    if not outcomes:
        return normalised(gold)
    found = [name for name in outcomes if name.strip().lower() == gold.strip().lower()]
    if not found:
        raise InputError(f"The plan's gold “{gold}” is not one of this question's answers: {', '.join(outcomes)}.")
    return found[0]


def normalised(outcome: str) -> str:
    """A typed answer as it is counted: trimmed and lower-cased (BERT's uncased vocabularies do the same)."""
    return " ".join(outcome.split()).lower()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Classes:
    def __init__(self, store: ClassStore):
        self.store = store

    def start(self) -> tuple[str, str]:
        """A new class: its code (for students) and the presenter's token (for the presenter link only)."""
        token = secrets.token_urlsafe(24)
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if self.store.create(code, token_hash(token), TTL_S, MAX_CLASSES):
                return code, token
        raise InputError("Could not find a free class code: try again.")

    @staticmethod
    def clean_code(code: str) -> str:
        return "".join(code.split()).upper()

    def is_presenter(self, code: str, token: str | None) -> bool:
        kept = self.store.token_hash(self.clean_code(code))
        return token is not None and kept is not None and hmac.compare_digest(kept, token_hash(token))

    def _presenter(self, code: str, token: str | None) -> str:
        code = self.clean_code(code)
        if self.store.token_hash(code) is None:
            raise InputError(NO_CLASS)
        if not self.is_presenter(code, token):
            raise InputError("Only the presenter link can change the question or reveal the answer.")
        return code

    def join(self, code: str, student: str) -> str:
        """Join a class; its cleaned code. Raises InputError for no such class or a full one."""
        code = self.clean_code(code)
        if not self.store.join(code, student, MAX_STUDENTS):
            raise InputError(NO_CLASS)
        return code

    def ask(self, code: str, token: str | None, question: Question) -> int:
        code = self._presenter(code, token)
        if len(question.outcomes) > MAX_OUTCOMES:
            raise InputError(f"A question offers at most {MAX_OUTCOMES} answers to pick from.")
        asked = self.store.ask(code, question.to_json(), MAX_QUESTIONS)
        if asked is None:
            raise InputError(NO_CLASS)
        return asked

    def answer(self, code: str, student: str, question_id: int, outcome: str) -> bool:
        """Record a student's answer (theirs replaced until the reveal). False: the question has moved on or is
        revealed, so nothing was recorded. Raises InputError for an answer that is not one of the question's."""
        code = self.clean_code(code)
        state = self.store.state(code)
        if state is None:
            raise InputError(NO_CLASS)
        if state.question_id != question_id:
            return False
        question = Question.from_json(state.question)
        if question.outcomes:
            if outcome not in question.outcomes:
                raise InputError("Pick one of the answers offered.")
        else:
            outcome = normalised(outcome)
            if not outcome or len(outcome) > MAX_OUTCOME_CHARS:
                raise InputError(f"Type one word (at most {MAX_OUTCOME_CHARS} characters).")
        return self.store.answer(code, question_id, student, outcome)

    def reveal(self, code: str, token: str | None, question_id: int, revealed: Revealed) -> bool:
        """Close the question and show the model's side to the class. False: it is not current or already
        revealed."""
        code = self._presenter(code, token)
        state = self.store.state(code)
        if state is None or state.question_id != question_id:
            return False
        record = json.dumps({"question_id": question_id, "question": state.question,
                             "probabilities": revealed.probabilities, "predicted": revealed.predicted})
        return self.store.reveal(code, question_id, record)

    def pulse(self, code: str) -> Pulse:
        """The class's current question, its counts and (once revealed) the model's side. Anyone in the class may
        see it: it holds only totals."""
        code = self.clean_code(code)
        state = self.store.state(code)
        if state is None:
            raise InputError(NO_CLASS)
        question = Question.from_json(state.question) if state.question else None
        counted = self.store.counts(code, state.question_id) if question else {}
        counts = {**dict.fromkeys(question.outcomes, 0), **counted} if question else {}
        revealed = None
        if state.revealed:
            revealed = Revealed.from_json(self.store.records(code)[-1])
        return Pulse(code, state.version, state.question_id, question, state.students, counts, revealed)

    def version(self, code: str) -> int | None:
        return self.store.version(self.clean_code(code))

    def export_csv(self, code: str, token: str | None) -> str:
        """Every revealed question of the class: per outcome, the class's count and the model's probability. No
        student ids."""
        code = self._presenter(code, token)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["question", "head", "prompt", "outcome", "students", "share", "model probability",
                         "model's answer", "gold"])
        for record in self.store.records(code):
            data = json.loads(record)
            number, question, revealed = data["question_id"], Question.from_json(data["question"]), \
                Revealed.from_json(record)
            counts = self.store.counts(code, number)  # closed at the reveal: no answer lands after it
            total = sum(counts.values())
            for outcome in dict.fromkeys([*question.outcomes, *counts]):
                writer.writerow([number, question.head, question.prompt, outcome, counts.get(outcome, 0),
                                 f"{counts.get(outcome, 0) / total:.4f}" if total else "",
                                 f"{revealed.probabilities.get(outcome, float('nan')):.6g}",
                                 outcome == revealed.predicted, outcome == question.gold])
        return out.getvalue()
