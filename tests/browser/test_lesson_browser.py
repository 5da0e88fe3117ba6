"""Lesson mode in a real browser at a projector's 1024×768: Back, Reveal and Next move through
the story, each revealed chart carries the model's numbers, nothing overflows sideways, and every
formula renders."""

from urllib.parse import urlencode

import pytest

from app_helpers import opened
from bert_explorer.lessons import lesson_for
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.browser import assert_no_horizontal_overflow, wait_for_values, wait_until_drawn

TEXT = "the film was a delight"
STEPS = lesson_for("sequence_classification")


def at_step(tab, number: int) -> None:
    tab.get_by_text(f"step {number} of {len(STEPS)}").wait_for()
    wait_until_drawn(tab)


def test_next_back_and_reveal_at_1024_by_768(server, projector, checkpoints, tmp_path):
    checkpoint = str(checkpoints["bert-seq"])
    projector.goto(f"{server}/sequence_classification?{urlencode({'checkpoint': checkpoint, 'seq_text': TEXT})}"
                   "&lesson=1")
    at_step(projector, 1)
    projector.get_by_text(STEPS[0].question).wait_for()
    assert projector.get_by_role("button", name="← Back").is_disabled()
    logits = STEPS.index(next(s for s in STEPS if s.name == "logits")) + 1
    for number in range(2, logits + 1):
        projector.get_by_role("button", name="Next →").click()
        at_step(projector, number)
    assert projector.locator(".js-plotly-plot").count() == 0  # the question comes before the chart
    projector.get_by_role("button", name="Reveal").click()
    expected = classify(load_model(checkpoint, "sequence_classification"), TEXT)
    wait_for_values(projector, "Logits (index → id2label)", expected.logits)
    projector.get_by_text(STEPS[logits - 1].point).wait_for()
    # The question, its buttons and what Reveal drew share the first screen: the input has folded away.
    chart = projector.locator(".js-plotly-plot").first.bounding_box()
    assert chart["y"] + chart["height"] <= 768, chart
    assert projector.get_by_text("The input (open it to change it)").is_visible()
    assert_no_horizontal_overflow(projector, tmp_path / "lesson-logits.png")
    projector.get_by_role("button", name="← Back").click()
    at_step(projector, logits - 1)
    projector.get_by_text(STEPS[logits - 2].point).wait_for()  # going back shows the step revealed
    assert_no_horizontal_overflow(projector, tmp_path / "lesson-back.png")


@pytest.mark.parametrize("path", ["", "sequence_classification", "token_classification"])
def test_whole_pages_fit_a_projector(server, projector, checkpoints, tmp_path, path):
    query = {"sequence_classification": {"checkpoint": str(checkpoints["bert-seq"]), "seq_text": TEXT},
             "token_classification": {"checkpoint": str(checkpoints["bert-ner"]), "ner_text": "zorba is in paris."},
             }.get(path, {})
    if path:  # every section open: the whole page
        query.update(opened(f"pages/{path}.py"))
    projector.goto(f"{server}/{path}?{urlencode(query)}")
    if path:
        wait_until_drawn(projector)
        projector.locator(".js-plotly-plot").first.wait_for()
    else:
        projector.get_by_text("Glossary").wait_for()
    assert_no_horizontal_overflow(projector, tmp_path / f"{path or 'home'}-1024.png")
    if path:
        assert projector.locator(".katex").count() > 0
        assert projector.locator(".katex-error").count() == 0, "a formula failed to render"
