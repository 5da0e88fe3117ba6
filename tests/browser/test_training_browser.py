from urllib.parse import urlencode

import numpy as np

from harness.browser import chart_data


def test_a_training_run_draws_its_outcome(server, page, checkpoints):
    page.goto(f"{server}/training?{urlencode({'checkpoint': checkpoints['bert-base']})}")
    page.get_by_text("AdamW parameter groups").wait_for()
    epochs = page.get_by_label("Epochs", exact=True)
    epochs.fill("2")
    epochs.press("Tab")
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text("Held-out accuracy").wait_for()
    page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                           ".some(p => p._fullLayout.title.text.includes('Confusion matrix'))")
    confusion = np.array(chart_data(page, "Confusion matrix (held-out)", "z"))
    assert confusion.sum() == 800  # the 20% held out of 4,000 tweets
    losses = chart_data(page, "Training loss per step", "y")
    assert len(losses) == 2 * 100


def test_uploads_are_checked_and_used(server, page, checkpoints, tmp_path):
    page.goto(f"{server}/training?{urlencode({'checkpoint': checkpoints['bert-base']})}")
    page.get_by_text("Upload CSV or JSONL").click()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"sentence,label\nhello,pos\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("Missing column(s) text").wait_for()
    assert "Traceback" not in page.inner_text("body")
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(['{"text": "i love it", "label": "yes"}', '{"text": "i hate it", "label": "no"}'] * 20))
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_text("Missing column(s) text").wait_for(state="detached")
    page.get_by_text("AdamW parameter groups").wait_for()
    page.get_by_text("Labels → ids").wait_for()
