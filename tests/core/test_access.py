"""Public mode's checkpoint policy: what loads, what is refused, and that a refusal says nothing of the server's
folders."""

import os

import pytest

from bert_explorer import access, settings, zoo
from bert_explorer.access import NotAllowed, check_allowed
from bert_explorer.heads import EMBEDDED_DEFAULT


@pytest.fixture
def policy(monkeypatch, tmp_path):
    root = tmp_path / "shared"
    (root / "sst2").mkdir(parents=True)
    (tmp_path / "private").mkdir()
    (root / "escape").symlink_to(tmp_path / "private")
    monkeypatch.setenv("BERT_EXPLORER_ALLOWED_CHECKPOINTS", "google-bert/*, prajjwal1/bert-tiny")
    monkeypatch.setenv("BERT_EXPLORER_CHECKPOINT_ROOT", str(root))
    return root


def test_the_zoo_the_default_allowed_ids_and_folders_inside_the_root_load(policy):
    for checkpoint in [EMBEDDED_DEFAULT, *zoo.entries(), "google-bert/bert-base-uncased", "prajjwal1/bert-tiny",
                       str(policy / "sst2"), f" {policy / 'sst2'} "]:
        check_allowed(checkpoint)


@pytest.mark.parametrize("checkpoint", [
    "/etc", "/etc/passwd", "~/.cache/huggingface", "..", "google-bert/../../etc", "google-bert/", "prajjwal1/x",
    "bert-base-uncased", "PLACEHOLDER_ROOT", "PLACEHOLDER_ROOT/..", "PLACEHOLDER_ROOT/escape",
    "PLACEHOLDER_ROOT/sst2/../../private", "A" * 3000, "zoo/../etc", "with\x00nul", "",
])
def test_everything_else_is_refused_with_one_message_that_names_no_path(policy, checkpoint):
    checkpoint = checkpoint.replace("PLACEHOLDER_ROOT", str(policy))
    with pytest.raises(NotAllowed) as refused:
        check_allowed(checkpoint)
    message = str(refused.value)
    assert message == access.refusal()
    assert "google-bert/*" in message and str(policy) not in message and os.sep + "tmp" not in message


def test_a_sessions_own_trained_folder_loads_and_another_sessions_does_not(policy, tmp_path):
    mine, theirs = str(tmp_path / "trained-1"), str(tmp_path / "trained-2")
    check_allowed(mine, [mine])
    with pytest.raises(NotAllowed):
        check_allowed(theirs, [mine])


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("localhost", False), ("::1", False), ("[::1]", False), ("127.0.0.2", False),
    ("0.0.0.0", True), ("::", True), ("", True), (None, True), ("192.0.2.10", True), ("example.org", True),
])
def test_public_mode_follows_the_address_unless_the_operator_says(monkeypatch, address, public):
    monkeypatch.delenv("BERT_EXPLORER_PUBLIC", raising=False)
    assert settings.public_mode(address) is public
    monkeypatch.setenv("BERT_EXPLORER_PUBLIC", "0")
    assert settings.public_mode(address) is False
    monkeypatch.setenv("BERT_EXPLORER_PUBLIC", "1")
    assert settings.public_mode(address) is True
