"""The committed zoo: small enough, and its cards' held-out metrics recomputed from the committed weights
through the app's own loading code (the build measured them on its in-memory models)."""

import pytest
import torch
from pretraining_counts import recount

from bert_explorer.loading import load_model
from bert_explorer.training import next_sentence_choice
from bert_explorer.training.data import bbc_topics
from bert_explorer.zoo import build, catalogue

ENTRIES = catalogue.entries()
# What issue #5 asks of each checkpoint.
FLOORS = {
    "zoo/sentiment-tweets": {"accuracy": 0.80},
    "zoo/bbc-topics": {"accuracy": 0.90},
    "zoo/bbc-bert-small": {"nsp_accuracy": 0.80},
    "zoo/bbc-next-sentence": {"accuracy": 0.50},
}


def test_every_entry_is_committed():
    assert sorted(ENTRIES) == sorted(FLOORS)


def test_the_committed_weights_stay_under_40_mb():
    size = sum(p.stat().st_size for p in catalogue.zoo_folder().rglob("*.safetensors"))
    assert size < 40 * 2**20


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_each_card_meets_its_floor(name):
    for metric, floor in FLOORS[name].items():
        assert ENTRIES[name].metrics[metric] >= floor


def _accuracy(loaded, data) -> float:
    right = 0
    with torch.inference_mode():
        for start in range(0, len(data), 64):
            part = data.subset(list(range(start, min(start + 64, len(data)))))
            inputs = loaded.tokenizer(part.texts, truncation=True, max_length=128, padding=True, return_tensors="pt")
            right += int((loaded.model(**inputs).logits.argmax(-1) == torch.tensor(part.labels)).sum())
    return right / len(data)


def test_the_sentiment_accuracy_is_that_of_the_committed_weights():
    _, held_out = build.tweet_split(build.FULL)
    accuracy = _accuracy(load_model("zoo/sentiment-tweets", "sequence-classification"), held_out)
    assert accuracy == pytest.approx(ENTRIES["zoo/sentiment-tweets"].metrics["accuracy"], abs=1.5 / len(held_out))


def test_the_topic_accuracy_is_that_of_the_committed_weights():
    held_out = bbc_topics(build.bbc_split(build.FULL)[1])
    loaded = load_model("zoo/bbc-topics", "sequence-classification")
    assert loaded.label_names == ["business", "entertainment", "politics", "sports", "tech"]
    accuracy = _accuracy(loaded, held_out)
    assert accuracy == pytest.approx(ENTRIES["zoo/bbc-topics"].metrics["accuracy"], abs=1.5 / len(held_out))


def test_the_pretraining_figures_are_those_of_the_committed_weights():
    loaded = load_model("zoo/bbc-bert-small", "pretraining")
    texts = [a.text for a in build.bbc_split(build.FULL)[1]]
    recounted = recount(loaded.model, loaded.tokenizer, texts, build.FULL.pretrain)
    metrics = ENTRIES["zoo/bbc-bert-small"].metrics
    for name in ("held_out_pairs", "masked_tokens"):
        assert metrics[name] == recounted[name]
    for name, count in (("nsp_accuracy", "held_out_pairs"), ("masked_token_accuracy", "masked_tokens")):
        assert recounted[name] == pytest.approx(metrics[name], abs=1.5 / metrics[count])


def test_the_multiple_choice_accuracy_is_that_of_the_committed_weights():
    loaded = load_model("zoo/bbc-next-sentence", "multiple-choice")
    _, held_out = build.next_sentence_question_sets(loaded.tokenizer, build.FULL)
    right = 0
    with torch.inference_mode():
        for start in range(0, len(held_out), 32):
            part = held_out[start:start + 32]
            logits = loaded.model(**next_sentence_choice.encode_questions(loaded.tokenizer, part)).logits
            right += int((logits.argmax(-1) == torch.tensor([q.answer for q in part])).sum())
    metrics = ENTRIES["zoo/bbc-next-sentence"].metrics
    assert metrics["held_out_questions"] == len(held_out)
    assert right / len(held_out) == pytest.approx(metrics["accuracy"], abs=1.5 / len(held_out))
