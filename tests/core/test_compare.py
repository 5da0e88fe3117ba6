"""Two checkpoints on one input: distributions matched by key, outcomes by name, numbers each model's own."""

import numpy as np
import pytest

from bert_explorer import heads
from bert_explorer.compare import SHOWN_PER_SIDE, Distribution, compare
from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from bert_explorer.scores import softmax
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.question_answering import answer
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag


def distribution(names, logits, key="the labels", activation="softmax"):
    logits = np.asarray(logits, dtype=np.float32)
    return Distribution(key, tuple(names), logits, softmax(logits), activation)


def test_outcomes_are_matched_by_name_whatever_their_order_or_case():
    a = distribution(["NEGATIVE", "NEUTRAL", "POSITIVE"], [1.0, 0.0, -1.0])
    b = distribution(["positive", "negative"], [2.0, -2.0])
    pair = compare([a], [b]).pairs[0]
    assert pair.outcomes == ["NEGATIVE", "POSITIVE"]
    np.testing.assert_allclose(pair.probabilities[0], a.probabilities[[0, 2]])
    np.testing.assert_allclose(pair.probabilities[1], b.probabilities[[1, 0]])
    np.testing.assert_allclose(pair.losses[1], -np.log(b.probabilities[[1, 0]]))
    assert pair.predicted == ("NEGATIVE", "positive") and not pair.agree
    assert "Only A has 1" in pair.note
    assert pair.probability_gap == pytest.approx(np.max(np.abs(b.probabilities[[1, 0]] - a.probabilities[[0, 2]])))


def test_placeholder_names_are_matched_by_index_and_say_so():
    pair = compare([distribution(["LABEL_0", "LABEL_1"], [0.1, 0.2])],
                   [distribution(["negative", "positive"], [1.0, -1.0])]).pairs[0]
    assert pair.outcomes == ["LABEL_0", "LABEL_1"] and "by index" in pair.note
    assert not pair.agree
    assert compare([distribution(["LABEL_0", "LABEL_1"], [0.1, 0.2])],
                   [distribution(["negative", "positive"], [-1.0, 1.0])]).pairs[0].agree  # index 1 on both sides


def test_incomparable_heads_are_refused_with_a_reason():
    with pytest.raises(InputError, match="share no name"):
        compare([distribution(["cat", "dog"], [0, 1])], [distribution(["red", "blue"], [0, 1])])
    with pytest.raises(InputError, match="sigmoid"):
        compare([distribution(["a", "b"], [0, 1])], [distribution(["a", "b"], [0, 1], activation="sigmoid")])
    with pytest.raises(InputError, match="nothing comparable"):
        compare([distribution(["a"], [0], key="x")], [distribution(["a"], [0], key="y")])


def test_a_long_distribution_shows_the_top_of_each_side():
    rng = np.random.default_rng(0)
    names = [f"w{i}" for i in range(500)]
    a, b = distribution(names, rng.normal(size=500)), distribution(names[::-1], rng.normal(size=500))
    pair = compare([a], [b]).pairs[0]
    top_a = {names[i] for i in np.argsort(-a.logits)[:SHOWN_PER_SIDE]}
    top_b = {names[::-1][i] for i in np.argsort(-b.logits)[:SHOWN_PER_SIDE]}
    assert set(pair.outcomes) == top_a | top_b


def test_two_classifiers_with_different_tokenizers_each_read_their_own(checkpoints):
    text = "The film was a delight."
    tiny = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    zoo = load_model(heads.get("sequence_classification").default_checkpoint, "sequence_classification")
    a, b = classify(tiny, text), classify(zoo, text)
    pair = compare(classify.distributions(tiny, a), classify.distributions(zoo, b)).pairs[0]
    assert pair.outcomes == ["NEGATIVE", "POSITIVE"]
    np.testing.assert_allclose(pair.logits[0], a.logits[[0, 2]])
    np.testing.assert_allclose(pair.logits[1], b.logits[[zoo.label_names.index("negative"),
                                                        zoo.label_names.index("positive")]])
    assert not np.array_equal(a.encoding.input_ids, b.encoding.input_ids)  # two vocabularies, one comparison


def test_a_checkpoint_against_itself_agrees_everywhere(checkpoints):
    ner = load_model(str(checkpoints["bert-ner"]), "token_classification")
    result = tag(ner, "zorba visited paris")
    comparison = compare(tag.distributions(ner, result), tag.distributions(ner, result))
    assert len(comparison.pairs) == len(result.words) and comparison.agreed == len(result.words)
    assert comparison.pairs[2].key == "“paris” (characters 14–19)"
    np.testing.assert_allclose(comparison.pairs[2].logits[0], result.logits[result.first_subword_tokens[2]])

    mlm = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    masked = fill(mlm, "the [MASK] was good")
    pair = compare(fill.distributions(mlm, masked), fill.distributions(mlm, masked)).pairs[0]
    assert pair.probability_gap == 0.0 and pair.outcomes[0] == masked.masks[0].top_tokens[0]


def test_question_answering_compares_context_words(checkpoints):
    qa = load_model(str(checkpoints["bert-qa"]), "question_answering")
    result = answer(qa, "where is paris", "paris is in france")
    start, end = answer.distributions(qa, result)
    assert start.outcomes == ("paris @0", "is @6", "in @9", "france @12")
    window = result.windows[0]
    first_tokens = [t for t in window.context_tokens if window.offsets[t][0] in (0, 6, 9, 12)]
    np.testing.assert_allclose(start.logits, window.start_logits[first_tokens])
    np.testing.assert_allclose(end.probabilities, window.end_probabilities[first_tokens])


def test_an_answer_followed_by_punctuation_ends_at_its_last_letter(checkpoints):
    qa = load_model(str(checkpoints["bert-qa"]), "question_answering")
    context = "the summit was held in paris, the capital of france."
    result = answer(qa, "which city hosted the summit", context)
    start, end = answer.distributions(qa, result)
    window = result.windows[0]
    tokens = {window.offsets[t][0]: t for t in window.context_tokens}
    paris, comma = context.index("paris"), context.index(",")
    assert f"paris @{paris}" in end.outcomes and f", @{comma}" in end.outcomes
    assert end.logits[end.outcomes.index(f"paris @{paris}")] == window.end_logits[tokens[paris]]
    assert end.logits[end.outcomes.index(f", @{comma}")] == window.end_logits[tokens[comma]]
    assert end.outcomes[-1] == f". @{len(context) - 1}" and start.outcomes == end.outcomes


def test_attention_is_subtracted_only_over_the_same_tokens():
    from bert_explorer.compare import attention_difference

    a, b = np.full((3, 3), 1 / 3, dtype=np.float32), np.eye(3, dtype=np.float32)
    difference = attention_difference(a, b, ["[CLS]", "x", "[SEP]"], ["[CLS]", "x", "[SEP]"])
    np.testing.assert_allclose(difference.weights, b - a)
    assert difference.max_abs == pytest.approx(2 / 3)
    assert attention_difference(a, b, ["[CLS]", "x", "[SEP]"], ["<s>", "x", "</s>"]) is None
