"""The path from hidden state to logits, per architecture family: the pooler output after its activation
equals what the model's own classifier received, and the logits by hand equal the model's logits."""

import inspect

import numpy as np
import pytest
import torch

from bert_explorer.head_path import path_of
from bert_explorer.loading import load_model
from bert_explorer.tasks.multiple_choice import choose
from bert_explorer.tasks.sequence_classification import classify
from families import FAMILIES, NOT_DRAWN
from tiny import tokenizer_of
from tolerance import assert_float32_close, float32_close

TEXT = "the film was good"
CHOICES = ["good", "very bad"]


def classifier_input(loaded, run) -> np.ndarray:
    """The input of the head's last Linear, captured by a hook of the test's own while the model runs."""
    captured = {}
    name = path_of(loaded.model).classifier
    hook = loaded.model.get_submodule(name).register_forward_pre_hook(lambda _m, a: captured.setdefault("x", a[0]))
    try:
        with torch.no_grad():
            logits = run()
    finally:
        hook.remove()
    return captured["x"].numpy(), logits.numpy()


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_sequence_classification_path(families, family):
    loaded = load_model(str(families[family]), "sequence_classification")
    result = classify(loaded, TEXT)
    inputs = {"input_ids": torch.from_numpy(result.encoding.input_ids)[None],
              "attention_mask": torch.from_numpy(result.encoding.attention_mask)[None]}
    seen, logits = classifier_input(loaded, lambda: loaded.model(**inputs).logits)
    assert_float32_close(result.logits, logits[0])
    assert result.by_hand.covered
    assert_float32_close(result.by_hand.logits, logits[0])
    if result.pooler.pooler_output is not None:
        # The pooler output shown is after its activation: exactly what the classifier read.
        assert_float32_close(result.pooler.pooler_output, seen[0])
        assert_float32_close(result.pooler.recomputed, seen[0])
    else:
        assert family in ("roberta", "xlm-roberta", "distilbert", "electra", "mpnet", "convbert")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_multiple_choice_path(families, family):
    loaded = load_model(str(families[family]), "multiple_choice")
    result = choose(loaded, TEXT, CHOICES)
    with loaded.lock:
        batch = tokenizer_of(loaded)([TEXT] * 2, CHOICES, padding=True, return_tensors="pt")
    accepted = inspect.signature(loaded.model.forward).parameters
    inputs = {k: v[None] for k, v in batch.items() if k in accepted}
    with torch.no_grad():
        logits = loaded.model(**inputs).logits[0].numpy()
    assert_float32_close(result.logits, logits)
    for k, choice in enumerate(result.choices):
        if (family, "multiple_choice") in NOT_DRAWN:
            assert not choice.by_hand.covered and "not drawn" in choice.by_hand.formula
            assert not choice.pooler.drawn and "not drawn" in choice.pooler.note
            continue
        assert choice.by_hand.covered
        assert choice.by_hand.logits[0] == float32_close(logits[k])
    if (family, "multiple_choice") not in NOT_DRAWN and result.choices[0].pooler.pooler_output is not None:
        seen, _ = classifier_input(loaded, lambda: loaded.model(**inputs).logits)
        for k, choice in enumerate(result.choices):
            assert_float32_close(choice.pooler.pooler_output, seen[k])


def test_albert_pooler_is_read_after_its_separate_tanh(families):
    loaded = load_model(str(families["albert"]), "sequence_classification")
    result = classify(loaded, TEXT)
    h_cls = torch.from_numpy(result.pooler.cls_hidden)
    with torch.no_grad():
        expected = loaded.model.albert.pooler_activation(loaded.model.albert.pooler(h_cls)).numpy()
    assert_float32_close(result.pooler.pooler_output, expected)
    assert result.pooler.activation == "tanh" and np.abs(result.pooler.pooler_output).max() <= 1


def test_an_unknown_family_is_said_not_drawn():
    class Unknown(torch.nn.Module):
        config = type("Config", (), {"model_type": "something-new"})()

    path = path_of(Unknown())
    assert not path.drawn and "not drawn" in path.reason
