"""Public mode on every page that loads a checkpoint: the zoo loads, a server folder does not, and the refusal
names no path."""

import pytest

from app_helpers import assert_no_exception, charts_by_title, open_page, read
from bert_explorer import access, heads, settings

PAGES = sorted({head.page for head in heads.HEADS.values()} | {"pages/training.py", "pages/evaluate.py",
                                                             "pages/home.py"})


@pytest.fixture
def public(monkeypatch):
    monkeypatch.setenv("BERT_EXPLORER_PUBLIC", "1")


@pytest.mark.parametrize("page", PAGES)
def test_a_server_folder_is_refused_on_every_page(public, checkpoints, page):
    folder = str(checkpoints["bert-seq"])
    app = open_page(page, checkpoint=folder)
    assert_no_exception(app)
    errors = [read(e) for e in app.error]
    assert access.refusal() in errors
    shown = " ".join(str(getattr(element, "value", "")) for element in app.main) + " ".join(errors)
    assert folder not in shown


def test_the_zoo_default_still_loads_in_public_mode(public):
    app = open_page(heads.get("sequence_classification").page)
    assert_no_exception(app)
    assert not app.error and app.get("plotly_chart")


@pytest.fixture
def shared_folder(public, monkeypatch, checkpoints):
    """Public mode with the tests' checkpoints inside the operator's checkpoint root."""
    monkeypatch.setenv("BERT_EXPLORER_CHECKPOINT_ROOT", str(checkpoints["bert-base"].parent))
    return str(checkpoints["bert-base"])


def trained_folders():
    root = settings.cache_folder() / "trained"
    return sorted(root.iterdir()) if root.is_dir() else []


def test_public_training_keeps_the_encoder_frozen_and_refuses_a_run_over_the_step_cap(shared_folder, monkeypatch):
    monkeypatch.setenv("BERT_EXPLORER_TRAINING_MAX_STEPS", "50")
    app = open_page("pages/training.py", checkpoint=shared_folder)
    assert_no_exception(app)
    freeze = next(t for t in app.toggle if t.label == "Freeze the encoder")
    assert freeze.value and freeze.disabled
    assert any("up to 50 optimiser steps" in c.value for c in app.caption)
    before = trained_folders()
    app.button[0].click().run()  # the form's Train button: 30 epochs × 100 steps
    assert_no_exception(app)
    assert any("This run needs 3,000 optimiser steps" in read(e) for e in app.error)
    assert not app.metric and trained_folders() == before


def test_a_run_is_refused_when_trained_checkpoints_would_pass_their_bound(shared_folder, monkeypatch):
    monkeypatch.setenv("BERT_EXPLORER_TRAINED_MB", "0.01")
    app = open_page("pages/training.py", checkpoint=shared_folder)
    app.button(key="train_order").click().run()
    assert_no_exception(app)
    assert any(read(e).startswith("This server keeps at most 0 MB of trained checkpoints") for e in app.error)
    assert "Training loss: sorted data against shuffled data" not in charts_by_title(app)
