"""What a class store keeps and does. Each operation is one atomic step in the store itself (a SQLite transaction, a
Redis script), so counts stay exact when many students answer at once across processes."""

from dataclasses import dataclass
from typing import Protocol

from ..errors import InputError


class StoreFull(InputError):
    """A bound of the store is reached (classes on this server, students in a class); the message says which."""


@dataclass(frozen=True)
class ClassState:
    code: str
    version: int  # grows whenever the question or its reveal changes: what a student's page polls
    question_id: int  # 0 before the first question
    question: str  # the current question as JSON ("" before the first)
    revealed: bool
    students: int


class ClassStore(Protocol):
    def create(self, code: str, token_hash: str, ttl_s: int, max_classes: int) -> bool:
        """Start a class under `code` (False: the code is taken). Raises StoreFull at `max_classes` live classes."""

    def token_hash(self, code: str) -> str | None:
        """The presenter token's hash, or None for no live class."""

    def state(self, code: str) -> ClassState | None:
        """The class, or None for no live class (never started, or expired)."""

    def version(self, code: str) -> int | None:
        """The class's version alone: the cheap question a waiting page asks."""

    def join(self, code: str, student: str, max_students: int) -> bool:
        """Add a student (again is fine). False: no live class. Raises StoreFull at `max_students`."""

    def ask(self, code: str, question: str, max_questions: int) -> int | None:
        """Make `question` the current one, unrevealed, with no answers; its id (None: no live class). Raises
        StoreFull after `max_questions`."""

    def answer(self, code: str, question_id: int, student: str, outcome: str) -> bool:
        """Record a joined student's answer to the current question, replacing theirs; False (nothing recorded)
        when the question is not current, already revealed, or the student has not joined."""

    def reveal(self, code: str, question_id: int, record: str) -> bool:
        """Close the current question and keep `record` (JSON: what was revealed); False if it is not current or
        already revealed."""

    def counts(self, code: str, question_id: int) -> dict[str, int]:
        """How many students gave each answer to the question."""

    def records(self, code: str) -> list[str]:
        """The records of the revealed questions, in the order they were asked."""
