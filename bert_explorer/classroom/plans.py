"""Lesson plans: the questions a lecturer asks a class in order, written ahead in a JSON or YAML file.

    title: Logits to labels
    questions:
      - head: sequence_classification          # a head's name (its page's URL path)
        inputs: {text: "The film was a delight."}
        prompt: Will the model call this positive?
        gold: positive                         # optional: the answer the lecturer holds right
        checkpoint: zoo/sentiment-tweets       # optional: the head page's default otherwise

A plan is data only: read with a safe loader, checked against the head registry, bounded in size.
"""

import json
from dataclasses import dataclass

import yaml

from ..errors import InputError
from ..heads import HEADS

MAX_PLAN_BYTES = 100_000
MAX_TEXT_CHARS = 2_000
# The heads whose answer is one thing (a label, the verdict, a choice, the word at a mask): what a class can guess.
ONE_ANSWER = ("sequence_classification", "next_sentence", "multiple_choice", "masked_lm")


@dataclass(frozen=True)
class PlannedQuestion:
    head: str
    inputs: dict[str, str]  # by the head's input names, as its page's URL parameters take them
    prompt: str
    gold: str | None = None
    checkpoint: str | None = None


@dataclass(frozen=True)
class Plan:
    title: str
    questions: tuple[PlannedQuestion, ...]


def read_plan(data: bytes, max_questions: int) -> Plan:
    """A plan from a file's bytes (JSON or YAML), or InputError saying what is wrong with it."""
    if len(data) > MAX_PLAN_BYTES:
        raise InputError(f"A lesson plan is at most {MAX_PLAN_BYTES // 1000} KB.")
    try:
        text = data.decode("utf-8")
        raw = json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except (UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError):
        raise InputError("The lesson plan is not JSON or YAML that can be read (UTF-8).") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list) or not raw["questions"]:
        raise InputError("A lesson plan needs a list of questions under `questions`.")
    if len(raw["questions"]) > max_questions:
        raise InputError(f"A lesson plan has at most {max_questions} questions.")
    questions = tuple(_question(item, number) for number, item in enumerate(raw["questions"], start=1))
    return Plan(_text(raw.get("title") or "Lesson plan", "the title"), questions)


def _question(item, number: int) -> PlannedQuestion:
    where = f"Question {number}"
    if not isinstance(item, dict):
        raise InputError(f"{where} of the plan is not a mapping of head, inputs and prompt.")
    head = item.get("head")
    if head not in ONE_ANSWER:
        raise InputError(f"{where}: `head` must be one of {', '.join(ONE_ANSWER)} (a head whose answer is one thing).")
    inputs = item.get("inputs")
    if not isinstance(inputs, dict) or not inputs:
        raise InputError(f"{where}: `inputs` must map the head's inputs ({', '.join(HEADS[head].inputs)}) to text.")
    unknown = [name for name in inputs if name not in HEADS[head].inputs]
    if unknown:
        raise InputError(f"{where}: {head} has no input named {', '.join(map(str, unknown))} (it has "
                         f"{', '.join(HEADS[head].inputs)}).")
    values = {name: "\n".join(map(str, value)) if isinstance(value, list) else _text(value, f"{where}'s {name}")
              for name, value in inputs.items()}
    gold, checkpoint = item.get("gold"), item.get("checkpoint")
    prompt = _text(item.get("prompt") or "What will the model answer?", f"{where}'s prompt")
    return PlannedQuestion(head, values, prompt,
                           None if gold is None else _text(gold, f"{where}'s gold"),
                           None if checkpoint is None else _text(checkpoint, f"{where}'s checkpoint"))


def _text(value, what: str) -> str:
    if not isinstance(value, (str, int, float)) or len(str(value)) > MAX_TEXT_CHARS:
        raise InputError(f"{what.capitalize()} must be text of at most {MAX_TEXT_CHARS:,} characters.")
    return str(value)
