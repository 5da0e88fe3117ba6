"""The notebook API on a model in memory: nothing copied or moved, its settings and hooks as they were after."""

import pytest
import torch
import transformers

from bert_explorer.notebook import explore, head_of_class
from tiny import small_config, tokenizer_of
from tolerance import assert_float32_close


def hooks(model) -> set:
    return {(name, kind, tuple(getattr(module, kind))) for name, module in model.named_modules()
            for kind in ("_forward_pre_hooks", "_forward_hooks") if getattr(module, kind)}


@pytest.fixture
def mine(checkpoints):
    """A model built in memory in training mode with sdpa attention, as a practitioner mid-experiment holds it."""
    from bert_explorer.loading import load_model

    tokenizer = tokenizer_of(load_model(str(checkpoints["bert-seq"]), "sequence_classification"))
    torch.manual_seed(0)
    model = transformers.BertForSequenceClassification(small_config(num_labels=3, attn_implementation="sdpa"))
    model.train()
    with torch.no_grad():  # transformers installs its own output recorders on a first call asking for attentions
        model.eval()(**tokenizer("warm up", return_tensors="pt"), output_attentions=True)
    model.train()
    return model, tokenizer


def test_a_model_in_memory_is_used_in_place_and_left_as_it_was(mine):
    model, tokenizer = mine
    storages = [p.untyped_storage().data_ptr() for p in model.parameters()]
    before = hooks(model)
    explored = explore(model, "the film was good", tokenizer=tokenizer)
    explored.why()
    assert explored.loaded.model is model and explored.loaded.device == "cpu"
    assert [p.untyped_storage().data_ptr() for p in model.parameters()] == storages  # nothing copied
    assert model.training and model.config._attn_implementation == "sdpa"
    assert hooks(model) == before
    model.eval()
    with torch.no_grad():
        logits = model(**tokenizer("the film was good", return_tensors="pt")).logits[0]
    assert_float32_close(explored.result.logits, logits.numpy())  # eager there, sdpa here: two paths


def test_the_head_is_read_from_the_class_and_inputs_go_by_the_heads_names(mine):
    model, tokenizer = mine
    assert head_of_class("BertForMaskedLM") == "masked_lm"
    assert head_of_class("RobertaForQuestionAnswering") == "question_answering"
    assert head_of_class("BertForPreTraining") == "pretraining"
    with pytest.raises(ValueError, match="reads text, pair"):
        explore(model, "the film", tokenizer=tokenizer, question="where?")
    with pytest.raises(ValueError, match="needs its tokenizer"):
        explore(model, "the film")
    paired = explore(model, "the film", pair="was good", tokenizer=tokenizer)
    assert "[SEP]" in paired.result.encoding.tokens[1:-1]
