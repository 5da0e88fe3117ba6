"""`bert-explorer serve CHECKPOINT`: the app opens on the page of the checkpoint's head, with it chosen, in public
mode too; other pages keep their own defaults."""

from streamlit.testing.v1 import AppTest

from app_helpers import APP, assert_no_exception, open_page


def test_the_app_opens_on_the_served_checkpoints_head_page(checkpoints, monkeypatch):
    folder = str(checkpoints["bert-ner"])
    monkeypatch.setenv("BERT_EXPLORER_CHECKPOINT", folder)
    monkeypatch.setenv("BERT_EXPLORER_PUBLIC", "1")  # the operator's own choice loads on a public server too
    app = AppTest.from_file(APP, default_timeout=90).run()
    assert_no_exception(app)
    assert app.title[0].value == "Token classification (NER)"
    assert app.selectbox(key="checkpoint").value == folder
    assert not app.error and app.get("plotly_chart")
    other = open_page("pages/sequence_classification.py")
    assert other.selectbox(key="checkpoint").value == "zoo/sentiment-tweets"


def test_a_served_checkpoint_without_a_config_opens_on_home(tmp_path, monkeypatch):
    monkeypatch.setenv("BERT_EXPLORER_CHECKPOINT", str(tmp_path))
    app = AppTest.from_file(APP, default_timeout=90).run()
    assert_no_exception(app)
    assert app.title[0].value.startswith("BERT")
