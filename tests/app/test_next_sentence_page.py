import numpy as np

from app_helpers import assert_no_exception, charts_by_title, open_page
from bert_explorer.checkpoints import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.next_sentence import predict_next
from harness.plotly_data import trace

PAGE = "pages/next_sentence.py"
A, B = "the film was good", "i loved it"


def test_the_embedded_default_opens_with_the_random_head_banner():
    app = open_page(PAGE, checkpoint=EMBEDDED_DEFAULT)
    assert_no_exception(app)
    assert any("Random head" in w.value for w in app.warning)
    assert "softmax(NSP logits) for both pairs" in charts_by_title(app)


def test_the_logits_carry_their_meaning(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], nsp_a=A, nsp_b=B)
    assert_no_exception(app)
    logits = trace(charts_by_title(app)["NSP logits (index → meaning)"])
    assert list(logits["x"]) == ["0 → B continues A", "1 → B is random"]
    expected = predict_next(load_model(str(checkpoints["bert-pretraining"]), "next_sentence"), A, B)
    np.testing.assert_allclose(logits["y"], expected.logits, rtol=1e-6)


def test_a_checkpoint_without_nsp_says_so(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["roberta-seq"])
    assert_no_exception(app)
    assert any("only for BERT" in e.value or "Could not load" in e.value for e in app.error)


def test_a_temperature_divides_the_two_logits(checkpoints):
    from bert_explorer.scores import tempered

    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], nsp_a=A, nsp_b=B)
    app.slider(key="nsp_temperature").set_value(3.0).run()
    assert_no_exception(app)
    expected = predict_next(load_model(str(checkpoints["bert-pretraining"]), "next_sentence"), A, B)
    chart = charts_by_title(app)["softmax(NSP logits), at T = 3"]
    np.testing.assert_allclose(trace(chart)["y"], tempered(expected.logits, 3.0).probabilities, rtol=1e-6)
