import shutil

import pytest
import torch
from safetensors.torch import load_file

from bert_explorer import checkpoint_files
from bert_explorer.errors import CheckpointError
from bert_explorer.loading import load_model


def test_safetensors_are_reported(checkpoints):
    assert load_model(str(checkpoints["bert-seq"]), "sequence_classification").report.weights_format == "safetensors"


def test_a_pickle_checkpoint_is_read_weights_only(checkpoints, tmp_path):
    folder = tmp_path / "pickled"
    shutil.copytree(checkpoints["bert-seq"], folder)
    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    loaded = load_model(str(folder), "sequence_classification")
    assert "weights_only=True" in loaded.report.weights_format
    assert loaded.report.missing == ()


def test_a_checkpoint_over_the_size_limit_is_refused_before_loading(checkpoints, monkeypatch):
    monkeypatch.setenv("BERT_EXPLORER_MAX_CHECKPOINT_MB", "0.01")
    with pytest.raises(CheckpointError, match="loads at most"):
        load_model(str(checkpoints["bert-seq"]), "sequence_classification")


def test_safetensors_win_when_both_formats_are_there():
    kind, size = checkpoint_files._weights_of({"model.safetensors": 10, "pytorch_model.bin": 99, "config.json": 1})
    assert (kind, size) == (checkpoint_files.SAFETENSORS, 10)
    kind, size = checkpoint_files._weights_of({"pytorch_model-00001-of-00002.bin": 5,
                                               "pytorch_model-00002-of-00002.bin": 7})
    assert (kind, size) == (checkpoint_files.PICKLE, 12)
