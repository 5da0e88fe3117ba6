"""Lesson plans: read from JSON or YAML as data only, checked against the head registry, bounded."""

import json
from pathlib import Path

import pytest

from bert_explorer.classroom.classes import matched_gold
from bert_explorer.classroom.plans import MAX_PLAN_BYTES, read_plan
from bert_explorer.errors import InputError
from bert_explorer.heads import HEADS

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "plans"


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda p: p.name)
def test_the_example_plans_read_and_name_real_heads_and_inputs(path):
    plan = read_plan(path.read_bytes(), 50)
    assert plan.title and plan.questions
    for question in plan.questions:
        assert set(question.inputs) <= set(HEADS[question.head].inputs)


def test_json_and_yaml_say_the_same_plan():
    as_json = {"title": "T", "questions": [{"head": "masked_lm", "inputs": {"text": "A [MASK] day."}, "prompt": "P",
                                            "gold": "good"}]}
    as_yaml = ("title: T\nquestions:\n  - head: masked_lm\n    inputs: {text: 'A [MASK] day.'}\n    prompt: P\n"
               "    gold: good\n")
    assert read_plan(json.dumps(as_json).encode(), 50) == read_plan(as_yaml.encode(), 50)


@pytest.mark.parametrize("text, said", [
    (b"\xff\xfe", "not JSON or YAML"),
    (b"title: [unclosed", "not JSON or YAML"),
    (b"!!python/object/apply:os.system ['true']", "not JSON or YAML"),  # a safe loader: nothing runs
    (b"questions: []", "needs a list of questions"),
    (b"questions:\n  - head: token_classification\n    inputs: {text: a}", "head` must be one of"),
    (b"questions:\n  - head: masked_lm\n    inputs: {sentence: a}", "has no input named sentence"),
    (b"questions:\n  - head: masked_lm\n    inputs: {text: [1, {a: 2}]}\n    prompt: {x: 1}", "prompt must be text"),
    (b"x" * (MAX_PLAN_BYTES + 1), "at most 100 KB"),
])
def test_a_bad_plan_says_what_is_wrong(text, said):
    with pytest.raises(InputError, match=said):
        read_plan(text, 50)


def test_a_plan_has_at_most_the_class_s_questions():
    one = {"head": "masked_lm", "inputs": {"text": "A [MASK]."}}
    with pytest.raises(InputError, match="at most 2 questions"):
        read_plan(json.dumps({"questions": [one] * 3}).encode(), 2)


def test_a_plan_s_gold_matches_an_answer_as_the_class_s_are_counted():
    assert matched_gold("POSITIVE ", ("negative", "positive")) == "positive"
    assert matched_gold("  Capital ", ()) == "capital"
    with pytest.raises(InputError, match="not one of this question's answers"):
        matched_gold("neutral", ("negative", "positive"))
