from urllib.parse import urlencode

import numpy as np
import pytest

from bert_explorer import attention_payload, heads
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.browser import chart_data, charts, choose, wait_for_chart, wait_for_values, wait_until_drawn
from harness.server import streamlit_server

LOGITS = "Logits (index → id2label)"
TEXT = "the film was good"
ATTENTION_TOLERANCE = attention_payload.PRECISION + 1e-6  # 16-bit packing, plus float32's own rounding


def test_a_linked_view_draws_the_models_numbers(server, page, checkpoints):
    query = urlencode({"checkpoint": checkpoints["bert-seq"], "seq_text": "the film was good",
                       "seq_gold": "2 → POSITIVE", "seq_layer": 2, "seq_attention_head": 3,
                       "seq_open_attention": "true"})
    page.goto(f"{server}/sequence_classification?{query}")
    wait_for_chart(page, LOGITS, minimum_charts=6)
    wait_for_chart(page, "Layer 2, head 3")
    drawn = charts(page)
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), "the film was good")
    assert drawn[LOGITS][0]["x"] == ["0 → NEGATIVE", "1 → NEUTRAL", "2 → POSITIVE"]
    np.testing.assert_allclose(drawn[LOGITS][0]["y"], expected.logits, rtol=1e-6)
    np.testing.assert_allclose(drawn["Cross-entropy if gold = k"][0]["y"], expected.loss_per_gold, rtol=1e-6)
    head_map = np.array(chart_data(page, "Layer 2, head 3", "z"))
    np.testing.assert_allclose(head_map, expected.attention.weights[1][2], rtol=0, atol=ATTENTION_TOLERANCE)
    page.get_by_text("Gold label: 2 → POSITIVE, so the prediction is").wait_for()


def test_submitting_text_on_the_default_redraws_the_logits(server, page):
    page.goto(f"{server}/sequence_classification")
    wait_until_drawn(page)
    text = "A dull, lifeless and far too long film."
    page.get_by_label("Text", exact=True).fill(text)
    page.get_by_role("button", name="Run the model").click()
    head = "sequence_classification"
    expected = classify(load_model(heads.get(head).default_checkpoint, head), text)
    wait_for_values(page, LOGITS, expected.logits)
    np.testing.assert_allclose(chart_data(page, LOGITS, "y"), expected.logits, rtol=1e-6)
    assert chart_data(page, LOGITS, "x") == ["0 → negative", "1 → positive"]
    assert expected.logits[0] > expected.logits[1]  # the trained zoo head reads this as negative
    assert "Random head" not in page.content() and "Trained by the project's zoo" in page.content()


def test_layer_and_head_switch_in_the_browser_without_a_rerun(server, page, checkpoints):
    """The packed maps decode, in the browser, to the model's own attentions; switching sends nothing."""
    sent = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    page.goto(f"{server}/sequence_classification?"
              + urlencode({"checkpoint": checkpoints["bert-seq"], "seq_text": TEXT}))
    wait_until_drawn(page)
    assert "Layer 1, head 1" not in charts(page)  # a section: closed until the reader opens it
    page.get_by_text("Attention maps", exact=True).click()
    wait_for_chart(page, "Layer 1, head 1")
    assert "seq_open_attention=true" in page.url  # a copied link reopens it
    page.wait_for_timeout(500)  # the page's own messages after the first draw
    before = len(sent)

    choose(page, "Layer", "2")
    wait_for_chart(page, "Layer 2, head 1")
    choose(page, "Head", "3")
    wait_for_chart(page, "Layer 2, head 3")
    page.wait_for_timeout(500)

    assert len(sent) == before, "a layer or head change sent a message to the server (a rerun)"
    choose(page, "Overview of every layer × head", "Share of attention on [CLS]")
    wait_for_chart(page, "Share of attention on [CLS]")
    assert len(sent) > before  # a Streamlit widget's rerun is seen: the count above can fail
    assert "seq_layer=2" in page.url and "seq_attention_head=3" in page.url  # a copied link keeps the view
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT).attention
    np.testing.assert_allclose(np.array(chart_data(page, "Layer 2, head 3", "z")), expected.weights[1][2],
                               rtol=0, atol=ATTENTION_TOLERANCE)
    np.testing.assert_allclose(np.array(chart_data(page, f"Layer 2, mean over {expected.num_heads} heads", "z")),
                               expected.mean_over_heads[1], rtol=0, atol=ATTENTION_TOLERANCE)


def test_a_long_input_fetches_a_layer_by_rerunning_the_switch_only(page, checkpoints):
    """Over the budget one layer is sent at a time: a layer change asks the server for its layer."""
    with streamlit_server(env={"BERT_EXPLORER_ATTENTION_BUDGET_MB": "0"}) as (url, _):
        page.goto(f"{url}/sequence_classification?"
                  + urlencode({"checkpoint": checkpoints["bert-seq"], "seq_text": TEXT, "seq_open_attention": "true"}))
        wait_until_drawn(page)
        wait_for_chart(page, "Layer 1, head 1")
        page.get_by_text("one layer is sent at a time").wait_for()
        choose(page, "Head", "2")
        choose(page, "Layer", "2")
        wait_for_chart(page, "Layer 2, head 2")
        expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), TEXT).attention
        np.testing.assert_allclose(np.array(chart_data(page, "Layer 2, head 2", "z")), expected.weights[1][1],
                                   rtol=0, atol=ATTENTION_TOLERANCE)
        assert "seq_layer=2" in page.url


def test_the_why_attributions_add_up_to_the_completeness_shown(server, page):
    page.goto(f"{server}/sequence_classification?seq_why_steps=100&seq_open_why=true")
    wait_until_drawn(page)
    page.get_by_role("button", name="Explain").click()
    wait_for_chart(page, "Attribution per token (special tokens included)")
    bars = chart_data(page, "Attribution per token (special tokens included)", "y")
    total = page.locator('[data-testid="stMetric"]', has_text="Σ attributions")
    shown = float(total.locator('[data-testid="stMetricValue"]').inner_text())
    assert shown == pytest.approx(float(np.sum(bars, dtype=np.float64)), rel=5e-7)  # summed as the page does
    expected = page.locator('[data-testid="stMetric"]', has_text="f(x) − f(baseline)")
    difference = float(expected.locator('[data-testid="stMetricValue"]').inner_text())
    assert shown == pytest.approx(difference, rel=0.02)  # IG is complete, up to the integral's small gap
