"""The pre-training pages open on the real BERT when it can be had (here: in the local Hugging Face cache, the hub
unreachable), and on the zoo with a banner saying so when it cannot."""

import shutil

import huggingface_hub.constants
import pytest

from app_helpers import assert_no_exception, charts_by_title, open_page, read
from bert_explorer import checkpoints as sources
from bert_explorer import heads
from bert_explorer.heads import REAL_BERT
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from harness.plotly_data import trace

PRETRAINING_PAGES = ["masked_lm", "next_sentence", "pretraining"]
BANNER = "Offline, so this page opens on the project's small zoo model."


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    """An empty Hugging Face cache of the tests' own; the hub stays unreachable (HF_HUB_OFFLINE, conftest)."""
    folder = tmp_path / "hub"
    folder.mkdir()
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(folder))
    sources.can_be_had.cache_clear()
    yield folder
    sources.can_be_had.cache_clear()


def cache_as(hub, repo_id: str, checkpoint) -> None:
    """A checkpoint folder laid out as the hub client leaves a download: a snapshot named by the commit in refs."""
    repo = hub / f"models--{repo_id.replace('/', '--')}"
    commit = "0" * 40
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    shutil.copytree(checkpoint, repo / "snapshots" / commit)


def test_a_cached_real_bert_is_what_the_pre_training_pages_open_on(hub_cache, checkpoints):
    cache_as(hub_cache, REAL_BERT, checkpoints["bert-pretraining"])
    for head in PRETRAINING_PAGES:
        assert sources.opening_checkpoint(head) == REAL_BERT
    assert sources.opening_checkpoint("sequence_classification") == "zoo/sentiment-tweets"
    app = open_page(heads.get("masked_lm").page)
    assert_no_exception(app)
    assert app.selectbox(key="checkpoint").value == REAL_BERT
    assert not any(BANNER in read(i) for i in app.info) and not app.error
    expected = fill(load_model(REAL_BERT, "masked_lm"), app.text_area(key="mlm_text").value)
    top = next(chart for name, chart in charts_by_title(app).items() if name.startswith("Top 10 at mask 1"))
    assert list(trace(top)["x"]) == expected.masks[0].top_tokens


@pytest.mark.parametrize("head", PRETRAINING_PAGES)
def test_without_it_each_page_opens_on_the_zoo_and_says_how_to_get_the_real_one(hub_cache, head):
    assert sources.opening_checkpoint(head) == heads.get(head).default_checkpoint
    app = open_page(heads.get(head).page)
    assert_no_exception(app)
    assert app.selectbox(key="checkpoint").value == heads.get(head).default_checkpoint
    banner = next(read(i) for i in app.info if BANNER in read(i))
    assert f"huggingface-cli download {REAL_BERT}" in banner
