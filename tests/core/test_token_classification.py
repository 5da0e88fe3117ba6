import numpy as np
import pytest
import torch
from transformers import AutoTokenizer

from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from bert_explorer.scores import IGNORE_INDEX
from bert_explorer.tasks.token_classification import (
    Entity,
    group_entities,
    parse_gold_tags,
    tag,
    token_loss,
    token_table,
)
from tolerance import float32_close

TEXT = "zorba is in paris."  # 'zorba' is not in the tiny vocabulary: it splits into pieces


@pytest.fixture(scope="module")
def result(checkpoints):
    return tag(load_model(str(checkpoints["bert-ner"]), "token_classification"), TEXT)


def reference(checkpoint, **labels):
    model = load_model(str(checkpoint), "token_classification").model
    inputs = AutoTokenizer.from_pretrained(str(checkpoint))(TEXT, return_tensors="pt")
    with torch.no_grad():
        return model(**inputs, **labels)


def test_logits_are_the_models_own(checkpoints, result):
    outputs = reference(checkpoints["bert-ner"])
    np.testing.assert_array_equal(result.logits, outputs.logits[0].numpy())
    np.testing.assert_allclose(result.probabilities, outputs.logits[0].softmax(-1).numpy(), rtol=1e-6)
    assert result.label_names == ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def test_words_and_first_subwords(result):
    assert result.words == ["zorba", "is", "in", "paris", "."]
    tokens = result.encoding.tokens
    assert tokens[1] == "z" and tokens[2].startswith("##")
    counted = [tokens[i] for i in np.flatnonzero(result.first_subword)]
    assert counted == ["z", "is", "in", "paris", "."]
    assert result.word_predictions == [int(result.predicted[i]) for i in np.flatnonzero(result.first_subword)]
    assert token_table(result)["counts_for_word"].sum() == 5


def test_the_loss_masks_special_tokens_and_later_subwords_like_the_model(checkpoints, result):
    gold = parse_gold_tags(result, "B-PER O O B-LOC O")
    loss = token_loss(result, gold)
    assert loss.labels[0] == IGNORE_INDEX and loss.labels[-1] == IGNORE_INDEX
    assert (loss.labels[2:6] == IGNORE_INDEX).all()  # '##o', '##r', '##b', '##a'
    assert loss.labels[1] == 1
    outputs = reference(checkpoints["bert-ner"], labels=torch.from_numpy(loss.labels)[None])
    assert loss.mean == float32_close(outputs.loss.item(), outputs.logits)
    assert np.isnan(loss.per_token[0]) and not np.isnan(loss.per_token[1])


@pytest.mark.parametrize("typed, message", [("O O", "one tag per word"), ("O O O O X-FOO", "Unknown tag")])
def test_bad_gold_tags_are_refused(result, typed, message):
    with pytest.raises(InputError, match=message):
        parse_gold_tags(result, typed)


def test_bio_grouping():
    words = ["Angela", "Merkel", "met", "Macron", "in", "New", "York"]
    tags = ["B-PER", "I-PER", "O", "I-PER", "O", "B-LOC", "I-LOC"]
    assert group_entities(words, tags) == [
        Entity("PER", 0, 1, "Angela Merkel"), Entity("PER", 3, 3, "Macron"), Entity("LOC", 5, 6, "New York"),
    ]
    assert group_entities(["a", "b"], ["B-PER", "B-PER"]) == [Entity("PER", 0, 0, "a"), Entity("PER", 1, 1, "b")]
    assert group_entities(["a", "b"], ["B-PER", "I-LOC"]) == [Entity("PER", 0, 0, "a"), Entity("LOC", 1, 1, "b")]


def test_empty_text_is_refused(checkpoints):
    with pytest.raises(InputError, match="empty"):
        tag(load_model(str(checkpoints["bert-ner"]), "token_classification"), "  ")
