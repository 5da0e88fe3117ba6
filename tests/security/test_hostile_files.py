"""Hostile and malformed files: every reader answers with a clear InputError (never another exception), sizes are
checked before anything is parsed, and a checkpoint's pickle is never executed."""

import json
import pickle
import shutil

import pytest

from app_helpers import assert_no_exception, open_page, read
from bert_explorer.errors import InputError
from bert_explorer.evaluation.answering import read_questions
from bert_explorer.evaluation.tagging import read_tagged
from bert_explorer.training.data import MAX_ROWS, MAX_UPLOAD_BYTES, read_upload

OVERSIZED = b"text,label\n" + b"x" * MAX_UPLOAD_BYTES
MANY_ROWS = b"text,label\n" + b"a,b\n" * (MAX_ROWS + 1)
BINARY = bytes(range(256)) * 40

LABELLED = {
    "oversized.csv": (OVERSIZED, "the limit is 5 MB"),
    "many.csv": (MANY_ROWS, "the limit is 50,000"),
    "binary.csv": (BINARY, ""),
    "quotes.csv": (b'text,label\n"never closed,pos\n', ""),
    "nocolumns.csv": (b"just one line with no header break", ""),
    "empty.csv": (b"", ""),
    "broken.jsonl": (b'{"text": "a", "label": "b"\n', ""),
    "list.jsonl": (b"[1, 2, 3]\n", ""),
    "nested.jsonl": (b'{"text": {"a": 1}, "label": ["x"]}\n', ""),
    "deep.jsonl": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "script.exe": (b"MZ\x90\x00", ""),
}
TAGGED = {
    "oversized.conll": (OVERSIZED, "the limit is 5 MB"),
    "binary.conll": (BINARY, ""),
    "one-column.conll": (b"word\nanother\n\n", ""),
    "broken.jsonl": (b'{"tokens": ["a"], "tags": \n', ""),
    "mismatch.jsonl": (b'{"tokens": ["a", "b"], "tags": ["O"]}\n', "2 words but 1 tags"),
    "types.jsonl": (b'{"tokens": "a b", "tags": "O O"}\n', "lists"),
    "empty.txt": (b"\n\n\n", ""),
    "tags.csv": (b"a,O\n", "Upload a .jsonl or a CoNLL"),
}
QUESTIONS = {
    "oversized.json": (OVERSIZED, "the limit is 5 MB"),
    "squad-broken.json": (b'{"data": [{"paragraphs": [{"context": "x", "qas": [', ""),
    "squad-shape.json": (json.dumps({"data": [{"paragraphs": "not a list"}]}).encode(), "SQuAD's shape"),
    "squad-deep.json": (b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
    "squad-no-answer.json": (json.dumps({"data": [{"paragraphs": [{"context": "c", "qas": [
        {"question": "q", "answers": []}]}]}]}).encode(), ""),
    "rows.jsonl": (b'{"question": "q", "context": 5, "answers": ["a"]}\n', "needs a question, a context"),
    "binary.jsonl": (BINARY, ""),
    "questions.txt": (b"q\tc\ta\n", "Upload a .jsonl file"),
}


def assert_clear(reader, data: bytes, name: str, expected: str) -> None:
    with pytest.raises(InputError) as raised:
        reader(data, name)
    message = str(raised.value)
    assert expected in message and len(message) < 400 and "Traceback" not in message, message


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_a_malformed_labelled_file_gets_a_clear_message(name):
    assert_clear(read_upload, *LABELLED[name][:1], name, LABELLED[name][1])


@pytest.mark.parametrize("name", sorted(TAGGED))
def test_a_malformed_tagged_file_gets_a_clear_message(name):
    assert_clear(read_tagged, *TAGGED[name][:1], name, TAGGED[name][1])


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_a_malformed_questions_file_gets_a_clear_message(name):
    assert_clear(read_questions, *QUESTIONS[name][:1], name, QUESTIONS[name][1])


def test_size_is_checked_before_parsing(monkeypatch):
    from bert_explorer.training import data

    monkeypatch.setattr(data, "_csv_rows", lambda _: pytest.fail("parsed a file over the byte cap"))
    with pytest.raises(InputError, match="the limit is 5 MB"):
        read_upload(OVERSIZED, "big.csv")


class Payload:
    """What a hostile pickle does when it is loaded: here, create a file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_checkpoint_with_a_hostile_pickle_and_no_safetensors_is_refused_unexecuted(checkpoints, tmp_path):
    folder = tmp_path / "pickled"
    shutil.copytree(checkpoints["bert-seq"], folder)
    for weights in folder.glob("*.safetensors"):
        weights.unlink()
    marker = tmp_path / "the-pickle-ran"
    weights = {"bert.embeddings.word_embeddings.weight": Payload(marker)}
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(weights))
    app = open_page("pages/sequence_classification.py", checkpoint=folder)
    assert_no_exception(app)
    assert not marker.exists(), "the checkpoint's pickle was executed"
    errors = [read(e) for e in app.error]
    assert errors and all("not a model folder" in e and "Unpickl" not in e for e in errors), errors


def test_a_training_upload_over_the_row_cap_gets_a_message_on_the_page(checkpoints):
    app = open_page("pages/training.py", checkpoint=checkpoints["bert-base"])
    app.radio(key="train_source").set_value("Upload CSV or JSONL").run()
    app.get("file_uploader")[0].upload("many.csv", MANY_ROWS, "text/csv").run()
    assert_no_exception(app)
    assert any("the limit is 50,000" in read(e) for e in app.error)
