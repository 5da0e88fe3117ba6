import pytest
import torch
from transformers import AutoTokenizer

from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from bert_explorer.tasks.pretraining import pretrain, pretraining_loss
from tolerance import assert_float32_close, float32_close

A, B = "the [MASK] was good", "i loved it"


@pytest.fixture(scope="module")
def loaded(checkpoints):
    return load_model(str(checkpoints["bert-pretraining"]), "pretraining")


def test_total_loss_is_mlm_plus_nsp_as_the_model_computes_it(checkpoints, loaded):
    result = pretrain(loaded, A, B)
    loss = pretraining_loss(loaded, result, ["film"], 1)
    model = load_model(str(checkpoints["bert-pretraining"]), "pretraining").model
    inputs = AutoTokenizer.from_pretrained(str(checkpoints["bert-pretraining"]))(A, B, return_tensors="pt")
    with torch.no_grad():
        outputs = model(**inputs, labels=torch.from_numpy(loss.masked.labels)[None],
                        next_sentence_label=torch.tensor([1]))
    assert loss.total == float32_close(outputs.loss.item(), outputs.prediction_logits, outputs.seq_relationship_logits)
    assert loss.total == pytest.approx(loss.masked.mean + loss.next_sentence)
    assert_float32_close(result.next_sentence.logits, outputs.seq_relationship_logits[0].numpy())


def test_a_mask_is_required(loaded):
    with pytest.raises(InputError, match="at least one"):
        pretrain(loaded, "the film was good", B)


def test_the_nsp_label_is_checked(loaded):
    result = pretrain(loaded, A, B)
    with pytest.raises(InputError, match="next-sentence label"):
        pretraining_loss(loaded, result, ["film"], 2)
