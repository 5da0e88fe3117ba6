"""Public mode on every page that loads a checkpoint: the zoo loads, a server folder does not, and the refusal
names no path."""

import pytest

from app_helpers import assert_no_exception, open_page, read
from bert_explorer import access, heads

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
