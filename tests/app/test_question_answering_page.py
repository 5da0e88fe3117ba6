import numpy as np
from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from plotly_data import trace

from bert_explorer.loading import load_model
from bert_explorer.tasks.question_answering import answer

PAGE = "pages/question_answering.py"
QUESTION, CONTEXT = "where is paris", "paris is the capital city of france."


def test_the_embedded_default_opens_with_the_random_head_banner():
    app = open_page(PAGE)
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
