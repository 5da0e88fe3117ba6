"""Every page of every architecture family the README promises, through AppTest: no unexpected error,
the numbers are the model's own, a path the app does not draw is said so, and every download is
strictly valid JSON (or CSV)."""

import csv
import inspect
import io

import numpy as np
import pytest
import torch

from app_helpers import (
    assert_no_exception,
    cached_model,
    charts_by_title,
    open_page,
    recorded_downloads,
    strict_json,
)
from bert_explorer.heads import HEADS as REGISTRY
from families import FAMILIES, HEADS, NOT_DRAWN
from harness.plotly_data import trace
from tiny import tokenizer_of
from tolerance import assert_float32_close

# The chart each page draws of the head's own scores, and where in the trace they are.
SCORE_CHARTS = {
    "sequence_classification": ("Logits (index → id2label)", "y"),
    "multiple_choice": ("Score of each choice (logits)", "y"),
    "token_classification": ("Logits", "z"),
    "question_answering": ("Start and end logits", "y"),
}


def model_scores(loaded, head: str, app) -> np.ndarray:
    """The head's scores, from the model itself, for the page's default input."""
    text = app.text_area[0].value
    with loaded.lock:
        tokenizer = tokenizer_of(loaded)
        if head == "multiple_choice":
            choices = [c for c in app.text_area[1].value.splitlines() if c.strip()]
            batch = {k: v[None] for k, v in tokenizer([text] * len(choices), choices, padding=True, truncation=True,
                                                       max_length=loaded.max_length, return_tensors="pt").items()}
        elif head == "question_answering":
            batch = tokenizer(app.text_input[0].value, text, return_tensors="pt")
        else:
            batch = tokenizer(text, truncation=True, max_length=loaded.max_length, return_tensors="pt")
    accepted = inspect.signature(loaded.model.forward).parameters
    with torch.no_grad():
        out = loaded.model(**{k: v for k, v in batch.items() if k in accepted})
    return (out.start_logits if head == "question_answering" else out.logits)[0].numpy()


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("head", HEADS)
def test_every_family_on_every_page(families, family, head):
    checkpoint = str(families[family])
    short = {"qa_question": "where is paris", "qa_context": "paris is the capital of france."}
    with recorded_downloads() as downloads:
        app = open_page(REGISTRY[head].page, checkpoint=checkpoint, **(short if head == "question_answering" else {}))
    assert_no_exception(app)
    assert not app.error, [e.value for e in app.error]
    if head in SCORE_CHARTS:
        title, field = SCORE_CHARTS[head]
        shown = np.asarray(trace(charts_by_title(app)[title], 0)[field], dtype=np.float32)
        if head == "token_classification":
            shown = shown.T  # drawn with the tokens across and the labels down
        expected = model_scores(cached_model(checkpoint, head), head, app)
        assert_float32_close(shown.reshape(expected.shape), expected)
    if (family, head) in NOT_DRAWN:
        assert any("not drawn" in info.value for info in app.info)
    for name, data in downloads.items():
        content = data().decode()
        if name.endswith(".json"):
            strict_json(content)
        else:
            rows = list(csv.reader(io.StringIO(content)))
            assert len(rows) > 1 and len({len(row) for row in rows}) == 1
    assert f"{head}.json" in downloads


@pytest.mark.parametrize("head", ["next_sentence", "pretraining"])
def test_the_bert_only_pages_download_strict_json_too(families, head):
    with recorded_downloads() as downloads:
        app = open_page(REGISTRY[head].page, checkpoint=str(families["bert"]))
    assert_no_exception(app)
    assert f"{head}.json" in downloads
    for name, data in downloads.items():
        if name.endswith(".json"):
            assert strict_json(data().decode())["timings_ms"]
