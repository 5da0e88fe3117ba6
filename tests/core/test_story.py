"""The story's numbers against torch's own softmax and cross-entropy, and its words against its numbers."""

import re

import numpy as np
import pytest
import torch

from bert_explorer.loading import load_model
from bert_explorer.story import scoring_story
from bert_explorer.tasks.sequence_classification import classify
from tolerance import shown_close

NAMES = ["0 → negative", "1 → neutral", "2 → positive"]
LOGITS = np.array([-1.25, 0.5, 2.0], dtype=np.float32)


@pytest.mark.parametrize("temperature", [1.0, 0.3, 2.5])
def test_the_probabilities_and_losses_are_torch_s_at_every_temperature(temperature):
    story = scoring_story(NAMES, LOGITS, temperature=temperature)
    scaled = torch.tensor(LOGITS, dtype=torch.float64) / temperature
    np.testing.assert_allclose(story.scaled.probabilities, torch.softmax(scaled, -1).numpy(), rtol=1e-12)
    losses = [torch.nn.functional.cross_entropy(scaled[None], torch.tensor([k])).item() for k in range(3)]
    np.testing.assert_allclose(story.scaled.loss_per_gold, losses, rtol=1e-12)
    np.testing.assert_allclose(story.plain.probabilities, torch.softmax(torch.tensor(LOGITS, dtype=torch.float64),
                                                                        -1).numpy(), rtol=1e-12)
    assert story.predicted == 2  # dividing by T > 0 never moves the argmax


def test_the_headline_states_the_prediction_and_the_gold_s_loss():
    story = scoring_story(NAMES, LOGITS, gold=0)
    p, loss = story.scaled.probabilities, story.scaled.loss_per_gold
    assert story.headline("label") == (
        f"Predicted label: 2 → positive (logit 2.0000, probability {p[2]:.4f}). Gold label: 0 → negative, so the "
        f"prediction is wrong; the loss is {loss[0]:.4f}.")
    right = scoring_story(NAMES, LOGITS, gold=2).headline("label")
    assert f"prediction is right; the loss is {loss[2]:.4f}." in right
    alone = scoring_story(NAMES, LOGITS).headline("label")
    assert alone.endswith(f"Its loss if it were the gold: {loss[2]:.4f}.")
    tempered = scoring_story(NAMES, LOGITS, temperature=0.5).headline("label")
    assert "at T = 0.5" in tempered


def test_the_path_carries_the_model_s_own_numbers(checkpoints):
    loaded = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    result = classify(loaded, "the film was a delight")
    names = list(result.label_names)
    story = scoring_story(names, result.logits, gold=1, tokens=len(result.encoding.tokens), hand=result.by_hand)
    tokens, reads, logits, softmax, loss = story.path
    assert tokens == f"{len(result.encoding.tokens)} tokens"
    assert reads == f"{result.by_hand.head_input}: {loaded.config.hidden_size} numbers"
    assert logits == f"{result.by_hand.formula}: {loaded.config.num_labels} logits"
    assert softmax.startswith(f"softmax: p({names[1]}) = ")
    assert number_in(softmax) == shown_close(result.probabilities[1], 4)  # the model's own, from its float32
    assert loss.startswith("−log p = ") and number_in(loss) == shown_close(result.loss_per_gold[1], 4)


def number_in(step: str) -> float:
    return float(re.search(r"= (\S+)$", step).group(1))
