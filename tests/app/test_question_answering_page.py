import numpy as np
from app_helpers import assert_no_exception, cached_model, charts_by_title, formulas, open_page
from harness.plotly_data import trace

from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.question_answering import answer, gold_span_loss, span_loss

PAGE = "pages/question_answering.py"
QUESTION, CONTEXT = "where is paris", "paris is the capital city of france."


def test_the_embedded_encoder_opens_with_the_random_head_banner():
    app = open_page(PAGE, checkpoint=EMBEDDED_DEFAULT)
    assert_no_exception(app)
    assert any("Random head" in w.value for w in app.warning)
    assert "Start and end logits" in charts_by_title(app)


def test_start_end_logits_and_gold_loss(checkpoints, forward_calls):
    app = open_page(PAGE, checkpoint=checkpoints["bert-qa"], qa_question=QUESTION, qa_context=CONTEXT)
    assert_no_exception(app)
    expected = answer(load_model(str(checkpoints["bert-qa"]), "question_answering"), QUESTION, CONTEXT)
    drawn = charts_by_title(app)["Start and end logits"]
    np.testing.assert_allclose(trace(drawn, 0)["y"], expected.windows[0].start_logits, rtol=1e-6)
    np.testing.assert_allclose(trace(drawn, 1)["y"], expected.windows[0].end_logits, rtol=1e-6)
    calls = forward_calls(cached_model(str(checkpoints["bert-qa"]), "question_answering").model)
    app.text_input(key="qa_gold_answer").input("france").run()
    assert calls["n"] == 0
    assert any(m.label == "QA loss (mean)" for m in app.metric)
    app.text_input(key="qa_gold_answer").input("berlin").run()
    assert_no_exception(app)
    assert any("does not appear" in e.value for e in app.error)


def test_an_empty_context_gives_a_message(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-qa"], qa_question=QUESTION, qa_context="   ")
    assert_no_exception(app)
    assert any("context is empty" in e.value for e in app.error)


def test_the_span_loss_formulas_carry_the_results_own_numbers(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-qa"], qa_question=QUESTION, qa_context=CONTEXT,
                    qa_gold_answer="france")
    assert_no_exception(app)
    result = answer(load_model(str(checkpoints["bert-qa"]), "question_answering"), QUESTION, CONTEXT)
    shown = formulas(app)
    best = span_loss(result, result.best.window, result.best.start, result.best.end)
    for loss in (best, gold_span_loss(result, "france")):
        assert f"\\frac{{{loss.start_loss:.4f} + {loss.end_loss:.4f}}}{{2}} = {loss.total:.6f}" in shown
