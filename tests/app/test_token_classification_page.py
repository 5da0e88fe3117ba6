import numpy as np

from app_helpers import assert_no_exception, cached_model, charts_by_title, formulas, open_page
from bert_explorer.loading import load_model
from bert_explorer.tasks.token_classification import parse_gold_tags, tag, token_loss
from harness.plotly_data import trace

PAGE = "pages/token_classification.py"
TEXT = "zorba is in paris."


def test_the_bare_encoder_gets_a_random_head_with_the_conll_tags():
    from bert_explorer.heads import CONLL_2003_TAGS, EMBEDDED_DEFAULT

    app = open_page(PAGE, checkpoint=EMBEDDED_DEFAULT)
    assert_no_exception(app)
    assert any("Random head" in w.value for w in app.warning)
    logits = trace(charts_by_title(app)["Logits"])
    assert list(logits["y"]) == [f"{k} → {tag}" for k, tag in enumerate(CONLL_2003_TAGS)]
    assert any("No pooler" in i.value for i in app.info)


def test_logits_and_gold_tag_loss_are_the_models(checkpoints, forward_calls):
    app = open_page(PAGE, checkpoint=checkpoints["bert-ner"], ner_text=TEXT)
    assert_no_exception(app)
    expected = tag(load_model(str(checkpoints["bert-ner"]), "token_classification"), TEXT)
    np.testing.assert_allclose(trace(charts_by_title(app)["Logits"])["z"], expected.logits.T, rtol=1e-6)
    calls = forward_calls(cached_model(str(checkpoints["bert-ner"]), "token_classification").model)
    app.text_input(key="ner_gold_tags").input("B-PER O O B-LOC O").run()
    assert_no_exception(app)
    assert calls["n"] == 0
    assert any(m.label.startswith("Mean cross-entropy") for m in app.metric)
    app.text_input(key="ner_gold_tags").input("B-PER O").run()
    assert any("one tag per word" in e.value for e in app.error)


def test_the_loss_formulas_carry_the_results_own_numbers(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-ner"], ner_text=TEXT, ner_gold_tags="B-PER O O B-LOC O")
    assert_no_exception(app)
    result = tag(load_model(str(checkpoints["bert-ner"]), "token_classification"), TEXT)
    shown = formulas(app)
    for gold in (result.word_predictions, parse_gold_tags(result, "B-PER O O B-LOC O")):
        loss = token_loss(result, gold)
        terms = " + ".join(f"{x:.4f}" for x in loss.active)
        assert f"\\frac{{{terms}}}{{5}} = {loss.mean:.6f}" in shown
