"""The embedded class store: one SQLite file in WAL mode, shared by every worker on one machine."""

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .store import ClassState, StoreFull

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (code TEXT PRIMARY KEY, token_hash TEXT NOT NULL, expires REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 0, question_id INTEGER NOT NULL DEFAULT 0, question TEXT NOT NULL DEFAULT '',
    revealed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS students (code TEXT NOT NULL, student TEXT NOT NULL, PRIMARY KEY (code, student));
CREATE TABLE IF NOT EXISTS answers (code TEXT NOT NULL, question_id INTEGER NOT NULL, student TEXT NOT NULL,
    outcome TEXT NOT NULL, PRIMARY KEY (code, question_id, student));
CREATE TABLE IF NOT EXISTS records (code TEXT NOT NULL, question_id INTEGER NOT NULL, record TEXT NOT NULL,
    PRIMARY KEY (code, question_id));
"""
BUSY_TIMEOUT_S = 10  # how long a write waits for another process's write to finish


class SqliteStore:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.clock = path, clock
        # One connection for the process, used by one thread at a time: Streamlit runs every rerun on a new thread,
        # and opening a connection per thread cost more than a waiting page's whole poll. Other processes (the
        # other workers) have their own; SQLite's file locks keep them apart.
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction that holds the write lock from its first statement, so its checks and writes are one step."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _live(self, db: sqlite3.Connection, code: str) -> tuple | None:
        return db.execute("SELECT version, question_id, question, revealed, token_hash FROM classes "
                          "WHERE code = ? AND expires > ?", (code, self.clock())).fetchone()

    def create(self, code: str, token_hash: str, ttl_s: int, max_classes: int) -> bool:
        with self._write() as db:
            now = self.clock()
            for table in ("students", "answers", "records"):
                db.execute(f"DELETE FROM {table} WHERE code IN (SELECT code FROM classes WHERE expires <= ?)", (now,))
            db.execute("DELETE FROM classes WHERE expires <= ?", (now,))
            if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone():
                return False
            if db.execute("SELECT COUNT(*) FROM classes").fetchone()[0] >= max_classes:
                raise StoreFull(f"This server holds {max_classes} classes, its most: try again once one has ended.")
            db.execute("INSERT INTO classes (code, token_hash, expires) VALUES (?, ?, ?)",
                       (code, token_hash, now + ttl_s))
            return True

    def token_hash(self, code: str) -> str | None:
        with self._read() as db:
            row = self._live(db, code)
        return None if row is None else row[4]

    def state(self, code: str) -> ClassState | None:
        with self._read() as db:  # one statement: the class and its head count from one snapshot
            row = db.execute("SELECT version, question_id, question, revealed, (SELECT COUNT(*) FROM students "
                             "WHERE code = classes.code) FROM classes WHERE code = ? AND expires > ?",
                             (code, self.clock())).fetchone()
        return None if row is None else ClassState(code, row[0], row[1], row[2], bool(row[3]), row[4])

    def version(self, code: str) -> int | None:
        with self._read() as db:
            row = db.execute("SELECT version FROM classes WHERE code = ? AND expires > ?",
                             (code, self.clock())).fetchone()
        return None if row is None else row[0]

    def join(self, code: str, student: str, max_students: int) -> bool:
        with self._write() as db:
            if self._live(db, code) is None:
                return False
            if db.execute("SELECT 1 FROM students WHERE code = ? AND student = ?", (code, student)).fetchone():
                return True
            if db.execute("SELECT COUNT(*) FROM students WHERE code = ?", (code,)).fetchone()[0] >= max_students:
                raise StoreFull(f"This class is full ({max_students} students).")
            db.execute("INSERT INTO students (code, student) VALUES (?, ?)", (code, student))
            return True

    def ask(self, code: str, question: str, max_questions: int) -> int | None:
        with self._write() as db:
            row = self._live(db, code)
            if row is None:
                return None
            if row[1] >= max_questions:
                raise StoreFull(f"A class asks at most {max_questions} questions: start a new class for more.")
            db.execute("UPDATE classes SET question_id = question_id + 1, question = ?, revealed = 0, "
                       "version = version + 1 WHERE code = ?", (question, code))
            return row[1] + 1

    def answer(self, code: str, question_id: int, student: str, outcome: str) -> bool:
        with self._write() as db:
            row = self._live(db, code)
            if row is None or row[1] != question_id or row[3]:
                return False
            if not db.execute("SELECT 1 FROM students WHERE code = ? AND student = ?", (code, student)).fetchone():
                return False
            db.execute("INSERT OR REPLACE INTO answers (code, question_id, student, outcome) VALUES (?, ?, ?, ?)",
                       (code, question_id, student, outcome))
            return True

    def reveal(self, code: str, question_id: int, record: str) -> bool:
        with self._write() as db:
            row = self._live(db, code)
            if row is None or row[1] != question_id or row[3]:
                return False
            db.execute("UPDATE classes SET revealed = 1, version = version + 1 WHERE code = ?", (code,))
            db.execute("INSERT INTO records (code, question_id, record) VALUES (?, ?, ?)", (code, question_id, record))
            return True

    def counts(self, code: str, question_id: int) -> dict[str, int]:
        with self._read() as db:
            rows = db.execute("SELECT outcome, COUNT(*) FROM answers WHERE code = ? AND question_id = ? "
                              "GROUP BY outcome", (code, question_id)).fetchall()
        return dict(rows)

    def records(self, code: str) -> list[str]:
        with self._read() as db:
            rows = db.execute("SELECT record FROM records WHERE code = ? ORDER BY question_id", (code,)).fetchall()
        return [row[0] for row in rows]
