"""A class server in public mode, as students use it: what is not allowed is refused with a clear message, a
second training run waits in line, and another student's page keeps answering meanwhile."""

import os
from urllib.parse import urlencode

import pytest

from bert_explorer import access
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.browser import wait_for_values
from harness.server import streamlit_server

LOGITS = "Logits (index → id2label)"
QUEUED = "Queued: 1 training run ahead of yours on this server."
TRAINING = "Training on this server's training thread."


@pytest.fixture(scope="module")
def public_server(checkpoints):
    shared = checkpoints["bert-seq"].parent
    # Long enough to overlap the rest of the test: 3,200 one-row steps per epoch, within a cap raised to fit.
    env = {"BERT_EXPLORER_PUBLIC": "1", "BERT_EXPLORER_CHECKPOINT_ROOT": str(shared),
           "BERT_EXPLORER_ALLOWED_CHECKPOINTS": "google-bert/*", "BERT_EXPLORER_TRAINING_MAX_STEPS": "200000"}
    with streamlit_server(env=env) as (url, _):
        yield url, env


def error_text(tab) -> str:
    alert = tab.locator("[data-testid=stAlertContentError]").first
    alert.wait_for()
    return alert.inner_text()


def start_long_training(tab, url, checkpoint):
    tab.goto(f"{url}/training?{urlencode({'checkpoint': checkpoint})}")
    tab.get_by_text("AdamW parameter groups").wait_for()
    for label, value in (("Batch size", "1"), ("Epochs", "60")):
        box = tab.get_by_label(label, exact=True)
        box.fill(value)
        box.press("Tab")
        assert box.input_value() == value
    tab.get_by_role("button", name="Train", exact=True).click()


def test_a_student_gets_clear_refusals_and_a_place_in_line_while_another_keeps_answering(
        public_server, browser, checkpoints, monkeypatch):
    url, env = public_server
    for name, value in env.items():  # the server's settings, so that the refusal expected is the server's
        monkeypatch.setenv(name, value)
    student, other = browser.new_context(), browser.new_context()
    tab = student.new_page()
    tab.set_default_timeout(60_000)
    for refused in ("/etc", os.path.expanduser("~"), "someone/private-model"):
        tab.goto(f"{url}/sequence_classification?{urlencode({'checkpoint': refused})}")
        assert error_text(tab) == access.refusal()
        assert "Traceback" not in tab.inner_text("body")

    shared = str(checkpoints["bert-base"])
    start_long_training(tab, url, shared)
    tab.get_by_text(TRAINING).wait_for()
    second = student.new_page()
    second.set_default_timeout(60_000)
    start_long_training(second, url, shared)
    second.get_by_text(QUEUED).wait_for()

    answering = other.new_page()
    answering.set_default_timeout(60_000)
    text = "a student's own sentence"
    answering.goto(f"{url}/sequence_classification?"
                   + urlencode({"checkpoint": checkpoints["bert-seq"], "seq_text": text}))
    expected = classify(load_model(str(checkpoints["bert-seq"]), "sequence_classification"), text)
    wait_for_values(answering, LOGITS, expected.logits)
    assert tab.get_by_text(TRAINING).is_visible(), "the first run was still training meanwhile"
    assert second.get_by_text(QUEUED).is_visible()

    second.get_by_role("button", name="Stop training").click()
    tab.get_by_role("button", name="Stop training").click()
    tab.get_by_text(TRAINING).wait_for(state="detached")
    student.close()
    other.close()
