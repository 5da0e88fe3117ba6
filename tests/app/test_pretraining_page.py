from app_helpers import assert_no_exception, charts_by_title, formulas, open_page
from bert_explorer.checkpoints import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.pretraining import pretrain, pretraining_loss

PAGE = "pages/pretraining.py"


def test_the_embedded_default_shows_both_heads():
    app = open_page(PAGE, checkpoint=EMBEDDED_DEFAULT)
    assert_no_exception(app)
    charts = charts_by_title(app)
    assert "NSP logits (index → meaning)" in charts
    assert any(t.startswith("Top 10 at mask 1") for t in charts)


def test_total_loss_is_shown(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], pre_a="the [MASK] was good", pre_b="i loved it")
    app.text_input(key="pre_gold_words").input("film").run()
    assert_no_exception(app)
    shown = {m.label: float(m.value) for m in app.metric if m.label in ("MLM loss", "NSP loss", "Total loss")}
    assert shown["Total loss"] == round(shown["MLM loss"] + shown["NSP loss"], 6) or abs(
        shown["Total loss"] - shown["MLM loss"] - shown["NSP loss"]) < 2e-6


def test_the_total_loss_formula_carries_the_results_own_numbers(checkpoints):
    a, b = "the [MASK] was good", "i loved it"
    app = open_page(PAGE, checkpoint=checkpoints["bert-pretraining"], pre_a=a, pre_b=b, pre_gold_words="film")
    assert_no_exception(app)
    loaded = load_model(str(checkpoints["bert-pretraining"]), "pretraining")
    loss = pretraining_loss(loaded, pretrain(loaded, a, b), ["film"], 0)
    assert f"= {loss.masked.mean:.4f} + {loss.next_sentence:.4f} = {loss.total:.6f}" in formulas(app)
