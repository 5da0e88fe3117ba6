import numpy as np

from app_helpers import assert_no_exception, cached_model, charts_by_title, formulas, open_page
from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.question_answering import MAX_ANSWER_TOKENS, answer, gold_span_loss, span_loss
from components.services.plain_text import markdown_literal
from harness.plotly_data import trace

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


def test_the_answer_is_said_in_words_with_its_score_probability_and_why_it_won(checkpoints):
    context = "the library opened in 1962 and was designed by anna. it closed for repairs in 2019."
    app = open_page(PAGE, checkpoint=checkpoints["bert-qa"], qa_question="when did the library open",
                    qa_context=context)
    assert_no_exception(app)
    expected = answer(cached_model(str(checkpoints["bert-qa"]), "question_answering"),
                      "when did the library open", context)
    best, window = expected.best, expected.windows[expected.best.window]
    assert any(m.value == f"**Answer:** {markdown_literal(best.text, limit=400)}" for m in app.markdown)
    shown = {m.label: m.value for m in app.metric}
    assert float(shown["Span score (start + end logit)"]) == round(best.score, 4)
    probability = float(window.start_probabilities[best.start]) * float(window.end_probabilities[best.end])
    assert float(shown["P(start) × P(end)"]) == round(probability, 4)
    length = best.end - best.start + 1
    assert shown["Length"] == f"{length} token{'' if length == 1 else 's'}"
    why = next(c.value for c in app.caption if "start_logit[s] + end_logit[e]" in c.value)
    assert f"at most {MAX_ANSWER_TOKENS} tokens" in why
    assert f"{window.start_logits[best.start]:.4f} + {window.end_logits[best.end]:.4f} = {best.score:.4f}" in why
    runners_up = app.dataframe[0].value
    assert list(runners_up["answer"]) == [s.text for s in expected.top_spans]
    assert list(runners_up["tokens"]) == [s.end - s.start + 1 for s in expected.top_spans]
