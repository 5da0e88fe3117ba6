import numpy as np
import pytest
import torch

from bert_explorer.compare import Distribution
from bert_explorer.errors import InputError
from bert_explorer.guessing import reveal, shown_outcomes
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.multiple_choice import choose
from bert_explorer.tasks.next_sentence import predict_next
from bert_explorer.tasks.pretraining import pretrain
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag


def softmax_over(names, logits) -> Distribution:
    logits = np.asarray(logits, dtype=np.float32)
    return Distribution("the labels", tuple(names), logits, torch.softmax(torch.from_numpy(logits), 0).numpy(),
                        "softmax")


def test_the_reveal_places_the_guess_in_the_model_s_probabilities():
    question = softmax_over(["neg", "neutral", "pos"], [0.5, -1.0, 2.0])
    probabilities = torch.softmax(torch.tensor([0.5, -1.0, 2.0]), 0)
    wrong = reveal(question, "neg")
    assert (wrong.guess, wrong.guess_rank, wrong.predicted, wrong.right) == ("neg", 2, "pos", False)
    assert wrong.guess_probability == pytest.approx(float(probabilities[0]))
    assert wrong.predicted_probability == pytest.approx(float(probabilities[2]))
    assert reveal(question, "pos").right and reveal(question, "neutral").guess_rank == 3


def test_a_typed_guess_may_differ_in_case_and_spaces_but_must_be_an_outcome():
    question = softmax_over(["Paris", "london"], [1.0, 0.0])
    assert reveal(question, "  paris ").guess == "Paris"
    with pytest.raises(InputError, match="Berlin"):
        reveal(question, "Berlin")


def test_a_vocabulary_is_charted_as_its_top_ten_and_the_guess():
    names = [f"w{i}" for i in range(100)]
    question = softmax_over(names, np.linspace(5, -5, 100))
    assert shown_outcomes(question, reveal(question, "w3")) == list(range(10))
    assert shown_outcomes(question, reveal(question, "w42")) == [*range(10), 42]
    short = softmax_over(["a", "b", "c"], [0.0, 2.0, 1.0])
    assert shown_outcomes(short, reveal(short, "a")) == [1, 2, 0]


def test_heads_with_one_answer_ask_it_and_heads_with_many_do_not(checkpoints):
    seq = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    result = classify(seq, "the film was a delight")
    question = classify.question(seq, result)
    assert question.outcomes == ("NEGATIVE", "NEUTRAL", "POSITIVE")
    np.testing.assert_array_equal(question.probabilities, result.probabilities)

    multi = load_model(str(checkpoints["bert-multilabel"]), "sequence_classification")
    assert classify.question(multi, classify(multi, "x")) is None  # sigmoid per label: no single answer

    pretraining = str(checkpoints["bert-pretraining"])
    nsp = load_model(pretraining, "next_sentence")
    assert len(predict_next.question(nsp, predict_next(nsp, "a b", "c d")).outcomes) == 2
    mc = load_model(str(checkpoints["bert-mc"]), "multiple_choice")
    assert choose.question(mc, choose(mc, "the sky is", ["blue", "green", "loud"])).outcomes == ("blue", "green",
                                                                                              "loud")
    mlm = load_model(pretraining, "masked_lm")
    masked = fill(mlm, "the [MASK] was good")
    assert fill.question(mlm, masked).key == "mask 1"
    both = load_model(pretraining, "pretraining")
    assert pretrain.question(both, pretrain(both, "the [MASK] was good", "it was")).key == "next sentence"
    ner = load_model(str(checkpoints["bert-ner"]), "token_classification")
    assert tag.question(ner, tag(ner, "John lives in Paris")) is None
