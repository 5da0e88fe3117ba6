import pytest
import torch

from bert_explorer import checkpoints
from bert_explorer.errors import CheckpointError
from bert_explorer.loading import load_model


def test_a_complete_checkpoint_loads_every_weight(checkpoints):
    loaded = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    assert loaded.report.missing == ()
    assert not loaded.report.head_is_random
    assert set(loaded.report.loaded) == set(loaded.model.state_dict())
    assert loaded.parameter_count == sum(p.numel() for p in loaded.model.parameters())
    assert loaded.label_names == ["NEGATIVE", "NEUTRAL", "POSITIVE"]
    assert loaded.max_length == 64
    assert loaded.model.config._attn_implementation == "eager"
    assert not loaded.model.training


def test_a_missing_head_is_reported_and_seeded(checkpoints):
    first = load_model(str(checkpoints["bert-base"]), "sequence_classification")
    assert first.report.missing == ("classifier.bias", "classifier.weight")
    assert first.report.head_is_random
    torch.manual_seed(12345)  # the global RNG state must not matter
    torch.rand(7)
    second = load_model(str(checkpoints["bert-base"]), "sequence_classification")
    assert torch.equal(first.model.classifier.weight, second.model.classifier.weight)
    assert first.model.classifier.weight.abs().sum() > 0


def test_heads_without_a_pooler_drop_the_checkpoint_pooler(checkpoints):
    loaded = load_model(str(checkpoints["bert-seq"]), "token_classification")
    assert "bert.pooler.dense.weight" in loaded.report.unexpected


def test_the_embedded_default_loads_offline():
    loaded = load_model(checkpoints.EMBEDDED_DEFAULT, "sequence_classification")
    assert loaded.report.missing == ("classifier.bias", "classifier.weight")
    assert loaded.config.hidden_size == 384 and loaded.config.num_hidden_layers == 6
    assert "bert.pooler.dense.weight" in loaded.report.loaded


def test_a_new_ner_head_gets_the_conll_tag_scheme_and_a_trained_one_keeps_its_own(checkpoints):
    from bert_explorer.heads import CONLL_2003_TAGS, EMBEDDED_DEFAULT

    bare = load_model(EMBEDDED_DEFAULT, "token_classification")
    assert bare.report.head_is_random and bare.label_names == list(CONLL_2003_TAGS)
    assert bare.model.classifier.out_features == 9
    other_head = load_model(str(checkpoints["roberta-seq"]), "token_classification")  # LABEL_0, LABEL_1
    assert other_head.label_names == list(CONLL_2003_TAGS) and other_head.report.head_is_random
    assert load_model(str(checkpoints["bert-seq"]), "token_classification").label_names == [
        "NEGATIVE", "NEUTRAL", "POSITIVE"]  # its own names stand, whatever head they were trained for
    trained = load_model(str(checkpoints["bert-ner"]), "token_classification")
    assert trained.label_names == ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def test_a_dtype_is_applied(checkpoints):
    loaded = load_model(str(checkpoints["bert-seq"]), "sequence_classification", dtype="bfloat16")
    assert next(loaded.model.parameters()).dtype == torch.bfloat16


@pytest.mark.parametrize("name", ["/no/such/folder", "not-a-user/not-a-model-xyz", "  "])
def test_an_unloadable_checkpoint_says_why(name):
    with pytest.raises(CheckpointError) as error:
        load_model(name, "sequence_classification")
    assert "checkpoint" in str(error.value).lower() or name.strip() in str(error.value)


def test_an_unknown_head_is_refused(checkpoints):
    with pytest.raises(CheckpointError, match="Unknown head"):
        load_model(str(checkpoints["bert-seq"]), "summarisation")


def test_concurrent_loads_succeed_and_stay_deterministic(checkpoints):
    from concurrent.futures import ThreadPoolExecutor

    heads = ["sequence_classification", "masked_lm", "next_sentence", "multiple_choice"] * 2
    with ThreadPoolExecutor(max_workers=8) as pool:
        models = list(pool.map(lambda head: load_model(str(checkpoints["bert-base"]), head), heads))
    sequential = load_model(str(checkpoints["bert-base"]), "sequence_classification")
    for loaded in models:
        if loaded.head == "sequence_classification":
            assert torch.equal(loaded.model.classifier.weight, sequential.model.classifier.weight)
