"""Each mistake's wrong number against an independent torch computation of that bug, written out here
the way the buggy code would be."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bert_explorer import mistakes
from bert_explorer.errors import InputError
from bert_explorer.scores import IGNORE_INDEX

LOGITS = np.array([[2.0, -1.0, 0.5], [0.1, 0.3, -2.0], [-1.5, 2.5, 1.0], [3.0, 0.0, -3.0]], dtype=np.float32)
GOLD = np.array([0, 2, 1, 1])


def values(mistake):
    return {q.name: (q.right, q.wrong) for q in mistake.quantities}


def test_softmax_twice():
    z, y = torch.tensor(LOGITS), torch.tensor(GOLD)
    right, wrong = values(mistakes.softmax_twice(LOGITS, GOLD))["mean loss"]
    assert right == pytest.approx(torch.nn.CrossEntropyLoss()(z, y).item(), rel=1e-6)
    assert wrong == pytest.approx(torch.nn.CrossEntropyLoss()(torch.softmax(z, -1), y).item(), rel=1e-6)
    assert wrong >= -np.log(np.e / (np.e + 2))
    accuracy = values(mistakes.softmax_twice(LOGITS, GOLD))["accuracy"]
    assert accuracy[0] == accuracy[1] == pytest.approx(0.5)


def test_binary_cross_entropy_for_one_label():
    z = torch.tensor(LOGITS)
    shown = values(mistakes.binary_cross_entropy_for_one_label(LOGITS, GOLD))
    targets = torch.zeros(4, 3)
    for row, label in enumerate(GOLD):
        targets[row, label] = 1.0
    assert shown["mean loss"][1] == pytest.approx(torch.nn.BCEWithLogitsLoss()(z, targets).item(), rel=1e-6)
    predicted_sets = [{k for k in range(3) if torch.sigmoid(z[row, k]) >= 0.5} for row in range(4)]
    exact = np.mean([s == {int(g)} for s, g in zip(predicted_sets, GOLD)])
    assert shown["accuracy (the predicted label set is exactly the gold)"] == pytest.approx((0.5, exact))
    assert shown["mean sum of the probabilities"][0] == pytest.approx(1.0)
    assert shown["mean sum of the probabilities"][1] == pytest.approx(torch.sigmoid(z).sum(-1).mean().item(), rel=1e-6)


def test_softmax_for_several_labels():
    z = torch.tensor(LOGITS[2])
    shown = values(mistakes.softmax_for_several_labels(LOGITS[2], {1, 2}))
    target = torch.tensor([0.0, 1.0, 1.0])
    assert shown["loss"][0] == pytest.approx(F.binary_cross_entropy_with_logits(z, target).item(), rel=1e-6)
    by_hand = -(0.5 * torch.log_softmax(z, -1)[1] + 0.5 * torch.log_softmax(z, -1)[2]).item()
    assert shown["loss"][1] == pytest.approx(by_hand, rel=1e-6)
    assert shown["labels on at 0.5"] == (2.0, 1.0)
    with pytest.raises(InputError):
        mistakes.softmax_for_several_labels(LOGITS[2], set())


def test_label_order_renames_predictions():
    names = ["negative", "neutral", "positive"]
    order = names[::-1]
    right, wrong = values(mistakes.label_order(LOGITS, GOLD, names, order, "reverse"))["accuracy, comparing names"]
    predicted = LOGITS.argmax(1)
    assert right == pytest.approx(np.mean(predicted == GOLD))
    assert wrong == pytest.approx(np.mean([order[p] == names[g] for p, g in zip(predicted, GOLD)]))
    assert "happens to equal" in mistakes.label_order(LOGITS, GOLD, names, names, "the same order").effect
    assert mistakes.first_seen_order(np.array([2, 0, 2]), names) == ["positive", "negative", "neutral"]


TOKEN_LOGITS = np.random.default_rng(0).normal(size=(7, 3)).astype(np.float32)
WORD_IDS = [None, 0, 0, 1, 2, 2, None]  # [CLS] w0 w0' w1 w2 w2' [SEP]
TOKEN_LABELS = np.array([IGNORE_INDEX, 1, IGNORE_INDEX, 0, 2, IGNORE_INDEX, IGNORE_INDEX])


def test_token_labels_not_ignored():
    subwords, specials = mistakes.token_labels_not_ignored(TOKEN_LOGITS, TOKEN_LABELS, WORD_IDS)
    z = torch.tensor(TOKEN_LOGITS)
    every_subword = torch.tensor([IGNORE_INDEX, 1, 1, 0, 2, 2, IGNORE_INDEX])
    with_specials = torch.tensor([0, 1, IGNORE_INDEX, 0, 2, IGNORE_INDEX, 0])
    right = F.cross_entropy(z, torch.tensor(TOKEN_LABELS))
    assert values(subwords)["mean loss"] == pytest.approx((right.item(), F.cross_entropy(z, every_subword).item()))
    assert values(specials)["mean loss"] == pytest.approx((right.item(), F.cross_entropy(z, with_specials).item()))
    assert values(subwords)["tokens the loss counts"] == (3, 5)
    assert values(specials)["tokens the loss counts"] == (3, 5)


def test_mean_over_padding():
    z = torch.tensor(TOKEN_LOGITS)
    padded_logits = torch.cat([z, torch.zeros(9, 3)])
    padded_labels = torch.cat([torch.tensor(TOKEN_LABELS), torch.full((9,), IGNORE_INDEX)])
    mask = padded_labels != IGNORE_INDEX
    per_token = F.cross_entropy(padded_logits, padded_labels.clamp(min=0), reduction="none") * mask
    shown = values(mistakes.mean_over_padding(TOKEN_LOGITS, TOKEN_LABELS, 16))
    assert shown["mean loss"][1] == pytest.approx(per_token.mean().item(), rel=1e-6)
    assert shown["mean loss"][0] == pytest.approx((per_token.sum() / mask.sum()).item(), rel=1e-6)
    with pytest.raises(InputError):
        mistakes.mean_over_padding(TOKEN_LOGITS, TOKEN_LABELS, 3)


def test_softmax_over_batch_axis():
    scores = torch.tensor([[1.2, -0.4, 0.3]])
    shown = values(mistakes.softmax_over_batch_axis(scores[0].numpy(), 2))
    wrong = torch.softmax(scores, dim=0)
    assert shown["P(choice 2)"] == pytest.approx((torch.softmax(scores, 1)[0, 2].item(), wrong[0, 2].item()))
    assert shown["sum of the probabilities"] == pytest.approx((1.0, 3.0))
    assert shown["loss if gold = 2"][1] == pytest.approx(-torch.log(wrong[0, 2]).item(), abs=1e-12)


def test_next_sentence_label_flipped():
    logits = np.array([2.0, -1.0], dtype=np.float32)
    shown = values(mistakes.next_sentence_label_flipped(logits))
    p = torch.softmax(torch.tensor(logits), -1)
    assert shown["P(B continues A)"] == pytest.approx((p[0].item(), p[1].item()), rel=1e-6)
    assert shown["loss for a true continuation"] == pytest.approx((-torch.log(p[0]).item(), -torch.log(p[1]).item()),
                                                                  rel=1e-6)
