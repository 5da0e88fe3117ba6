"""The Evaluate page's core: batched logits against the model one example at a time, metrics
against hand counts, calibration on sets built to have a known answer, temperature scaling."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from transformers import AutoTokenizer

from bert_explorer.errors import Cancelled, InputError
from bert_explorer.evaluation.calibration import calibration, fit_temperature, reliability
from bert_explorer.evaluation.datasets import digest
from bert_explorer.evaluation.labels import align
from bert_explorer.evaluation.metrics import classification_metrics
from bert_explorer.evaluation.predict import batched_outputs
from bert_explorer.evaluation.run import evaluate
from bert_explorer.loading import load_model
from bert_explorer.training.data import from_rows
from tolerance import assert_float32_close

TEXTS = ["the film was good", "bad", "i loved it and the film was a delight", "terrible film", "it was ok",
         "good good good", "the end", "paris is in france and the film was long"]
NAMES = ["positive", "negative", "positive", "negative", "neutral", "positive", "neutral", "negative"]


@pytest.fixture(scope="module")
def loaded(checkpoints):
    return load_model(str(checkpoints["bert-seq"]), "sequence_classification")


def test_batched_outputs_equal_the_model_one_example_at_a_time(checkpoints, loaded):
    batched = batched_outputs(loaded, TEXTS, batch_size=3)
    tokenizer = AutoTokenizer.from_pretrained(str(checkpoints["bert-seq"]))
    for i, text in enumerate(TEXTS):
        with torch.no_grad():
            alone = loaded.model(**tokenizer(text, return_tensors="pt"), output_hidden_states=True)
            pooled = loaded.model.bert.pooler(alone.hidden_states[-1])[0]
        cls = alone.hidden_states[-1][0, 0]
        assert_float32_close(batched.logits[i], alone.logits[0].numpy())
        assert_float32_close(batched.cls[i], cls.numpy())
        assert_float32_close(batched.head_input[i], pooled.numpy())


def test_a_progress_report_can_cancel(loaded):
    def stop(done, total):
        raise Cancelled("Stopped.")

    with pytest.raises(Cancelled):
        batched_outputs(loaded, TEXTS, batch_size=2, progress=stop)


def test_metrics_against_counts_by_hand():
    gold = np.array([0, 0, 0, 1, 1, 2])
    predicted = np.array([0, 1, 0, 1, 2, 2])
    metrics = classification_metrics(gold, predicted, 4)  # label 3 never occurs
    np.testing.assert_allclose(metrics.precision, [1, 1 / 2, 1 / 2, 0])
    np.testing.assert_allclose(metrics.recall, [2 / 3, 1 / 2, 1, 0])
    np.testing.assert_allclose(metrics.f1, [0.8, 0.5, 2 / 3, 0])
    assert list(metrics.support) == [3, 2, 1, 0]
    assert metrics.accuracy == pytest.approx(4 / 6)
    assert metrics.micro[2] == pytest.approx(4 / 6)
    assert metrics.macro[2] == pytest.approx((0.8 + 0.5 + 2 / 3) / 4)
    assert metrics.confusion.tolist() == [[2, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]]


def test_ece_is_zero_when_confidence_equals_accuracy():
    # 10 examples at confidence 0.8 with 8 right; 10 at 0.6 with 6 right.
    confidence = np.r_[np.full(10, 0.8), np.full(10, 0.6)]
    probabilities = np.stack([confidence, 1 - confidence], axis=1)
    gold = np.r_[np.zeros(8), np.ones(2), np.zeros(6), np.ones(4)].astype(int)
    assert reliability(probabilities, gold).ece == pytest.approx(0, abs=1e-12)


def test_ece_of_an_over_confident_head_by_hand():
    # Always 90% sure, right half the time: ECE = |0.5 − 0.9| = 0.4.
    probabilities = np.tile([0.9, 0.1], (10, 1))
    gold = np.array([0, 1] * 5)
    bins = reliability(probabilities, gold)
    assert bins.ece == pytest.approx(0.4)
    assert bins.counts.sum() == 10 and bins.counts[13] == 10  # 0.9 lies in (0.8667, 0.9333]


def test_nll_and_brier_against_torch_and_a_loop():
    rng = np.random.default_rng(0)
    logits, gold = rng.normal(size=(40, 3)), rng.integers(0, 3, size=40)
    result = calibration(logits, gold, temperature=2.0)
    assert result.nll == pytest.approx(F.cross_entropy(torch.tensor(logits) / 2, torch.tensor(gold)).item())
    p = torch.softmax(torch.tensor(logits) / 2, dim=-1).numpy()
    brier = np.mean([sum((p[i, k] - (k == gold[i])) ** 2 for k in range(3)) for i in range(40)])
    assert result.brier == pytest.approx(brier)


def test_temperature_scaling_lowers_nll_and_keeps_every_prediction():
    rng = np.random.default_rng(1)
    gold = rng.integers(0, 4, size=300)
    logits = rng.normal(size=(300, 4))
    logits[np.arange(300), gold] += 1.0
    logits *= 6  # over-confident
    temperature = fit_temperature(logits, gold)
    before, after = calibration(logits, gold), calibration(logits, gold, temperature)
    assert temperature > 1 and after.nll < before.nll
    assert np.array_equal(before.probabilities.argmax(1), after.probabilities.argmax(1))
    grid = np.linspace(0.5, 20, 4000)
    best = grid[np.argmin([calibration(logits, gold, t).nll for t in grid])]
    assert temperature == pytest.approx(best, abs=0.01)


def test_labels_align_by_name_by_id_or_by_hand():
    model = ["NEGATIVE", "NEUTRAL", "POSITIVE"]
    assert align(["positive ", "Negative"], model).to_model.tolist() == [2, 0]
    assert align(["0", "2"], model).to_model.tolist() == [0, 2]
    assert align(["good", "bad"], model, {"good": "POSITIVE", "bad": "NEGATIVE"}).to_model.tolist() == [2, 0]
    with pytest.raises(InputError, match="no label 'joy'"):
        align(["positive", "joy"], model)


def test_evaluate_scores_every_example_with_its_gold(loaded):
    data = from_rows(TEXTS, None, NAMES)
    result = evaluate(loaded, data)
    gold = np.array([["negative", "neutral", "positive"].index(n) for n in NAMES])
    np.testing.assert_array_equal(result.gold, gold)
    expected = F.cross_entropy(torch.tensor(result.logits), torch.tensor(gold), reduction="none").numpy()
    np.testing.assert_allclose(result.losses, expected, rtol=1e-5)
    assert result.hardest(3).tolist() == np.argsort(-expected)[:3].tolist()
    assert set(result.cell(0, int(result.predicted[1]))) >= {1}
    assert result.metrics.confusion.sum() == len(TEXTS)


def test_one_class_only_is_said(loaded):
    result = evaluate(loaded, from_rows(TEXTS[:3], None, ["positive"] * 3, for_training=False))
    assert any("Every example has the gold label POSITIVE" in note for note in result.notes)


def test_sigmoid_and_regression_heads_are_refused(checkpoints):
    for name in ("bert-multilabel", "bert-regression"):
        with pytest.raises(InputError, match="single-label"):
            evaluate(load_model(str(checkpoints[name]), "sequence_classification"), from_rows(TEXTS, None, NAMES))


def test_the_digest_changes_with_any_label():
    a = from_rows(TEXTS, None, NAMES)
    b = from_rows(TEXTS, None, NAMES[:-1] + ["positive"])
    assert digest(a) == digest(from_rows(TEXTS, None, NAMES)) != digest(b)


def test_the_loss_histogram_counts_every_example(loaded):
    result = evaluate(loaded, from_rows(TEXTS, None, NAMES))
    counts, centres = result.loss_histogram(bins=4)
    expected, edges = np.histogram(result.losses, bins=4)
    assert counts.tolist() == expected.tolist() and counts.sum() == len(TEXTS)
    np.testing.assert_allclose(centres, [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:])])


def test_the_projection_is_pca_of_the_centred_vectors():
    from bert_explorer.evaluation.geometry import project

    vectors = np.random.default_rng(0).normal(size=(50, 6)) * np.array([5.0, 3.0, 1.0, 0.5, 0.2, 0.1])
    projection = project(vectors)
    centred = vectors - vectors.mean(axis=0)
    _, singular, right = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ right[:2].T
    for axis in range(2):  # a principal direction is defined up to its sign
        sign = np.sign(np.dot(projection.points[:, axis], expected[:, axis]))
        np.testing.assert_allclose(sign * projection.points[:, axis], expected[:, axis], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(projection.explained, singular[:2] ** 2 / np.sum(singular ** 2), rtol=1e-6)


def test_the_value_histogram_counts_every_coordinate_and_the_saturated_share():
    from bert_explorer.evaluation.geometry import SATURATED, values

    head_input = np.tanh(np.random.default_rng(1).normal(scale=2.0, size=(40, 8)))
    shown = values(head_input, "tanh")
    assert shown.counts.sum() == head_input.size
    assert shown.edges[0] == -1.0 and shown.edges[-1] == 1.0
    assert shown.saturated == pytest.approx(np.count_nonzero(np.abs(head_input) >= SATURATED) / head_input.size)
    assert values(head_input, "gelu").saturated is None


def test_an_evaluation_carries_the_geometry_of_its_own_vectors(loaded):
    result = evaluate(loaded, from_rows(TEXTS, None, NAMES))
    outputs = batched_outputs(loaded, TEXTS)
    from bert_explorer.evaluation.geometry import project

    np.testing.assert_allclose(np.abs(result.geometry.cls.points), np.abs(project(outputs.cls).points), atol=1e-4)
    np.testing.assert_allclose(np.abs(result.geometry.head_input.points), np.abs(project(outputs.head_input).points),
                               atol=1e-4)
    assert result.geometry.activation == "tanh"
    assert result.geometry.values.counts.sum() == outputs.head_input.size
    assert evaluate(loaded, from_rows(TEXTS[:2], None, NAMES[:2])).geometry is None


@pytest.mark.slow
def test_fifty_thousand_rows_are_read_and_evaluated_with_progress(loaded):
    from bert_explorer.training.data import MAX_ROWS, read_upload

    rows = ["text,label"] + [f"{TEXTS[i % len(TEXTS)]} {i % 97},{NAMES[i % len(NAMES)]}" for i in range(MAX_ROWS)]
    data = read_upload("\n".join(rows).encode(), "big.csv", for_training=False)
    reports = []
    result = evaluate(loaded, data, progress=lambda done, total: reports.append((done, total)))
    assert len(result.gold) == MAX_ROWS == 50_000
    assert reports[-1] == (MAX_ROWS, MAX_ROWS) and len(reports) == -(-MAX_ROWS // 64)
    assert all(a[0] < b[0] for a, b in zip(reports, reports[1:]))
    assert result.geometry.cls.points.shape == (MAX_ROWS, 2)  # the evaluation keeps 2-D points, not vectors
    with pytest.raises(InputError, match="limit is 50,000"):
        read_upload("\n".join(rows + ["one more,positive"]).encode(), "big.csv", for_training=False)
