"""The class pulse through the pages: a presenter starts a class on a head page and asks its input; students join on
the class page, answer, and see the reveal beside the model's own probabilities; a student cannot present."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from app_helpers import APP, assert_no_exception, charts_by_title, open_page
from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from components.services import class_room
from harness.plotly_data import trace

SEQ, CLASS, TEXT = "pages/sequence_classification.py", "pages/class.py", "the film was a delight"
AGAINST = "The class against the model"


def button(app, label: str):
    return next(b for b in app.button if b.label == label)


@pytest.fixture
def presenter(checkpoints):
    """A presenter's page with a class started and this input asked."""
    app = open_page(SEQ, sections=False, presenter=1, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT)
    button(app, "Start a class").click().run()
    assert_no_exception(app)
    code, token = app.query_params[class_room.CODE], app.query_params[class_room.TOKEN]
    assert len(code) == 6 and len(token) >= 32
    assert any("students open the link" in m.value for m in app.markdown)
    button(app, "Ask the class this input").click().run()
    assert_no_exception(app)
    return app, code, token


def student(code: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.query_params[class_room.CODE] = code.lower()  # as typed
    app.switch_page(CLASS).run()
    assert_no_exception(app)
    return app


def test_students_answer_the_presenter_counts_them_and_the_reveal_shows_the_model_s_probabilities(
        presenter, checkpoints):
    app, code, token = presenter
    model = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    question = classify.question(model, classify(model, TEXT))
    students = [student(code) for _ in range(3)]
    for each, pick in zip(students, ["NEGATIVE", "NEUTRAL", "NEUTRAL"], strict=True):
        assert [s.value for s in each.subheader] == ["Question 1"]
        assert [t.value for t in each.text] == [TEXT]  # the lecturer's input, as text
        each.radio[0].set_value(pick)
        button(each, "Send").click().run()
        assert any(f"Sent: {pick}" in s.value for s in each.success)
    app.run()
    pulse = class_room.classes().pulse(code)
    assert (pulse.joined, pulse.counts) == (3, {"NEGATIVE": 1, "NEUTRAL": 2, "POSITIVE": 0})
    assert any("**3** joined · **3** answered" in m.value for m in app.markdown)

    assert not [b for b in students[0].button if b.label == "Reveal to class"]  # nothing to reveal with
    button(app, "Reveal to class").click().run()
    assert_no_exception(app)
    shown = students[1].run()
    assert_no_exception(shown)
    against = trace(charts_by_title(shown)[AGAINST], 1)
    model_side = dict(zip(question.outcomes, np.asarray(question.probabilities, dtype=float), strict=True))
    np.testing.assert_allclose(against["y"], [model_side[name] for name in against["x"]], rtol=1e-6)
    shares = dict(zip(trace(charts_by_title(shown)[AGAINST], 0)["x"], trace(charts_by_title(shown)[AGAINST], 0)["y"],
                      strict=True))
    assert shares == {"NEGATIVE": 1 / 3, "NEUTRAL": 2 / 3, "POSITIVE": 0.0}
    predicted = question.outcomes[int(np.argmax(question.probabilities))]
    said = next(m.value for m in shown.markdown if m.value.startswith("The model's answer"))
    assert f"**{predicted}**" in said and "You answered **NEUTRAL**" in said
    assert any("of the class said the same" in m.value for m in app.markdown)  # the presenter sees it too
    assert len(app.get("download_button")) == 1  # the class's CSV


def test_a_wrong_code_says_so_and_offers_the_form_again():
    app = student("ZZZZZZ")
    assert any("No class has this code" in e.value for e in app.error)
    assert app.text_input(key="class_join_code")


def test_a_link_with_the_code_but_another_token_cannot_present(presenter, checkpoints):
    _, code, _ = presenter
    app = open_page(SEQ, sections=False, presenter=1, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT,
                    **{class_room.CODE: code, class_room.TOKEN: "guessed"})
    assert_no_exception(app)
    assert any("not the presenter's" in w.value for w in app.warning)
    assert not [b for b in app.button if b.label in ("Ask the class this input", "Reveal to class")]


def test_a_lesson_plan_opens_its_next_question_on_its_head_s_page_and_asks_it(presenter):
    app, code, token = presenter
    app.selectbox(key="class_plan_example").set_value("logits-to-labels").run()
    assert_no_exception(app)
    assert any("0 of 4 asked" in m.value for m in app.markdown)
    button(app, "Open and ask question 1").click().run()
    assert_no_exception(app)
    pulse = class_room.classes().pulse(code)
    assert pulse.question_id == 2  # the fixture's question, then the plan's first
    assert pulse.question.prompt == "Which label will the sentiment head give, and how sure will it be?"
    assert pulse.question.inputs == {"text": "The film was a delight from start to finish."}
    # the plan's "positive" as the page names it (AppTest keeps the fixture's `checkpoint` in the URL: the tiny model)
    assert pulse.question.gold.lower() == "positive" and pulse.question.gold in pulse.question.outcomes
    assert app.query_params[class_room.TOKEN] == token  # still the presenter, on the plan's page
    assert any("1 of 4 asked" in m.value for m in app.markdown)
    for number in (2, 3, 4):  # the rest of the plan, across three head pages, the last one included
        button(app, f"Open and ask question {number}").click().run()
        assert_no_exception(app)
        asked = class_room.classes().pulse(code).question
        assert (class_room.classes().pulse(code).question_id, asked.head) == (
            number + 1, ("sequence_classification", "next_sentence", "multiple_choice")[number - 2])
    assert asked.outcomes == ("it had started to rain.", "the shop sold bread.", "her phone was charged.")
    assert asked.gold == "it had started to rain."
    assert any("4 of 4 asked" in m.value for m in app.markdown)


def test_a_full_server_says_so_when_a_class_starts(checkpoints, monkeypatch):
    from bert_explorer.classroom import classes as rules

    monkeypatch.setattr(rules, "MAX_CLASSES", 0)
    app = open_page(SEQ, sections=False, presenter=1, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT)
    button(app, "Start a class").click().run()
    assert_no_exception(app)
    assert any("holds 0 classes" in w.value for w in app.warning)
    assert class_room.CODE not in app.query_params
