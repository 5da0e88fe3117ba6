"""The datasets the Evaluate page offers: the zoo's own held-out splits, sets written by hand, or an upload."""

import dataclasses
import hashlib
import json
from pathlib import Path

from ..training.bbc import bbc_topics, zoo_bbc_split
from ..training.data import LabelledTexts, zoo_tweet_split
from .answering import Questions, read_questions
from .tagging import TaggedSentences, read_tagged

HANDWRITTEN = Path(__file__).parent / "handwritten"  # written for this project; no model is trained on them
HANDWRITTEN_NER = "Hand-written news sentences (CoNLL-2003 tags)"
HANDWRITTEN_QA = "Hand-written questions on short news paragraphs"

# Name -> (loader, the zoo checkpoint trained on the rest of it)
BUILT_IN = {
    "Sentiment tweets: the zoo's held-out split": (lambda: zoo_tweet_split()[1], "zoo/sentiment-tweets"),
    "BBC news topics: the zoo's held-out articles": (lambda: bbc_topics(zoo_bbc_split()[1]), "zoo/bbc-topics"),
}


def built_in(name: str) -> LabelledTexts:
    return BUILT_IN[name][0]()


def handwritten_tags() -> TaggedSentences:
    return read_tagged((HANDWRITTEN / "ner.jsonl").read_bytes(), "ner.jsonl")


def handwritten_questions() -> Questions:
    return read_questions((HANDWRITTEN / "qa.jsonl").read_bytes(), "qa.jsonl")


CLOZE_SETS = {
    "cloze": "news sentences",
    "everyday_cloze": "everyday sentences (objects, facts, habits)",
    "lecturer_cloze": "the six sentences a lecturer types first (issue #31)",
}


def handwritten_cloze(name: str = "cloze") -> tuple[list[str], list[list[str]]]:
    """Sentences with one [MASK], and the single (uncased) tokens a reader would accept there (`name`: one of
    CLOZE_SETS)."""
    rows = [json.loads(line) for line in (HANDWRITTEN / f"{name}.jsonl").read_text().splitlines() if line.strip()]
    return [row["text"] for row in rows], [row["answers"] for row in rows]


def digest(data) -> str:
    """A SHA-256 of a dataset's every field (texts, pairs, labels, tags, answers): equal data, equal digest."""
    payload = json.dumps(dataclasses.astuple(data), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()
