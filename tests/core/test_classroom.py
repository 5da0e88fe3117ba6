"""The class store and the rules over it, run against both stores: SQLite (the embedded default) and a real Redis."""

import csv
import io
import threading
import time

import pytest

from bert_explorer.classroom import open_store
from bert_explorer.classroom.classes import CODE_ALPHABET, CODE_LENGTH, Classes, Question, Revealed
from bert_explorer.classroom.store import StoreFull
from bert_explorer.errors import InputError
from harness.redis_server import redis_server

SENTIMENT = Question("sequence_classification", {"text": "The film was a delight."}, ("negative", "positive"),
                     "What will the model say?", gold="positive")
MASK = Question("masked_lm", {"text": "Paris is the [MASK] of France."}, (), "Which word will it rank first?")


@pytest.fixture(scope="module")
def redis_url():
    with redis_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def where(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "classes.sqlite3")
    url = request.getfixturevalue("redis_url")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture
def classes(where):
    return Classes(open_store(where))


def test_a_class_has_a_readable_code_and_only_its_token_presents(classes):
    code, token = classes.start()
    assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert classes.is_presenter(code, token) and classes.is_presenter(code.lower(), token)
    assert not classes.is_presenter(code, token + "x") and not classes.is_presenter(code, None)
    with pytest.raises(InputError, match="Only the presenter link"):
        classes.ask(code, "guessed", SENTIMENT)


def test_a_wrong_code_says_so(classes):
    for act in (lambda: classes.join("NOSUCH", "s1"), lambda: classes.pulse("NOSUCH"),
                lambda: classes.ask("NOSUCH", "token", SENTIMENT)):
        with pytest.raises(InputError, match="No class has this code"):
            act()


def test_students_answer_the_current_question_the_last_answer_counts_none_after_the_reveal(classes):
    code, token = classes.start()
    for student in ("s1", "s2", "s3"):
        classes.join(code, student)
    first = classes.ask(code, token, SENTIMENT)
    assert classes.answer(code, "s1", first, "negative")
    assert classes.answer(code, "s1", first, "positive")  # changed their mind
    assert classes.answer(code, "s2", first, "positive")
    assert not classes.answer(code, "stranger", first, "negative")  # never joined
    with pytest.raises(InputError, match="Pick one of the answers"):
        classes.answer(code, "s3", first, "neutral")
    pulse = classes.pulse(code)
    assert (pulse.joined, pulse.counts, pulse.answered, pulse.revealed) == (3, {"negative": 0, "positive": 2}, 2, None)
    before = classes.version(code)
    assert classes.reveal(code, token, first, Revealed({"negative": 0.2, "positive": 0.8}, "positive"))
    assert classes.version(code) > before
    assert not classes.answer(code, "s3", first, "negative")  # too late
    assert not classes.reveal(code, token, first, Revealed({}, "positive"))  # once
    pulse = classes.pulse(code)
    assert pulse.counts == {"negative": 0, "positive": 2}
    assert pulse.revealed == Revealed({"negative": 0.2, "positive": 0.8}, "positive")
    assert pulse.share(pulse.revealed.predicted) == 1.0 and pulse.share(SENTIMENT.gold) == 1.0
    second = classes.ask(code, token, MASK)
    assert second == first + 1
    assert not classes.answer(code, "s3", first, "negative")  # the old question is gone
    assert classes.answer(code, "s3", second, "  Capital ")
    assert classes.pulse(code).counts == {"capital": 1}  # a typed word, counted as the vocabulary would see it


def test_counts_are_exact_when_a_class_answers_at_once(classes, where):
    code, token = classes.start()
    students = [f"student-{i}" for i in range(60)]
    for student in students:
        classes.join(code, student)
    question = classes.ask(code, token, SENTIMENT)
    errors = []

    def answer_twice(student: str, index: int) -> None:
        try:
            own = Classes(open_store(where))  # a worker process of its own, as far as the store can tell
            own.answer(code, student, question, "negative")
            own.answer(code, student, question, SENTIMENT.outcomes[index % 2])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=answer_twice, args=(s, i)) for i, s in enumerate(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert classes.pulse(code).counts == {"negative": 30, "positive": 30}


def test_bounds_say_which_bound(classes, monkeypatch):
    from bert_explorer.classroom import classes as rules

    monkeypatch.setattr(rules, "MAX_STUDENTS", 2)
    monkeypatch.setattr(rules, "MAX_QUESTIONS", 1)
    code, token = classes.start()
    classes.join(code, "a"), classes.join(code, "b"), classes.join(code, "a")  # joining again is no new seat
    with pytest.raises(StoreFull, match="This class is full"):
        classes.join(code, "c")
    classes.ask(code, token, SENTIMENT)
    with pytest.raises(StoreFull, match="at most 1 questions"):
        classes.ask(code, token, SENTIMENT)
    monkeypatch.setattr(rules, "MAX_CLASSES", 2)
    classes.start()
    with pytest.raises(StoreFull, match="holds 2 classes"):
        classes.start()


def test_a_class_expires(where):
    store = open_store(where)
    assert store.create("EXPIRE", "hash", 1, 10)
    assert store.version("EXPIRE") == 0
    time.sleep(2.1)
    assert store.state("EXPIRE") is None and store.version("EXPIRE") is None
    assert store.create("EXPIRE", "hash", 60, 10)  # the code is free again


def test_the_export_has_counts_and_the_model_s_probabilities_and_no_student(classes):
    code, token = classes.start()
    for student in ("s1", "s2"):
        classes.join(code, student)
    question = classes.ask(code, token, SENTIMENT)
    classes.answer(code, "s1", question, "negative")
    classes.answer(code, "s2", question, "positive")
    classes.reveal(code, token, question, Revealed({"negative": 0.25, "positive": 0.75}, "positive"))
    with pytest.raises(InputError):
        classes.export_csv(code, None)
    rows = list(csv.DictReader(io.StringIO(classes.export_csv(code, token))))
    assert [(r["outcome"], r["students"], r["share"], r["model probability"], r["model's answer"], r["gold"])
            for r in rows] == [("negative", "1", "0.5000", "0.25", "False", "False"),
                               ("positive", "1", "0.5000", "0.75", "True", "True")]
    assert "s1" not in classes.export_csv(code, token)
