import numpy as np

from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from bert_explorer.checkpoints import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.multiple_choice import choose
from harness.plotly_data import trace

PAGE = "pages/multiple_choice.py"
PROMPT, CHOICES = "the film was", ["good", "very bad", "a delight"]


def test_the_embedded_default_opens_with_the_random_head_banner():
    app = open_page(PAGE, checkpoint=EMBEDDED_DEFAULT)
    assert_no_exception(app)
    assert any("Random head" in w.value for w in app.warning)
    assert "softmax across the choices" in charts_by_title(app)


def test_scores_softmax_and_choice_switching(checkpoints, forward_calls):
    app = open_page(PAGE, checkpoint=checkpoints["bert-mc"], mc_prompt=PROMPT, mc_choices="\n".join(CHOICES))
    assert_no_exception(app)
    expected = choose(load_model(str(checkpoints["bert-mc"]), "multiple_choice"), PROMPT, CHOICES)
    charts = charts_by_title(app)
    np.testing.assert_allclose(trace(charts["Score of each choice (logits)"])["y"], expected.logits, rtol=1e-5)
    np.testing.assert_allclose(trace(charts["softmax across the choices"])["y"], expected.probabilities, rtol=1e-5)
    assert any(f"[1, 3, {expected.input_shape[2]}]" in c.value for c in app.caption)
    calls = forward_calls(cached_model(str(checkpoints["bert-mc"]), "multiple_choice").model)
    app.selectbox(key="mc_choice").select(2).run()
    app.selectbox(key="mc_gold").select(1).run()
    assert_no_exception(app)
    assert calls["n"] == 0
    latex = "".join(formula.value for formula in app.latex)  # across the choices, with the real scores
    assert all(f"e^{{{z:.4f}}}" in latex for z in expected.logits)
    assert f"-\\log {expected.probabilities[1]:.6f} = {expected.loss_per_gold[1]:.6f}" in latex


def test_one_choice_gives_a_message(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-mc"], mc_prompt=PROMPT, mc_choices="only one")
    assert_no_exception(app)
    assert any("between 2 and 8" in e.value for e in app.error)


def test_a_temperature_divides_the_choice_scores(checkpoints):
    from bert_explorer.scores import tempered

    app = open_page(PAGE, checkpoint=checkpoints["bert-mc"], mc_prompt=PROMPT, mc_choices="\n".join(CHOICES))
    app.slider(key="mc_temperature").set_value(0.5).run()
    assert_no_exception(app)
    expected = choose(load_model(str(checkpoints["bert-mc"]), "multiple_choice"), PROMPT, CHOICES)
    chart = charts_by_title(app)["softmax across the choices, at T = 0.5"]
    np.testing.assert_allclose(trace(chart)["y"], tempered(expected.logits, 0.5).probabilities, rtol=1e-5)
