"""The "Why this logit?" section of every head page, on its zoo default and on a bare encoder."""

import numpy as np
import pytest
from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from harness.plotly_data import trace
from tolerance import float32_atol

from bert_explorer import heads

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
    warnings = " ".join(w.value for w in app.warning)
    assert "label '99 X'" in warnings and "steps '5000'" in warnings
    check_the_arithmetic(explained(app, "ner"))
