import pytest
import torch
import torch.nn.functional as F
from transformers import AutoTokenizer

from bert_explorer.errors import InputError
from bert_explorer.loading import load_model
from bert_explorer.tasks.multiple_choice import choices_table, choose
from tolerance import assert_float32_close, float32_close

PROMPT = "the film was"
CHOICES = ["good", "very bad", "a delight from start to finish"]


@pytest.fixture(scope="module")
def loaded(checkpoints):
    return load_model(str(checkpoints["bert-mc"]), "multiple_choice")


@pytest.fixture(scope="module")
def result(loaded):
    return choose(loaded, PROMPT, CHOICES)


def reference(checkpoint, **labels):
    model = load_model(str(checkpoint), "multiple_choice").model
    batch = AutoTokenizer.from_pretrained(str(checkpoint))([PROMPT] * 3, CHOICES, padding=True, return_tensors="pt")
    with torch.no_grad():
        return model(**{k: v.unsqueeze(0) for k, v in batch.items()}, **labels), model, batch


def test_one_score_per_choice_from_the_model(checkpoints, result):
    outputs, _, batch = reference(checkpoints["bert-mc"])
    assert result.input_shape == (1, 3, batch["input_ids"].shape[1])
    assert_float32_close(result.logits, outputs.logits[0].numpy())
    assert_float32_close(result.probabilities, outputs.logits[0].softmax(-1).numpy(), outputs.logits[0].numpy())
    assert result.probabilities.sum() == pytest.approx(1.0)


def test_loss_for_each_gold_choice_equals_the_models_own(checkpoints, result):
    for k in range(3):
        outputs, _, _ = reference(checkpoints["bert-mc"], labels=torch.tensor([k]))
        assert result.loss_per_gold[k] == float32_close(outputs.loss.item(), outputs.logits)
        assert result.loss_per_gold[k] == pytest.approx(
            F.cross_entropy(torch.tensor(result.logits)[None], torch.tensor([k])).item(), rel=1e-6)


def test_each_choice_has_its_own_tokens_pooler_and_score_by_hand(checkpoints, result):
    _, model, batch = reference(checkpoints["bert-mc"])
    for k, choice in enumerate(result.choices):
        real = int(batch["attention_mask"][k].sum())
        assert result.encodings[k].input_ids.tolist() == batch["input_ids"][k, :real].tolist()
        assert result.attentions[k].weights[0].shape[-1] == real
        with torch.no_grad():
            pooled = model.bert(**{n: v[k:k + 1] for n, v in batch.items()}).pooler_output[0]
        assert_float32_close(choice.pooler.pooler_output, pooled.numpy())
        assert choice.by_hand.covered
        assert_float32_close(choice.by_hand.logits, result.logits[k:k + 1])
    assert choices_table(result)["text"].tolist() == CHOICES


@pytest.mark.parametrize("choices", [["only one"], ["a"] * 9, ["", " "]])
def test_the_number_of_choices_is_checked(loaded, choices):
    with pytest.raises(InputError, match="between 2 and 8"):
        choose(loaded, PROMPT, choices)


def test_duplicate_choices_are_flagged(loaded):
    result = choose(loaded, PROMPT, ["good", "good"])
    assert any("identical" in n for n in result.encoding.notices)
    assert result.logits[0] == float32_close(result.logits[1])
