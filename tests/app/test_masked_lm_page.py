import numpy as np

from app_helpers import assert_no_exception, cached_model, charts_by_title, formulas, open_page, read
from bert_explorer.checkpoints import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill, masked_loss, predicted_loss
from harness.plotly_data import trace

PAGE = "pages/masked_lm.py"
TEXT = "the [MASK] was good"


def test_the_embedded_default_fills_the_example():
    app = open_page(PAGE, checkpoint=EMBEDDED_DEFAULT)
    assert_no_exception(app)
    assert any("Random head" in w.value for w in app.warning)
    assert any(t.startswith("Top 10 at mask 1") for t in charts_by_title(app))


def test_top_tokens_gold_loss_and_no_rerun(checkpoints, forward_calls):
    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], mlm_text=TEXT)
    assert_no_exception(app)
    expected = fill(load_model(str(checkpoints["bert-pretraining"]), "masked_lm"), TEXT)
    top = trace(charts_by_title(app)["Top 10 at mask 1 (token 2)"])
    assert list(top["x"]) == expected.masks[0].top_tokens
    np.testing.assert_allclose(top["y"], expected.masks[0].probabilities[expected.masks[0].top_ids], rtol=1e-5)
    calls = forward_calls(cached_model(str(checkpoints["bert-pretraining"]), "masked_lm").model)
    app.text_input(key="mlm_gold_words").input("film").run()
    app.text_input(key="mlm_compare").input("film day").run()
    assert_no_exception(app)
    assert calls["n"] == 0
    assert any(m.label.startswith("MLM loss") for m in app.metric)


def test_no_mask_gives_a_message_and_the_insert_button(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], mlm_text="the film was good")
    assert_no_exception(app)
    assert any("no [MASK]" in read(e) for e in app.error)
    app.button(key="mlm_append").click().run()
    assert_no_exception(app)
    assert app.text_area(key="mlm_text").value.endswith("[MASK]")


def test_the_loss_formulas_carry_the_results_own_numbers(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], mlm_text=TEXT, mlm_gold_words="film")
    assert_no_exception(app)
    loaded = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    result = fill(loaded, TEXT)
    shown = formulas(app)
    for loss in (predicted_loss(result), masked_loss(loaded, result, ["film"])):
        assert f"\\frac{{{loss.per_mask[0]:.4f}}}{{1}} = {loss.mean:.6f}" in shown
