"""The "Why this logit?" section of every head page, on its zoo default and on a bare encoder."""

import numpy as np
import pytest
import torch
from captum.attr import LayerIntegratedGradients
from transformers import AutoTokenizer

from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page, read
from bert_explorer import heads
from bert_explorer.tasks.sequence_classification import classify
from harness.plotly_data import trace
from tolerance import float32_atol

PAGES = {name: head.page for name, head in heads.HEADS.items()}
ATTRIBUTION = "Attribution per token (special tokens included)"


def explained(app, key: str):
    app.button(key=f"{key}_why_run").click().run()
    assert_no_exception(app)
    assert not app.error, [e.value for e in app.error]
    return app


def check_the_arithmetic(app) -> None:
    """The attribution chart adds up to the Σ shown, the gap is Σ − (f(x) − f(b)), and the lens ends on
    the model's own output."""
    shown = {m.label: m.value for m in app.metric}
    bars = trace(charts_by_title(app)[ATTRIBUTION])["y"]
    total = float(shown["Σ attributions"])
    # The page sums the bars in float64 and prints 7 significant digits: half a unit of the 7th digit apart.
    assert total == pytest.approx(float(np.sum(bars, dtype=np.float64)), rel=5e-7)
    if "gap" in shown:
        expected, gap = float(shown["f(x) − f(baseline)"]), float(shown["gap"])
        assert gap == pytest.approx(total - expected, rel=0, abs=5e-7 * (abs(total) + abs(expected) + abs(gap)))
    lens_logits = trace(charts_by_title(app)["Target logit by layer"])["y"]
    assert float(shown["Last layer vs the model's own output: max |difference|"]) < float32_atol(lens_logits)


@pytest.mark.parametrize("head", sorted(PAGES))
def test_every_page_explains_its_zoo_default(head):
    app = explained(open_page(PAGES[head]), heads.get(head).key)
    check_the_arithmetic(app)
    assert "Target logit by layer" in charts_by_title(app)


@pytest.mark.parametrize("head", sorted(PAGES))
def test_every_page_explains_a_bare_encoder(checkpoints, head):
    key = heads.get(head).key
    app = explained(open_page(PAGES[head], checkpoint=checkpoints["bert-base"], **{f"{key}_why_method": "Occlusion"}),
                    key)
    check_the_arithmetic(app)
    assert app.selectbox(key=f"{key}_why_method").value == "occlusion"


def test_changing_the_target_does_not_run_the_model_until_explain(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-seq"])
    app = explained(open_page(PAGES["sequence_classification"], checkpoint=checkpoint, seq_text="the film was good"),
                    "seq")
    calls = forward_calls(cached_model(checkpoint, "sequence_classification").model)
    app.selectbox(key="seq_why_label").select("0 NEGATIVE").run()
    assert calls["n"] == 0
    assert any("Press **Explain**" in i.value for i in app.info)
    explained(app, "seq")
    assert calls["n"] > 0
    assert "logit 0 NEGATIVE" in " ".join(m.value for m in app.markdown)


def test_a_minimal_pair_shows_both_inputs(checkpoints):
    app = open_page(PAGES["sequence_classification"], checkpoint=checkpoints["bert-seq"], seq_text="the film was good",
                    seq_why_pair="true")
    app.text_input(key="seq_why_edit_with").input("bad")
    explained(app, "seq")
    shown = {m.label for m in app.metric}
    assert {"Target logit, original", "Target logit, edited"} <= shown
    assert "Attribution per token, original and edited" in charts_by_title(app)


def test_a_word_that_is_not_one_token_is_refused_and_the_page_stays(checkpoints):
    app = open_page(PAGES["masked_lm"], checkpoint=checkpoints["bert-pretraining"], mlm_text="the [MASK] was good")
    app.text_input(key="mlm_why_word").input("zzqqxx").run()
    assert_no_exception(app)
    assert any("one token" in e.value for e in app.error)
    explained_app = app.button(key="mlm_why_run").click().run()
    assert_no_exception(explained_app)


def test_settings_out_of_range_in_the_url_fall_back_with_a_warning(checkpoints):
    app = open_page(PAGES["token_classification"], checkpoint=checkpoints["bert-ner"], ner_text="anna lives in paris",
                    ner_why_label="99 X", ner_why_steps="5000")
    assert_no_exception(app)
    warnings = " ".join(read(w) for w in app.warning)
    assert "label '99 X'" in warnings and "steps '5000'" in warnings
    check_the_arithmetic(explained(app, "ner"))


def test_the_completeness_caption_names_the_rule_run_and_its_gap_is_captums(checkpoints):
    checkpoint, text = str(checkpoints["bert-seq"]), "the film was good"
    app = explained(open_page(PAGES["sequence_classification"], checkpoint=checkpoint, seq_text=text,
                              seq_why_steps="20", seq_why_rule="Left Riemann sum"), "seq")
    assert app.selectbox(key="seq_why_rule").value == "riemann_left"
    assert any("left Riemann sum over 20 steps" in c.value for c in app.caption)
    loaded = cached_model(checkpoint, "sequence_classification")
    target = classify.targets(loaded, classify(loaded, text)).target()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    encoded = tokenizer(text, return_tensors="pt", return_special_tokens_mask=True)
    special = encoded.pop("special_tokens_mask").bool()
    ids = encoded.pop("input_ids")
    baseline = torch.where(special, ids, torch.full_like(ids, tokenizer.pad_token_id))

    def logit(input_ids):
        return target.values(loaded.model(input_ids=input_ids, **encoded).logits)

    with loaded.lock:
        values, delta = LayerIntegratedGradients(logit, loaded.model.get_input_embeddings()).attribute(
            ids, baselines=baseline, n_steps=20, method="riemann_left", return_convergence_delta=True)
    shown = {m.label: float(m.value) for m in app.metric if m.label in ("gap", "Σ attributions")}
    summed = float(values.sum())
    assert shown["Σ attributions"] == pytest.approx(summed, rel=5e-7, abs=float32_atol(values.abs().sum()))
    assert shown["gap"] == pytest.approx(float(delta), rel=5e-7, abs=float32_atol(values.abs().sum()))


def test_by_default_the_steps_are_chosen_from_the_gap_and_the_caption_says_which(checkpoints):
    from bert_explorer.why.attribution import INTEGRATED_GRADIENTS
    from bert_explorer.why.explain import explain

    checkpoint, text = str(checkpoints["bert-seq"]), "the film was good"
    app = explained(open_page(PAGES["sequence_classification"], checkpoint=checkpoint, seq_text=text), "seq")
    assert app.toggle(key="seq_why_auto_steps").value and app.slider(key="seq_why_steps").disabled
    loaded = cached_model(checkpoint, "sequence_classification")
    target = classify.targets(loaded, classify(loaded, text)).target()
    expected = explain(loaded, classify, (text,), target, INTEGRATED_GRADIENTS, "pad", None).attribution
    tried = ", ".join(map(str, expected.tried))
    assert any(f"over {expected.steps} steps (chosen from the gap: {tried} tried, the last kept)" in c.value
               for c in app.caption)
    shown = {m.label: float(m.value) for m in app.metric if m.label == "Σ attributions"}
    assert shown["Σ attributions"] == pytest.approx(expected.total, rel=5e-7)


def test_a_regression_head_explains_a_score_not_a_probability(checkpoints):
    app = explained(open_page(PAGES["sequence_classification"], checkpoint=checkpoints["bert-regression"],
                              seq_text="the film was good", seq_why_method="Gradient × input"), "seq")
    labels = [m.label for m in app.metric]
    assert "Target logit f(x)" in labels and not any("robability" in label for label in labels)
    assert any("the logit is the score itself" in c.value for c in app.caption)
    charts = charts_by_title(app)
    assert "Target logit by layer" in charts and not any("probability" in title.lower() for title in charts)
    assert not any("probability" in column for frame in app.dataframe for column in frame.value.columns)


def test_the_word_chart_numbers_words_by_the_token_chart_positions(checkpoints):
    app = explained(open_page(PAGES["sequence_classification"], checkpoint=checkpoints["bert-seq"],
                              seq_text="an unbelievable film", seq_why_method="Gradient × input"), "seq")
    charts = charts_by_title(app)
    token_at = dict(label.split(" ", 1) for label in trace(charts[ATTRIBUTION])["x"])
    assert token_at["0"] == "[CLS]"
    words = trace(charts["Attribution per word (a split word sums its pieces)"])["x"]
    assert any("–" in label for label in words), "the tiny vocabulary splits 'unbelievable' into pieces"
    for label in words:
        span, text = label.split(" ", 1)
        first, _, last = span.partition("–")
        pieces = [token_at[str(p)] for p in range(int(first), int(last or first) + 1)]
        assert "".join(piece.removeprefix("##") for piece in pieces) == text
