"""Lesson mode (?lesson=1): every head page steps from its first step to its last without error,
each step shows its question first and its own section only after the reveal."""

from pathlib import Path

import pytest

from app_helpers import assert_no_exception, charts_by_title, open_page, read
from bert_explorer.glossary import TERMS
from bert_explorer.heads import HEADS
from bert_explorer.lessons import lesson_for

# A tiny checkpoint and an input for each head page.
PAGES = {
    "sequence_classification": ("bert-seq", {"seq_text": "the film was a delight"}),
    "token_classification": ("bert-ner", {"ner_text": "zorba is in paris."}),
    "question_answering": ("bert-qa", {"qa_question": "where is paris", "qa_context": "paris is in france."}),
    "multiple_choice": ("bert-mc", {"mc_prompt": "the film was", "mc_choices": "good\nbad"}),
    "next_sentence": ("bert-pretraining", {"nsp_a": "the film was good", "nsp_b": "i loved it"}),
    "masked_lm": ("bert-pretraining", {"mlm_text": "the film was [MASK]"}),
    "pretraining": ("bert-pretraining", {"pre_a": "the [MASK] was good", "pre_b": "i loved it"}),
}


def drawn(app) -> int:
    """How much a run drew below the lesson's header: charts, headings, formulas, tables, notes."""
    return sum(len(app.get(kind)) for kind in ("plotly_chart", "subheader", "latex", "dataframe", "info",
                                                "markdown", "metric", "expandable"))


def test_every_head_has_steps_of_its_own_and_each_step_names_a_section_of_its_page():
    for name, head in HEADS.items():
        assert head.lesson, name
        page = "".join(Path(path).read_text() for path in (head.page, "components/head_views/head_page.py",
                                                             "components/sections/story_view.py"))
        for step in lesson_for(name)[1:]:  # the first is the input, always on screen
            assert f'"{step.name}"' in page, (name, step.name)


@pytest.mark.parametrize("head", sorted(PAGES))
def test_a_lesson_steps_through_to_the_end(checkpoints, head):
    checkpoint, inputs = PAGES[head]
    key = HEADS[head].key
    app = open_page(HEADS[head].page, checkpoint=checkpoints[checkpoint], lesson=1, **inputs)
    steps = lesson_for(head)
    for number, step in enumerate(steps, start=1):
        assert_no_exception(app)
        assert f"step {number} of {len(steps)}" in app.get("progress")[0].proto.text
        assert any(step.question in info.value for info in app.info)
        assert not any(step.point == s.value for s in app.success)
        hidden = drawn(app)
        app.button(key=f"{key}_lesson_reveal").click().run()
        assert_no_exception(app)
        assert any(step.point == s.value for s in app.success)
        if step.name != "input":  # the input is the form, drawn at every step
            assert drawn(app) > hidden, f"{head}: step {step.name!r} drew nothing of its own"
        if number < len(steps):
            app.button(key=f"{key}_lesson_next").click().run()
    assert app.button(key=f"{key}_lesson_next").disabled
    assert any("End of the lesson" in c.value for c in app.caption)


def test_back_returns_to_the_previous_step_revealed(checkpoints):
    app = open_page(HEADS["sequence_classification"].page, checkpoint=checkpoints["bert-seq"], lesson=1,
                    seq_text="the film was a delight")
    assert app.button(key="seq_lesson_back").disabled
    app.button(key="seq_lesson_next").click().run()
    app.button(key="seq_lesson_next").click().run()  # the question of step 3 only: nothing revealed yet
    assert not app.get("plotly_chart")
    app.button(key="seq_lesson_back").click().run()
    assert_no_exception(app)
    assert "step 2 of" in app.get("progress")[0].proto.text
    assert any(s.value == lesson_for("sequence_classification")[1].point for s in app.success)


def test_without_the_flag_the_whole_page_is_drawn(checkpoints):
    app = open_page(HEADS["sequence_classification"].page, checkpoint=checkpoints["bert-seq"],
                    seq_text="the film was a delight")
    assert_no_exception(app)
    assert not app.get("progress")
    headings = [h.value for h in app.subheader]
    assert {"Attention", "Pooler output vs [CLS] hidden state"} <= set(headings)
    assert {"Logits (index → id2label)", "softmax(logits)", "Cross-entropy if gold = k"} <= set(charts_by_title(app))


def test_headings_explain_their_terms_in_tooltips(checkpoints):
    app = open_page(HEADS["sequence_classification"].page, checkpoint=checkpoints["bert-seq"],
                    seq_text="the film was a delight")
    tooltips = {h.value: h.proto.help for h in app.subheader}
    assert TERMS["pooler"] in tooltips["Pooler output vs [CLS] hidden state"]
    assert TERMS["attention head"] in tooltips["Attention"]
    (activation,) = [c for c in app.caption if c.value.startswith("Activation **softmax**")]
    assert TERMS["logit"] in activation.proto.help and TERMS["id2label"] in activation.proto.help
    (headline,) = [m for m in app.markdown if read(m).startswith("**Predicted label:")]
    assert TERMS["cross-entropy"] in headline.proto.help and TERMS["softmax"] in headline.proto.help
