import numpy as np
import pytest
import torch
from transformers import AutoTokenizer

from bert_explorer.errors import CheckpointError, InputError
from bert_explorer.loading import load_model
from bert_explorer.tasks.next_sentence import NSP_LABELS, nsp_table, predict_next
from tolerance import assert_float32_close, float32_atol, float32_close

A, B = "the film was good", "i loved it"


@pytest.fixture(scope="module")
def result(checkpoints):
    return predict_next(load_model(str(checkpoints["bert-pretraining"]), "next_sentence"), A, B)


def reference(checkpoint, **labels):
    model = load_model(str(checkpoint), "next_sentence").model
    inputs = AutoTokenizer.from_pretrained(str(checkpoint))(A, B, return_tensors="pt")
    with torch.no_grad():
        return model(**inputs, **labels), model, inputs


def test_index_zero_means_b_continues_a():
    assert NSP_LABELS[0] == "B continues A" and NSP_LABELS[1] == "B is random"


def test_logits_losses_and_segments_are_the_models_own(checkpoints, result):
    outputs, _, inputs = reference(checkpoints["bert-pretraining"])
    np.testing.assert_array_equal(result.logits, outputs.logits[0].numpy())
    assert result.encoding.token_type_ids.tolist() == inputs["token_type_ids"][0].tolist()
    for label in (0, 1):
        with_label, _, _ = reference(checkpoints["bert-pretraining"], labels=torch.tensor([label]))
        assert result.loss_per_gold[label] == float32_close(with_label.loss.item(), with_label.logits)
    assert nsp_table(result)["meaning"].tolist() == list(NSP_LABELS)


def test_the_head_reads_the_pooler(checkpoints, result):
    _, model, inputs = reference(checkpoints["bert-pretraining"])
    with torch.no_grad():
        pooled = model.bert(**inputs).pooler_output[0].numpy()
    assert_float32_close(result.pooler.pooler_output, pooled)
    assert_float32_close(result.by_hand.logits, result.logits)
    assert result.pooler.max_abs_diff < float32_atol()  # tanh's output is at most 1


def test_a_model_without_nsp_is_refused(checkpoints):
    loaded = load_model(str(checkpoints["roberta-seq"]), "masked_lm")
    with pytest.raises(CheckpointError, match="only for BERT"):
        predict_next(loaded, A, B)


def test_an_empty_sentence_is_refused(checkpoints):
    with pytest.raises(InputError, match="empty"):
        predict_next(load_model(str(checkpoints["bert-pretraining"]), "next_sentence"), A, " ")
