"""The Evaluate page in a real browser: upload a CSV, evaluate, read the confusion matrix and the
reliability diagram as drawn, and click a cell to list its examples."""

from urllib.parse import urlencode

import numpy as np

from bert_explorer.evaluation.calibration import calibration
from bert_explorer.evaluation.metrics import classification_metrics
from bert_explorer.evaluation.predict import batched_outputs
from bert_explorer.loading import load_model
from harness.browser import TITLE_JS, chart_data, charts, wait_for_chart

ROWS = [("the film was good", "POSITIVE"), ("bad film", "NEGATIVE"), ("i loved it", "POSITIVE"),
        ("terrible", "NEGATIVE"), ("it was ok", "NEUTRAL"), ("good good", "POSITIVE"), ("the end", "NEUTRAL"),
        ("paris is in france", "NEGATIVE")]


def test_upload_evaluate_and_click_a_cell(server, page, checkpoints, tmp_path):
    checkpoint = str(checkpoints["bert-seq"])
    upload = tmp_path / "reviews.csv"
    upload.write_text("text,label\n" + "".join(f'"{text}",{label}\n' for text, label in ROWS))
    page.goto(f"{server}/evaluate?{urlencode({'checkpoint': checkpoint, 'eval_data': 'Upload a CSV or JSONL file'})}")
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_role("button", name="Evaluate").click()
    wait_for_chart(page, "Reliability diagram")

    loaded = load_model(checkpoint, "sequence_classification")
    logits = batched_outputs(loaded, [text for text, _ in ROWS]).logits
    gold = np.array([["NEGATIVE", "NEUTRAL", "POSITIVE"].index(label) for _, label in ROWS])
    confusion = classification_metrics(gold, logits.argmax(1), 3).confusion
    drawn = np.array(chart_data(page, "Gold (rows) × predicted (columns)", "text"), dtype=int)
    np.testing.assert_array_equal(drawn, confusion.ravel())
    expected = calibration(logits, gold).reliability
    curve = charts(page)["Reliability diagram"][1]["y"]  # trace 0 is the diagonal
    np.testing.assert_allclose(np.array(curve, dtype=float), expected.accuracy, atol=1e-6)

    # Click the cell gold NEUTRAL × predicted (what the model said for 'it was ok').
    predicted = int(logits[4].argmax())
    point = page.evaluate(f"""([x, y]) => {{ const plot = Array.from(document.querySelectorAll('.js-plotly-plot'))
        .find(p => {TITLE_JS}(p).startsWith('Gold (rows)'));
        plot.scrollIntoView({{block: "center"}});
        const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis, box = plot.getBoundingClientRect();
        return [box.left + xa._offset + xa.l2p(xa.d2c(x)), box.top + ya._offset + ya.l2p(ya.d2c(y))]; }}""",
                          [["NEGATIVE", "NEUTRAL", "POSITIVE"][predicted], "NEUTRAL"])
    page.mouse.click(*point)
    page.get_by_text(f"{int(confusion[1, predicted])} example(s), highest loss first.").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
