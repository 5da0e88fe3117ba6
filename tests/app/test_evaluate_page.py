"""The Evaluate page through AppTest: the zoo default offline, metrics equal scikit-learn's on the
model's own predictions, label mapping, cells of the confusion matrix, calibration."""

import numpy as np
import pytest
import torch
from sklearn.metrics import precision_recall_fscore_support
from transformers import AutoTokenizer

from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from bert_explorer.evaluation.calibration import reliability
from bert_explorer.evaluation.datasets import BUILT_IN, built_in
from bert_explorer.zoo import entry
from harness.plotly_data import figure, trace

PAGE = "pages/evaluate.py"
NAMES = ["NEGATIVE", "NEUTRAL", "POSITIVE"]
TWEETS, TOPICS = list(BUILT_IN)


def evaluated(app):
    """Press Evaluate, unless the server already keeps this evaluation (then it is shown at once)."""
    if any(button.key == "eval_run" for button in app.button):
        app.button(key="eval_run").click().run()
    assert_no_exception(app)
    assert app.metric, "no evaluation shown"
    return app


@pytest.mark.slow
def test_the_zoo_default_evaluates_to_its_cards_accuracy():
    app = evaluated(open_page(PAGE))
    shown = {m.label: m.value for m in app.metric}
    card = entry(BUILT_IN[TWEETS][1]).metrics
    assert shown["Examples"] == f"{card['held_out_examples']:,}"
    assert shown["Accuracy"] == f"{card['accuracy']:.4f}"


def tiny_head_on_the_tweets(checkpoints):
    """The Evaluate page on the held-out tweets with the tiny 3-label head; the model, its padded inputs (one batch,
    unsorted: independent of the page's batching) and the gold ids."""
    checkpoint = str(checkpoints["bert-seq"])
    app = evaluated(open_page(PAGE, checkpoint=checkpoint, eval_data=TWEETS))
    data = built_in(TWEETS)
    inputs = AutoTokenizer.from_pretrained(checkpoint)(data.texts, padding=True, truncation=True, return_tensors="pt")
    gold = np.array([[0, 2][label] for label in data.labels])  # negative, positive → NEGATIVE, POSITIVE
    return app, cached_model(checkpoint, "sequence_classification").model, inputs, gold


def test_metrics_are_scikit_learns_on_the_models_own_predictions(checkpoints, forward_calls):
    app, model, inputs, gold = tiny_head_on_the_tweets(checkpoints)
    with torch.no_grad():
        logits = model(**inputs).logits.numpy()
    predicted = logits.argmax(1)
    table = app.dataframe[0].value
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=[0, 1, 2],
                                                                     zero_division=0)
    np.testing.assert_allclose(table["precision"], precision)
    np.testing.assert_allclose(table["recall"], recall)
    np.testing.assert_allclose(table["f1"], f1)
    assert table["support"].tolist() == support.tolist()
    curve = trace(charts_by_title(app)["Reliability diagram"], 1)
    expected = reliability(torch.softmax(torch.tensor(logits, dtype=torch.float64), -1).numpy(), gold)
    np.testing.assert_allclose(np.array(curve["y"], dtype=float), expected.accuracy, atol=1e-6)

    calls = forward_calls(model)
    app.selectbox(key="eval_cell_gold").select(2).run()
    app.selectbox(key="eval_cell_predicted").select(int(predicted[0])).run()
    assert_no_exception(app)
    assert calls["n"] == 0  # picking a cell reads the kept evaluation
    cell = app.dataframe[1].value
    assert len(cell) == min(50, int(np.sum((gold == 2) & (predicted == predicted[0]))))
    assert set(cell["gold"]) <= {"POSITIVE"}


def test_unknown_labels_are_refused_until_mapped(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], eval_data=TOPICS)
    assert_no_exception(app)
    assert any("The model has no label" in e.value for e in app.error)
    assert not app.button  # nothing to run yet
    for k, topic in enumerate(built_in(TOPICS).label_names):
        app.selectbox(key=f"eval_map_{topic}").select(["NEGATIVE", "NEUTRAL", "POSITIVE"][k % 3]).run()
    assert not app.error
    app = evaluated(app)
    assert "Mapped by hand" in " ".join(c.value for c in app.caption)
    assert app.metric[-1].value == f"{len(built_in(TOPICS)):,}"


def test_a_hardest_example_links_to_its_page(checkpoints):
    app = evaluated(open_page(PAGE, checkpoint=checkpoints["bert-seq"], eval_data=TWEETS))
    hardest = app.dataframe[2].value
    assert hardest["loss"].is_monotonic_decreasing
    assert hardest["open"][0].startswith("/sequence_classification?checkpoint=")


def test_the_geometry_projects_the_models_own_cls_and_pooler_vectors(checkpoints):
    app, model, inputs, gold = tiny_head_on_the_tweets(checkpoints)
    with torch.no_grad():
        hidden = model.bert(**inputs)
        predicted = model(**inputs).logits.argmax(-1).numpy()
    charts = charts_by_title(app)
    for title, vectors in (("PCA of the [CLS] last hidden state", hidden.last_hidden_state[:, 0]),
                           ("PCA of the pooler output (tanh(W_p·h_CLS + b_p))", hidden.pooler_output)):
        centred = vectors.double().numpy() - vectors.double().numpy().mean(axis=0)
        expected = centred @ np.linalg.svd(centred, full_matrices=False)[2][:2].T
        drawn = {trace(charts[title], i)["name"]: trace(charts[title], i)
                 for i in range(len(figure(charts[title])["data"]))}
        for name, points in drawn.items():  # "gold NEGATIVE, predicted POSITIVE": rows of that cell
            gold_name, predicted_name = (part.split(" ", 1)[1] for part in name.split(", "))
            rows = (gold == NAMES.index(gold_name)) & (predicted == NAMES.index(predicted_name))
            np.testing.assert_allclose(np.abs(np.asarray(points["x"], dtype=float)), np.abs(expected[rows, 0]),
                                       atol=2e-4)
            np.testing.assert_allclose(np.abs(np.asarray(points["y"], dtype=float)), np.abs(expected[rows, 1]),
                                       atol=2e-4)
        assert sum(len(points["x"]) for points in drawn.values()) == len(gold)
    values = trace(charts["Every coordinate of the pooler output (tanh(W_p·h_CLS + b_p)), all examples"])
    assert int(np.sum(values["y"])) == hidden.pooler_output.numel()
    share = float(np.mean(np.abs(hidden.pooler_output.numpy()) >= 0.95))
    assert any(f"{share:.1%} of the values have |v| ≥ 0.95" in c.value for c in app.caption)
