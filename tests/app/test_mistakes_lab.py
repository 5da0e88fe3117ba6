"""The common-mistakes lab on each page that has one: every toggle shows the core's right and wrong numbers
for the model's own outputs, and none of it runs the model again."""

import numpy as np

from app_helpers import assert_no_exception, cached_model, open_page
from bert_explorer import mistakes
from bert_explorer.loading import load_model
from bert_explorer.tasks.multiple_choice import choose
from bert_explorer.tasks.next_sentence import predict_next
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag, token_loss


def switch_all_on(app, key: str, forward_calls, model) -> list:
    """Turn on every mistake toggle of the page; return the tables they show, in order."""
    calls = forward_calls(model)
    toggles = [t for t in app.toggle if t.key.startswith(f"{key}_mistake_")]
    assert toggles, "no mistake toggles"
    for toggle in toggles:
        app.toggle(key=toggle.key).set_value(True).run()
        assert_no_exception(app)
    assert calls["n"] == 0
    return [frame.value for frame in app.dataframe if list(frame.value.columns) == ["", "right", "with the bug"]]


def assert_shows(tables, expected: list):
    assert len(tables) == len(expected)
    for table, mistake in zip(tables, expected):
        assert list(table[""]) == [q.name for q in mistake.quantities]
        np.testing.assert_allclose(table["right"], [q.right for q in mistake.quantities], rtol=1e-6)
        np.testing.assert_allclose(table["with the bug"], [q.wrong for q in mistake.quantities], rtol=1e-6)


def test_sequence_classification(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-seq"])
    app = open_page("pages/sequence_classification.py", checkpoint=checkpoint, seq_text="the film was good")
    app.selectbox(key="seq_mistakes_gold").select(1).run()
    tables = switch_all_on(app, "seq", forward_calls, cached_model(checkpoint, "sequence_classification").model)
    result = classify(load_model(checkpoint, "sequence_classification"), "the film was good")
    assert_shows(tables, [mistakes.softmax_twice(result.logits, [1]),
                          mistakes.binary_cross_entropy_for_one_label(result.logits, [1])])


def test_a_multi_label_head(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-multilabel"])
    app = open_page("pages/sequence_classification.py", checkpoint=checkpoint, seq_text="the film was good")
    app.multiselect(key="seq_mistakes_gold_set").set_value([0, 1]).run()
    tables = switch_all_on(app, "seq", forward_calls, cached_model(checkpoint, "sequence_classification").model)
    result = classify(load_model(checkpoint, "sequence_classification"), "the film was good")
    assert_shows(tables, [mistakes.softmax_for_several_labels(result.logits, {0, 1})])


def test_token_classification(checkpoints, forward_calls):
    checkpoint, text = str(checkpoints["bert-ner"]), "zorba visited paris yesterday"
    app = open_page("pages/token_classification.py", checkpoint=checkpoint, ner_text=text)
    app.number_input(key="ner_mistakes_padded").set_value(64).run()
    tables = switch_all_on(app, "ner", forward_calls, cached_model(checkpoint, "token_classification").model)
    result = tag(load_model(checkpoint, "token_classification"), text)
    labels = token_loss(result, result.word_predictions).labels
    assert_shows(tables, [*mistakes.token_labels_not_ignored(result.logits, labels, result.word_ids),
                          mistakes.mean_over_padding(result.logits, labels, 64)])


def test_multiple_choice(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-mc"])
    app = open_page("pages/multiple_choice.py", checkpoint=checkpoint, mc_prompt="the film was",
                    mc_choices="good\nbad\nlong")
    app.selectbox(key="mc_mistakes_gold").select(2).run()
    tables = switch_all_on(app, "mc", forward_calls, cached_model(checkpoint, "multiple_choice").model)
    result = choose(load_model(checkpoint, "multiple_choice"), "the film was", ["good", "bad", "long"])
    assert_shows(tables, [mistakes.softmax_over_batch_axis(result.logits, 2)])
    assert tables[0]["with the bug"].tolist()[:2] == [1.0, 3.0]  # every P = 1, summing to the number of choices


def test_next_sentence(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-pretraining"])
    app = open_page("pages/next_sentence.py", checkpoint=checkpoint, nsp_a="the film was good", nsp_b="i loved it")
    tables = switch_all_on(app, "nsp", forward_calls, cached_model(checkpoint, "next_sentence").model)
    result = predict_next(load_model(checkpoint, "next_sentence"), "the film was good", "i loved it")
    assert_shows(tables, [mistakes.next_sentence_label_flipped(result.logits)])


def test_the_evaluate_page_applies_each_mistake_to_the_whole_set(checkpoints, forward_calls):
    import torch
    from transformers import AutoTokenizer

    from bert_explorer.evaluation.datasets import BUILT_IN, built_in

    checkpoint, tweets = str(checkpoints["bert-seq"]), list(BUILT_IN)[0]
    app = open_page("pages/evaluate.py", checkpoint=checkpoint, eval_data=tweets)
    if any(button.key == "eval_run" for button in app.button):
        app.button(key="eval_run").click().run()
    model = cached_model(checkpoint, "sequence_classification").model
    tables = switch_all_on(app, "eval", forward_calls, model)
    data = built_in(tweets)
    with torch.no_grad():
        logits = model(**AutoTokenizer.from_pretrained(checkpoint)(data.texts, padding=True, truncation=True,
                                                                   return_tensors="pt")).logits.numpy()
    gold = np.array([[0, 2][label] for label in data.labels])
    names = ["NEGATIVE", "NEUTRAL", "POSITIVE"]
    expected = [mistakes.softmax_twice(logits, gold), mistakes.binary_cross_entropy_for_one_label(logits, gold),
                mistakes.label_order(logits, gold, names, names[::-1], "reverse order"),
                mistakes.label_order(logits, gold, names, mistakes.first_seen_order(gold, names), "first seen"),
                mistakes.label_order(logits, gold, names, sorted(names), "alphabetical order")]
    for table, mistake in zip(tables, expected):
        np.testing.assert_allclose(table["with the bug"], [q.wrong for q in mistake.quantities], rtol=1e-4)
    assert len(tables) == len(expected)
