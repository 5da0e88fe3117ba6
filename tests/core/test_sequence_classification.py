import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from bert_explorer.export import to_json
from bert_explorer.loading import load_model
from bert_explorer.scores import multi_label_loss, squared_error
from bert_explorer.tasks.sequence_classification import classify, label_table
from tolerance import assert_float32_close, float32_atol, float32_close

TEXT, PAIR = "the film was a delight", "i loved it"


def reference(checkpoint, **labels):
    """The model's own outputs, from a separate instance, without the app's code."""
    fresh = load_model(str(checkpoint), "sequence_classification").model
    inputs = fresh_tokenizer(checkpoint)(TEXT, PAIR, return_tensors="pt")
    with torch.no_grad():
        return fresh(**inputs, output_attentions=True, output_hidden_states=True, **labels), fresh, inputs


def fresh_tokenizer(checkpoint):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(checkpoint))


@pytest.fixture(scope="module")
def bert_result(checkpoints):
    loaded = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    return classify(loaded, TEXT, PAIR)


def test_logits_and_labels_are_the_models_own(checkpoints, bert_result):
    outputs, _, _ = reference(checkpoints["bert-seq"])
    np.testing.assert_array_equal(bert_result.logits, outputs.logits[0].numpy())
    assert bert_result.label_names == ["NEGATIVE", "NEUTRAL", "POSITIVE"]
    table = label_table(bert_result)
    assert table["label"].tolist() == bert_result.label_names
    assert table["index"].tolist() == [0, 1, 2]
    assert bert_result.predicted == int(outputs.logits.argmax())


def test_loss_for_each_gold_label_equals_the_models_own_loss(checkpoints, bert_result):
    for k in range(3):
        outputs, _, _ = reference(checkpoints["bert-seq"], labels=torch.tensor([k]))
        assert bert_result.loss_per_gold[k] == float32_close(outputs.loss.item(), outputs.logits)
    np.testing.assert_allclose(
        bert_result.probabilities, F.softmax(torch.tensor(bert_result.logits), -1).numpy(), rtol=1e-6
    )


def test_multi_label_loss_equals_the_models_own(checkpoints):
    loaded = load_model(str(checkpoints["bert-multilabel"]), "sequence_classification")
    result = classify(loaded, TEXT, PAIR)
    assert result.activation.name == "sigmoid"
    gold = torch.tensor([[1.0, 0.0, 1.0, 0.0]])
    outputs, _, _ = reference(checkpoints["bert-multilabel"], labels=gold)
    assert multi_label_loss(result.logits, {0, 2}) == float32_close(outputs.loss.item(), outputs.logits)


def test_regression_error_equals_the_models_own(checkpoints):
    loaded = load_model(str(checkpoints["bert-regression"]), "sequence_classification")
    result = classify(loaded, TEXT, PAIR)
    assert result.activation.name == "identity" and result.loss_per_gold is None
    outputs, _, _ = reference(checkpoints["bert-regression"], labels=torch.tensor([2.5]))
    assert squared_error(result.logits[0], 2.5) == float32_close(outputs.loss.item(), outputs.logits)


@pytest.mark.parametrize("name", ["bert-seq", "roberta-seq", "distilbert-seq", "electra-seq"])
def test_logits_by_hand_match_the_model(checkpoints, name):
    loaded = load_model(str(checkpoints[name]), "sequence_classification")
    result = classify(loaded, TEXT, PAIR)
    assert result.by_hand.covered
    assert_float32_close(result.by_hand.logits, result.logits)
    assert result.by_hand.max_abs_diff == pytest.approx(float(np.abs(result.by_hand.logits - result.logits).max()))


def test_bert_classifies_the_pooler_output(checkpoints, bert_result):
    _, model, inputs = reference(checkpoints["bert-seq"])
    with torch.no_grad():
        base = model.bert(**inputs)
    assert_float32_close(bert_result.pooler.pooler_output, base.pooler_output[0].numpy())
    assert_float32_close(bert_result.by_hand.input_vector, base.pooler_output[0].numpy())
    np.testing.assert_array_equal(bert_result.pooler.cls_hidden, base.last_hidden_state[0, 0].numpy())


def test_pooler_recomputed_by_hand(bert_result):
    pooler = bert_result.pooler
    assert pooler.max_abs_diff < float32_atol()  # tanh's output is at most 1
    expected_cosine = F.cosine_similarity(
        torch.tensor(pooler.pooler_output), torch.tensor(pooler.cls_hidden), dim=0
    ).item()
    assert pooler.cosine == float32_close(expected_cosine)
    assert pooler.cls_norm == pytest.approx(torch.tensor(pooler.cls_hidden).norm().item(), rel=1e-6)
    assert pooler.activation == "tanh"


def test_a_head_without_pooler_says_so(checkpoints):
    loaded = load_model(str(checkpoints["roberta-seq"]), "sequence_classification")
    result = classify(loaded, TEXT, PAIR)
    assert result.pooler.pooler_output is None and result.pooler.cosine is None
    assert "first token" in result.by_hand.head_input


def test_attention_is_the_models_own(checkpoints, bert_result):
    outputs, _, _ = reference(checkpoints["bert-seq"])
    expected = torch.stack(outputs.attentions)[:, 0]
    assert_float32_close(np.stack(bert_result.attention.weights), expected.numpy())
    assert_float32_close(bert_result.attention.mean_over_heads, expected.mean(1).numpy())
    entropy = torch.distributions.Categorical(probs=expected).entropy().mean(-1)
    assert_float32_close(bert_result.attention.entropy, entropy.numpy())
    assert_float32_close(bert_result.attention.to_first_token, expected[..., 0].mean(-1).numpy())
    special = torch.tensor(bert_result.encoding.special_tokens_mask, dtype=torch.bool)
    np.testing.assert_allclose(
        bert_result.attention.to_special_tokens, expected[..., special].sum(-1).mean(-1).numpy(), atol=1e-6
    )


def test_the_result_exports_as_json(bert_result):
    data = json.loads(to_json(bert_result))
    assert data["logits"] == pytest.approx(bert_result.logits.tolist())
    assert data["label_names"] == bert_result.label_names
    assert "weights" not in data["attentions"][0]
    assert data["encodings"][0]["tokens"][0] == "[CLS]"


def test_timings_are_recorded(bert_result):
    assert set(bert_result.timings_ms) == {"tokenise", "forward", "derive"}
    assert all(value >= 0 for value in bert_result.timings_ms.values())
