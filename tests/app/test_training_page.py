import pytest

from app_helpers import assert_no_exception, charts_by_title, open_page
from bert_explorer import settings
from bert_explorer.training.optim import LOSS_DRIVEN, SCHEDULES, learning_rates
from harness.plotly_data import figure, trace

PAGE = "pages/training.py"


def epochs(app):
    return next(box for box in app.number_input if box.label == "Epochs")


def test_the_plan_is_shown_before_training(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-base"])
    assert_no_exception(app)
    charts = charts_by_title(app)
    schedules = charts["linear (first) and every other schedule"]
    steps = 30 * -(-3200 // 32)
    expected = learning_rates("linear", 2e-2, int(0.1 * steps), steps)
    assert list(trace(schedules, 0)["y"]) == expected
    drawn = [trace(schedules, i) for i in range(len(figure(schedules)["data"]))]
    assert {t["name"] for t in drawn} == set(SCHEDULES) - set(LOSS_DRIVEN)
    styles = [(t["line"]["color"], t["line"]["dash"]) for t in drawn]
    assert len(set(styles)) == len(styles), "every schedule has its own colour and dash"
    assert any(all(name in c.value for name in LOSS_DRIVEN) and "no curve before training" in c.value
               for c in app.caption)
    assert any("LayerNorm" in str(df.value) or "bias" in str(df.value) for df in app.dataframe)


def test_a_short_training_run_reports_its_outcome_and_joins_the_checkpoint_list(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-base"])
    epochs(app).set_value(2)
    app.button[0].click().run()  # the form's Train button
    assert_no_exception(app)
    shown = {m.label: m.value for m in app.metric}
    assert 0.0 <= float(shown["Held-out accuracy"]) <= 1.0
    assert "Confusion matrix (held-out)" in charts_by_title(app)
    picker = app.selectbox(key="checkpoint")
    assert "Trained in this session, run 1" in picker.options  # named, never by its server path
    saved = [folder for folder in (settings.cache_folder() / "trained").iterdir() if (folder / "config.json").exists()]
    assert saved, "saved under the cache directory"
    assert not any(str(settings.cache_folder()) in c.value for c in app.caption)


def test_a_bad_mask_sentence_gives_a_message(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-base"])
    app.text_input(key="train_mask_text").input("   ").run()
    assert_no_exception(app)
    assert any("Type a sentence" in e.value for e in app.error)


@pytest.mark.slow
def test_the_label_order_experiment_runs(checkpoints):
    app = open_page(PAGE, checkpoint=checkpoints["bert-base"])
    # The experiment uses the submitted options: the defaults here, so nothing is trained beforehand.
    app.button(key="train_order").click().run()
    assert_no_exception(app)
    assert "Training loss: sorted data against shuffled data" in charts_by_title(app)
