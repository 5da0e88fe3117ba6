"""A public server's hub downloads: bounded in bytes (counted in the hub cache) and in downloads at once."""

import pytest

from bert_explorer import checkpoint_files, loading
from bert_explorer.checkpoint_files import folder_bytes
from bert_explorer.downloads import DownloadBudget
from bert_explorer.errors import CheckpointError

MIB = 2**20


def budget(tmp_path, max_bytes=10 * MIB, at_once=2):
    return DownloadBudget(max_bytes, at_once, tmp_path / "hub", tmp_path / "locks")


def test_linked_files_count_once(tmp_path):
    blob = tmp_path / "blobs" / "abc"
    blob.parent.mkdir()
    blob.write_bytes(b"x" * 1000)
    (tmp_path / "snapshot").mkdir()
    (tmp_path / "snapshot" / "model.safetensors").symlink_to(blob)
    assert folder_bytes(tmp_path) == 1000
    assert folder_bytes(tmp_path / "missing") == 0


def test_a_download_past_the_bound_is_refused_with_the_numbers(tmp_path):
    limits = budget(tmp_path)
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "weights").write_bytes(b"x" * (6 * MIB))
    limits.check_room(4 * MIB)  # 6 + 4 = 10 MiB: within the bound
    with pytest.raises(CheckpointError, match=r"5 MB more would pass its bound of 10 MB \(6 MB already"):
        limits.check_room(5 * MIB)


def test_downloads_at_once_are_bounded_and_a_slot_frees_when_it_ends(tmp_path):
    limits = budget(tmp_path, at_once=2)
    with limits.slot(), limits.slot():
        with pytest.raises(CheckpointError, match="2 downloads are already under way"):
            with limits.slot():
                pass
    with limits.slot():  # both freed
        pass


@pytest.fixture
def hub_answers(monkeypatch):
    """A hub that answers and says `someone/model` has 5 MiB of weights, not yet in the local cache."""
    monkeypatch.setattr(loading, "hub_reachable", lambda *_, **__: True)
    monkeypatch.setattr(checkpoint_files, "hub_weights", lambda _: (checkpoint_files.SAFETENSORS, 5 * MIB))
    monkeypatch.setattr(checkpoint_files, "cached_weights_format", lambda _: None)
    loads = []
    monkeypatch.setattr(loading, "seeded_load", lambda *args, **kwargs: loads.append(args))
    return loads


def test_load_model_refuses_a_download_past_the_budget_before_anything_downloads(tmp_path, hub_answers):
    with pytest.raises(CheckpointError, match="download space is used up"):
        loading.load_model("someone/model", "sequence_classification", downloads=budget(tmp_path, max_bytes=MIB))
    assert hub_answers == []


def test_load_model_waits_for_no_one_when_every_slot_is_taken(tmp_path, hub_answers):
    limits = budget(tmp_path, at_once=1)
    with limits.slot():
        with pytest.raises(CheckpointError, match="1 download is already under way"):
            loading.load_model("someone/model", "sequence_classification", downloads=limits)
    assert hub_answers == []


def test_a_local_folder_needs_no_download_budget(tmp_path, checkpoints):
    limits = budget(tmp_path, max_bytes=0, at_once=1)
    with limits.slot():  # every slot taken, no room: a folder loads anyway
        loaded = loading.load_model(str(checkpoints["bert-seq"]), "sequence_classification", downloads=limits)
    assert loaded.model is not None


def test_what_a_first_load_would_download(tmp_path, monkeypatch, checkpoints):
    from bert_explorer import downloads

    reachable = {"yes": False}
    monkeypatch.setattr(checkpoint_files, "hub_reachable", lambda *_, **__: reachable["yes"])
    monkeypatch.setattr(checkpoint_files, "hub_weights", lambda _: (checkpoint_files.SAFETENSORS, 5 * MIB))
    monkeypatch.setattr(checkpoint_files, "cached_weights_format",
                        lambda name: checkpoint_files.SAFETENSORS if name == "in/cache" else None)
    assert downloads.pending_bytes("someone/model") is None  # the hub does not answer
    reachable["yes"] = True
    assert downloads.pending_bytes("someone/model") == 5 * MIB
    assert downloads.pending_bytes("in/cache") is None
    assert downloads.pending_bytes(str(checkpoints["bert-seq"])) is None  # a folder downloads nothing


def test_bytes_downloaded_so_far_are_counted_in_the_repos_cache_folder(tmp_path, monkeypatch):
    import huggingface_hub.constants

    from bert_explorer import downloads

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path))
    blobs = tmp_path / "models--someone--model" / "blobs"
    blobs.mkdir(parents=True)
    (blobs / "abc.incomplete").write_bytes(b"x" * 1234)
    assert downloads.downloaded_bytes("someone/model") == 1234
    assert downloads.downloaded_bytes("someone/other") == 0
