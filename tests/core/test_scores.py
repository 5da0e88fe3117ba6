import numpy as np
import pytest
import torch
import torch.nn.functional as F
from transformers import BertConfig

from bert_explorer.errors import InputError
from bert_explorer.scores import (
    IDENTITY,
    SIGMOID,
    SOFTMAX,
    activation_for,
    binary_cross_entropy_per_label,
    cross_entropy_per_gold,
    multi_label_loss,
    probabilities,
    squared_error,
    tempered,
    thresholded,
)
from tolerance import float32_close

LOGITS = np.array([-4.673831, 4.7095485, 0.25], dtype=np.float32)


@pytest.mark.parametrize(
    "settings, expected",
    [
        (dict(num_labels=2), SOFTMAX),
        (dict(num_labels=5, problem_type="single_label_classification"), SOFTMAX),
        (dict(num_labels=4, problem_type="multi_label_classification"), SIGMOID),
        (dict(num_labels=1), IDENTITY),
        (dict(num_labels=3, problem_type="regression"), IDENTITY),
    ],
)
def test_the_activation_follows_the_config(settings, expected):
    activation = activation_for(BertConfig(**settings))
    assert activation.name == expected
    assert activation.reason


def test_probabilities_match_torch():
    softmax = probabilities(LOGITS, activation_for(BertConfig(num_labels=3)))
    sigmoid = probabilities(LOGITS, activation_for(BertConfig(num_labels=3, problem_type="multi_label_classification")))
    np.testing.assert_allclose(softmax, torch.tensor(LOGITS).softmax(-1).numpy(), rtol=1e-6)
    np.testing.assert_allclose(sigmoid, torch.tensor(LOGITS).sigmoid().numpy(), rtol=1e-6)
    assert softmax.sum() == pytest.approx(1.0)


def test_cross_entropy_for_every_gold_label_matches_torch():
    losses = cross_entropy_per_gold(LOGITS)
    for k in range(len(LOGITS)):
        expected = F.cross_entropy(torch.tensor(LOGITS)[None], torch.tensor([k]))
        assert losses[k] == pytest.approx(expected.item(), rel=1e-6)
    assert np.argmin(losses) == np.argmax(LOGITS)


def test_binary_cross_entropy_per_label_matches_torch():
    per_label = binary_cross_entropy_per_label(LOGITS)
    for k, logit in enumerate(LOGITS):
        for gold in (0.0, 1.0):
            expected = F.binary_cross_entropy_with_logits(torch.tensor(logit), torch.tensor(gold))
            # logsigmoid here, torch's own log-sum-exp form there: float32 at the logit's scale.
            assert per_label[k, int(gold)] == float32_close(expected.item(), logit)


def test_multi_label_loss_matches_torch():
    expected = F.binary_cross_entropy_with_logits(torch.tensor(LOGITS), torch.tensor([0.0, 1.0, 1.0]))
    assert multi_label_loss(LOGITS, {1, 2}) == float32_close(expected.item(), LOGITS)  # float64 mean, float32 there


def test_squared_error_matches_torch():
    expected = F.mse_loss(torch.tensor([0.25]), torch.tensor([3.5]))
    assert squared_error(0.25, 3.5) == pytest.approx(expected.item(), rel=1e-6)


@pytest.mark.parametrize("gold", [{3}, {-1}])
def test_an_out_of_range_gold_label_is_refused(gold):
    with pytest.raises(InputError, match="out of range"):
        multi_label_loss(LOGITS, gold)


def test_a_non_finite_gold_value_is_refused():
    with pytest.raises(InputError, match="finite"):
        squared_error(0.5, float("nan"))


@pytest.mark.parametrize("temperature", [0.1, 0.5, 1.0, 2.0, 7.5])
def test_temperature_moves_probabilities_and_loss_but_never_the_argmax(temperature):
    result = tempered(LOGITS, temperature)
    scaled = torch.from_numpy(LOGITS).double() / temperature
    np.testing.assert_allclose(result.probabilities, torch.softmax(scaled, dim=-1).numpy(), rtol=1e-6)
    for k in range(len(LOGITS)):
        expected = F.cross_entropy(scaled[None], torch.tensor([k])).item()
        assert result.loss_per_gold[k] == pytest.approx(expected, rel=1e-5)
    p = torch.softmax(scaled.double(), dim=-1)
    assert result.entropy == pytest.approx(float(-(p * p.log()).sum()), rel=1e-5)
    assert result.predicted == int(np.argmax(LOGITS))


def test_temperature_one_is_the_plain_softmax_and_a_high_one_flattens_it():
    np.testing.assert_allclose(tempered(LOGITS, 1.0).probabilities, probabilities(LOGITS, activation_for(
        BertConfig(num_labels=3))), rtol=1e-6)
    assert tempered(LOGITS, 1000.0).entropy == pytest.approx(np.log(3), rel=1e-4)
    with pytest.raises(InputError):
        tempered(LOGITS, 0.0)


@pytest.mark.parametrize("threshold", [0.05, 0.3, 0.5, 0.9])
@pytest.mark.parametrize("gold", [set(), {1}, {0, 2}, {0, 1, 2}])
def test_a_threshold_switches_labels_on_and_is_scored_as_scikit_learn_does(threshold, gold):
    from sklearn.metrics import f1_score, precision_score, recall_score

    result = thresholded(LOGITS, gold, threshold)
    on = torch.sigmoid(torch.from_numpy(LOGITS)).numpy() >= threshold
    assert result.on == tuple(np.flatnonzero(on))
    truth = np.array([k in gold for k in range(len(LOGITS))])
    assert result.precision == pytest.approx(precision_score(truth, on, zero_division=0))
    assert result.recall == pytest.approx(recall_score(truth, on, zero_division=0))
    assert result.f1 == pytest.approx(f1_score(truth, on, zero_division=0))


def test_a_threshold_outside_zero_to_one_is_refused():
    for threshold in (0.0, 1.0, 1.5):
        with pytest.raises(InputError):
            thresholded(LOGITS, {1}, threshold)
