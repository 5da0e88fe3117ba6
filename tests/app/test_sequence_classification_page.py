import numpy as np
import pytest

from app_helpers import assert_no_exception, attention_switch, cached_model, charts_by_title, open_page, read
from bert_explorer import attention_payload
from bert_explorer import checkpoints as known
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.plotly_data import trace

PAGE = "pages/sequence_classification.py"
TEXT = "the film was a delight"


def test_the_embedded_encoder_opens_with_the_random_head_banner():
    app = open_page(PAGE, checkpoint=known.EMBEDDED_DEFAULT)
    assert_no_exception(app)
    assert any("Random head" in w.value for w in app.warning)
    charts = charts_by_title(app)
    assert "Logits (index → id2label)" in charts
    assert "Cross-entropy if gold = k" in charts
    expected = classify(load_model(known.EMBEDDED_DEFAULT, "sequence_classification"),
                        "The film was a delight from start to finish.")
    np.testing.assert_allclose(trace(charts["Logits (index → id2label)"])["y"], expected.logits, rtol=1e-6)


def test_a_local_checkpoint_from_the_url_shows_its_own_labels(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT, seq_pair="i loved it")
    assert_no_exception(app)
    assert not any("Random head" in w.value for w in app.warning)
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT, "i loved it")
    logits = trace(charts_by_title(app)["Logits (index → id2label)"])
    assert list(logits["x"]) == ["0 → NEGATIVE", "1 → NEUTRAL", "2 → POSITIVE"]
    np.testing.assert_allclose(logits["y"], expected.logits, rtol=1e-6)
    losses = trace(charts_by_title(app)["Cross-entropy if gold = k"])
    np.testing.assert_allclose(losses["y"], expected.loss_per_gold, rtol=1e-6)
    shown = {m.label: m.value for m in app.metric}
    assert shown["max |by hand − model logits|"] == f"{expected.by_hand.max_abs_diff:.2e}"
    assert shown["cosine(pooler, h_CLS)"] == f"{expected.pooler.cosine:.4f}"


def test_view_only_changes_do_not_run_the_model(checkpoints, forward_calls):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT)
    calls = forward_calls(cached_model(str(checkpoints["bert-seq"]), "sequence_classification").model)
    app.selectbox(key="seq_gold").select(2).run()
    app.selectbox(key="seq_overview").select_index(1).run()
    assert_no_exception(app)
    assert calls["n"] == 0
    assert any("Gold label: 2 → POSITIVE, so the prediction is" in read(m) for m in app.markdown)
    app.text_area(key="seq_text").input("the film was terrible")
    app.button[0].click().run()  # the form's submit button
    assert calls["n"] == 1


def test_the_attention_switch_holds_every_layer_and_opens_on_the_urls_view(checkpoints):
    """The browser switches layer and head from these maps (tests/browser checks it draws them)."""
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT, seq_layer=2, seq_attention_head=4)
    assert_no_exception(app)
    header, maps = attention_switch(app)
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT).attention
    assert header["initial"] == {"layer": 2, "head": 4}
    assert header["url_keys"] == {"layer": "seq_layer", "head": "seq_attention_head"}
    assert header["layers"] == list(range(expected.num_layers))
    drawn = attention_payload.PRECISION + 1e-6
    np.testing.assert_allclose(maps[:, :-1], np.stack(expected.weights), rtol=0, atol=drawn)
    np.testing.assert_allclose(maps[:, -1], expected.mean_over_heads, rtol=0, atol=drawn)


@pytest.mark.parametrize("layer, head", [("0", "1"), ("99", "2"), ("two", "-1")])
def test_a_layer_or_head_the_model_lacks_opens_the_first(checkpoints, layer, head):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT, seq_layer=layer, seq_attention_head=head)
    assert_no_exception(app)
    assert attention_switch(app)[0]["initial"] == {"layer": 1, "head": int(head) if head == "2" else 1}


def test_a_long_input_sends_one_layer_at_a_time(checkpoints, monkeypatch):
    monkeypatch.setattr(attention_payload, "WHOLE_MODEL_BUDGET_BYTES", 1)
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT, seq_layer=2)
    assert_no_exception(app)
    assert attention_switch(app)[0]["layers"] == [1]
    assert any("one layer is sent at a time" in c.value for c in app.caption)


def test_multi_label_and_regression_heads_render(checkpoints):
    multi = open_page(PAGE, checkpoint=checkpoints["bert-multilabel"], seq_text=TEXT)
    assert_no_exception(multi)
    assert any(c.value.startswith("Activation **sigmoid**") for c in multi.caption)
    assert "BCE-with-logits of each label" in charts_by_title(multi)
    regression = open_page(PAGE, checkpoint=checkpoints["bert-regression"], seq_text=TEXT)
    assert_no_exception(regression)
    assert any(c.value.startswith("Activation **identity**") for c in regression.caption)
    regression.number_input(key="seq_gold_value").set_value(2.5).run()
    assert any(m.label == "MSE for gold 2.5" for m in regression.metric)


@pytest.mark.parametrize("text", ["   ", "\x00\x01"])
def test_empty_text_gives_a_message_not_a_traceback(checkpoints, text):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=text)
    assert_no_exception(app)
    assert any("empty" in e.value for e in app.error)


def test_long_text_is_truncated_with_a_notice(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text="good " * 300)
    assert_no_exception(app)
    assert any("truncated to 64" in w.value for w in app.warning)


def test_an_unloadable_checkpoint_keeps_the_app_usable(tmp_path):
    app = open_page(PAGE, checkpoint=tmp_path / "missing")
    assert_no_exception(app)
    assert any("Could not load" in e.value for e in app.error)
    app.selectbox(key="checkpoint").select(known.EMBEDDED_DEFAULT).run()
    assert_no_exception(app)
    assert not app.error


def test_an_out_of_range_gold_label_in_the_url_is_ignored(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT, seq_gold=7)
    assert_no_exception(app)
    assert app.selectbox(key="seq_gold").value is None


def test_the_formulas_carry_the_results_own_numbers(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT, seq_gold="2 → POSITIVE")
    assert_no_exception(app)
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT)
    latex = [formula.value.strip("$\n ") for formula in app.latex]  # st.latex wraps the source in $$
    shown = {expected.predicted, 2}
    softmaxes = [f for f in latex if r"\sum_j e^{z_j}" in f]
    assert len(softmaxes) == len(shown)  # the predicted label's, and the gold's when it differs
    for k, softmax in zip(sorted(shown, key=lambda k: k != expected.predicted), softmaxes):
        assert all(f"e^{{{z:.4f}}}" in softmax for z in expected.logits)
        assert f"p_{{{k}}} &=" in softmax and f"= {expected.probabilities[k]:.6f}" in softmax
        assert f"-\\log {expected.probabilities[k]:.6f} = {expected.loss_per_gold[k]:.6f}" in "".join(latex)
    product, bias, value = expected.by_hand.terms(expected.predicted)
    assert f"= {product:.4f} + ({bias:.4f}) = {value:.4f}" in "".join(latex)
    pooler = expected.pooler
    assert any(f"= {pooler.pre_activation_norm:.4f}" in f and f"= {pooler.pooler_norm:.4f}" in f for f in latex)

def test_the_temperature_slider_moves_probabilities_not_the_argmax_nor_the_model(checkpoints, forward_calls):
    from bert_explorer.scores import tempered

    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT)
    calls = forward_calls(cached_model(str(checkpoints["bert-seq"]), "sequence_classification").model)
    app.slider(key="seq_temperature").set_value(2.5).run()
    assert_no_exception(app)
    assert calls["n"] == 0
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT)
    charts = charts_by_title(app)
    scaled = tempered(expected.logits, 2.5)
    np.testing.assert_allclose(trace(charts["softmax(logits), at T = 2.5"])["y"], scaled.probabilities, rtol=1e-6)
    np.testing.assert_allclose(trace(charts["Cross-entropy if gold = k, at T = 2.5"])["y"], scaled.loss_per_gold,
                               rtol=1e-6)
    names = ["NEGATIVE", "NEUTRAL", "POSITIVE"]
    assert any(f"the argmax is still {expected.predicted} → {names[expected.predicted]}" in read(c)
               for c in app.caption)


def test_the_threshold_slider_scores_a_multi_label_head_against_the_gold_set(checkpoints, forward_calls):
    from bert_explorer.scores import thresholded

    app = open_page(PAGE, checkpoint=checkpoints["bert-multilabel"], seq_text=TEXT)
    calls = forward_calls(cached_model(str(checkpoints["bert-multilabel"]), "sequence_classification").model)
    app.multiselect(key="seq_gold_set").set_value([0, 2]).run()
    app.slider(key="seq_threshold").set_value(0.45).run()
    assert_no_exception(app)
    assert calls["n"] == 0
    expected = classify(load_model(str(checkpoints["bert-multilabel"]), "sequence_classification"), TEXT)
    decision = thresholded(expected.logits, {0, 2}, 0.45)
    shown = {m.label: m.value for m in app.metric}
    assert shown["Precision"] == f"{decision.precision:.4f}"
    assert shown["Recall"] == f"{decision.recall:.4f}"
    chart = trace(charts_by_title(app)["sigmoid(logits) against the threshold 0.45"])
    np.testing.assert_allclose(chart["y"], expected.probabilities, rtol=1e-6)


def test_the_temperature_redraws_the_story_s_own_charts_never_copies_of_them(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-seq"], seq_text=TEXT)
    assert_no_exception(app)
    before = len(app.get("plotly_chart"))
    assert "softmax(logits)" in charts_by_title(app)
    app.slider(key="seq_temperature").set_value(0.5).run()
    charts = charts_by_title(app)
    assert "softmax(logits), at T = 0.5" in charts and "softmax(logits)" not in charts
    assert len(app.get("plotly_chart")) == before
