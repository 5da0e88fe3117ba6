"""The zoo build on a tiny slice, run by the real build code, and the catalogue that registers its entries."""

import json

import pytest
import torch
from safetensors.torch import load_file, save_file

from bert_explorer import checkpoints, heads, zoo
from bert_explorer.loading import load_model
from recipes import build
from tiny import tokenizer_of

pytestmark = pytest.mark.slow  # see pytest.ini

TEXT = "Shares in the firm rose after the government passed the law."


@pytest.fixture(scope="module")
def tiny_zoo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("zoo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BERT_EXPLORER_ZOO", str(folder))
        built = build.build(folder, build.TINY, log=lambda line: None)
        yield folder, built


def test_every_entry_is_written_with_its_card(tiny_zoo):
    folder, built = tiny_zoo
    assert sorted(p.name for p in folder.iterdir()) == sorted(build.BUILDERS)
    for name, result in built.items():
        card = json.loads((folder / name / zoo.CARD_FILE).read_text())
        assert card["metrics"] == result.card["metrics"] and card["seed"] == build.SEED
        readme = (folder / name / "README.md").read_text()
        assert card["title"] in readme and "## Held-out metrics" in readme and "Licence" in readme
        head_only = card["base"] is not None
        assert (folder / name / zoo.HEAD_FILE).exists() == head_only
        assert (folder / name / "model.safetensors").exists() != head_only


def test_head_only_entries_hold_only_the_trained_tensors(tiny_zoo):
    folder, _ = tiny_zoo
    assert set(load_file(folder / "sentiment-tweets" / zoo.HEAD_FILE)) == {"classifier.weight", "classifier.bias"}
    assert set(load_file(folder / "bbc-next-sentence" / zoo.HEAD_FILE)) == {
        "bert.pooler.dense.weight", "bert.pooler.dense.bias", "classifier.weight", "classifier.bias"}
    ner = load_file(folder / "news-ner" / zoo.HEAD_FILE)  # the classifier and the top layer, in float16
    assert {".".join(name.split(".")[:4]) for name in ner if name.startswith("bert.")} == {"bert.encoder.layer.5"}
    assert {"classifier.weight", "classifier.bias"} <= set(ner)
    assert all(tensor.dtype == torch.float16 for tensor in ner.values())
    reader = load_file(folder / "news-qa" / zoo.HEAD_FILE)
    assert {".".join(name.split(".")[:4]) for name in reader if name.startswith("bert.")} == {"bert.encoder.layer.5"}
    assert {"qa_outputs.weight", "qa_outputs.bias"} <= set(reader)
    assert all(tensor.dtype == torch.float16 for tensor in reader.values())
    everyday = load_file(folder / "everyday-bert" / zoo.HEAD_FILE)  # all but the word embeddings (the decoder)
    assert {".".join(name.split(".")[:4]) for name in everyday if name.startswith("bert.encoder.")} == {
        f"bert.encoder.layer.{k}" for k in range(6)}
    assert {name for name in everyday if name.startswith("cls.")} == {
        "cls.predictions.bias", "cls.predictions.transform.dense.weight", "cls.predictions.transform.dense.bias",
        "cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.bias",
        "cls.seq_relationship.weight", "cls.seq_relationship.bias"}
    assert "bert.embeddings.word_embeddings.weight" not in everyday
    assert {"bert.pooler.dense.weight", "bert.embeddings.token_type_embeddings.weight"} <= set(everyday)
    assert all(tensor.dtype == torch.float16 for tensor in everyday.values())


@pytest.mark.parametrize("name, head", [
    ("sentiment-tweets", "sequence_classification"),
    ("bbc-topics", "sequence_classification"),
    ("bbc-next-sentence", "multiple_choice"),
    ("bbc-bert-small", "pretraining"),
    ("news-ner", "token_classification"),
    ("news-qa", "question_answering"),
    ("everyday-bert", "pretraining"),
])
def test_each_entry_loads_through_the_app_with_the_weights_it_was_trained_to(tiny_zoo, name, head):
    _, built = tiny_zoo
    loaded = load_model(zoo.PREFIX + name, head)
    assert not loaded.report.head_is_random
    trained = built[name].model.eval()
    inputs = tokenizer_of(loaded)(TEXT, "Profits doubled.", return_tensors="pt")
    if head == "multiple_choice":
        inputs = {k: v.unsqueeze(1).repeat(1, 2, 1) for k, v in inputs.items()}
    with torch.no_grad():
        ours, theirs = loaded.model(**inputs), trained(**inputs)
    for field in ("logits", "prediction_logits", "seq_relationship_logits", "start_logits", "end_logits"):
        if field in ours:
            torch.testing.assert_close(ours[field], theirs[field])
    loaded_state = loaded.model.state_dict()
    for tensor_name, tensor in trained.state_dict().items():
        assert torch.equal(loaded_state[tensor_name], tensor), tensor_name


@pytest.mark.parametrize("name", ["bbc-bert-small", "everyday-bert"])
def test_a_pretrained_bert_serves_masked_lm_and_next_sentence_too(tiny_zoo, name):
    for head in ("masked_lm", "next_sentence"):
        assert not load_model(zoo.PREFIX + name, head).report.head_is_random


def test_a_head_only_entry_is_assembled_once_per_content(tiny_zoo):
    folder, _ = tiny_zoo
    first = checkpoints.resolve("zoo/bbc-topics")
    assert checkpoints.resolve("zoo/bbc-topics") == first
    assert {"tokenizer.json", "config.json", "model.safetensors"} <= {p.name for p in zoo.Path(first).iterdir()}
    head = folder / "bbc-topics" / zoo.HEAD_FILE
    original = head.read_bytes()
    try:
        tensors = load_file(head)
        tensors["classifier.bias"] = tensors["classifier.bias"] + 1
        save_file(tensors, head)
        assert checkpoints.resolve("zoo/bbc-topics") != first
    finally:
        head.write_bytes(original)


def test_a_changed_base_tensor_of_the_same_size_gives_a_new_folder(tiny_zoo):
    """Float32 weights of fixed shapes always have the same file size: the name must follow their bytes."""
    folder, _ = tiny_zoo
    first = checkpoints.resolve("zoo/bbc-next-sentence")
    base = folder / "bbc-bert-small" / "model.safetensors"
    original = base.read_bytes()
    try:
        tensors = load_file(base)
        name = "bert.embeddings.LayerNorm.bias"
        tensors[name] = tensors[name] + 1
        save_file(tensors, base, metadata={"format": "pt"})
        assert base.stat().st_size == len(original)
        second = checkpoints.resolve("zoo/bbc-next-sentence")
        assert second != first
        assert torch.equal(load_file(zoo.Path(second) / "model.safetensors")[name], tensors[name])
    finally:
        base.write_bytes(original)


def test_each_head_opens_on_its_zoo_checkpoint_or_the_embedded_encoder(tiny_zoo):
    assert heads.get("sequence_classification").default_checkpoint == "zoo/sentiment-tweets"
    assert checkpoints.offline_choices("sequence_classification") == [
        "zoo/sentiment-tweets", "zoo/bbc-topics", checkpoints.EMBEDDED_DEFAULT]
    for head in ("masked_lm", "next_sentence", "pretraining"):
        assert heads.get(head).default_checkpoint == "zoo/everyday-bert"
    assert heads.get("multiple_choice").default_checkpoint == "zoo/bbc-next-sentence"
    assert heads.get("token_classification").default_checkpoint == "zoo/news-ner"
    assert heads.get("question_answering").default_checkpoint == "zoo/news-qa"
    assert checkpoints.display_name("zoo/bbc-topics").endswith("(zoo, offline)")


def test_the_command_line_refuses_an_unknown_entry(capsys):
    with pytest.raises(SystemExit):
        build.main(["--tiny", "no-such-model"])
    assert "unknown entries no-such-model" in capsys.readouterr().err
