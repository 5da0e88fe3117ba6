"""A class on one server: identical requests run once, and no session sees another's input or result."""

import numpy as np

from app_helpers import assert_no_exception, cached_model, charts_by_title, open_page
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from components.services import runs
from harness.plotly_data import trace

PAGE = "pages/sequence_classification.py"
LOGITS = "Logits (index → id2label)"
DEFAULT_TEXT, OWN_TEXT = "the film was a delight", "a dull and tired plot"


def test_sessions_asking_the_same_share_one_forward_pass_and_keep_their_own_results(checkpoints, forward_calls):
    checkpoint = str(checkpoints["bert-seq"])
    runs.shared_results().clear()
    calls = forward_calls(cached_model(checkpoint, "sequence_classification").model)

    class_of_three = [open_page(PAGE, checkpoint=checkpoint, seq_text=DEFAULT_TEXT) for _ in range(3)]
    assert calls["n"] == 1

    student = class_of_three[1]
    student.text_area(key="seq_text").input(OWN_TEXT)
    student.button[0].click().run()  # the form's submit button
    for app in class_of_three:
        app.selectbox(key="seq_overview").select_index(1).run()  # a rerun of every session after the student's change
        assert_no_exception(app)
    assert calls["n"] == 2

    loaded = load_model(checkpoint, "sequence_classification")
    expected = {DEFAULT_TEXT: classify(loaded, DEFAULT_TEXT).logits, OWN_TEXT: classify(loaded, OWN_TEXT).logits}
    for app, text in zip(class_of_three, [DEFAULT_TEXT, OWN_TEXT, DEFAULT_TEXT]):
        assert app.text_area(key="seq_text").value == text
        np.testing.assert_allclose(trace(charts_by_title(app)[LOGITS])["y"], expected[text], rtol=1e-6)
