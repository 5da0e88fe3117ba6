"""Class modes: predict-then-reveal (?guess=1), presenter (?presenter=1) and the link to the view."""

from app_helpers import assert_no_exception, charts_by_title, open_page
from bert_explorer.guessing import reveal
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.sequence_classification import classify
from harness.plotly_data import figure, trace

SEQ, TEXT = "pages/sequence_classification.py", "the film was a delight"
LOGITS = "Logits (index → id2label)"


def reveal_button(app):
    return next(b for b in app.button if b.label == "Reveal")


def test_the_answer_stays_hidden_until_the_student_guesses_then_their_guess_is_marked(checkpoints):
    checkpoint = str(checkpoints["bert-seq"])
    app = open_page(SEQ, checkpoint=checkpoint, seq_text=TEXT, guess=1)
    assert_no_exception(app)
    assert [s.value for s in app.subheader][:1] == ["Your guess first"]
    assert not app.get("plotly_chart") and not app.metric  # no probability, no predicted label

    reveal_button(app).click().run()
    assert any("Pick your guess first" in w.value for w in app.warning)
    assert not app.get("plotly_chart")

    app.radio(key="seq_guess_pick").set_value("NEUTRAL")
    reveal_button(app).click().run()
    assert_no_exception(app)
    model = load_model(checkpoint, "sequence_classification")
    expected = reveal(classify.question(model, classify(model, TEXT)), "NEUTRAL")
    said = (app.success if expected.right else app.info)[0].value
    assert f"You guessed **NEUTRAL**: the model gives it p = {expected.guess_probability:.4f}, rank " \
           f"{expected.guess_rank} of 3" in said and f"**{expected.predicted}**" in said
    charts = charts_by_title(app)
    assert LOGITS in charts  # the whole page is open now
    guessed = charts["Your guess against the model (the labels)"]
    assert trace(guessed)["x"][0] == expected.predicted
    assert [a["text"] for a in figure(guessed)["layout"]["annotations"]] == ["your guess"]

    app.selectbox(key="seq_overview").select_index(1).run()  # a view change keeps the reveal
    assert LOGITS in charts_by_title(app)
    next(b for b in app.button if b.label == "Guess again").click().run()
    assert not app.get("plotly_chart")


def test_a_new_input_asks_for_a_new_guess(checkpoints):
    app = open_page(SEQ, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT, guess=1)
    app.radio(key="seq_guess_pick").set_value("POSITIVE")
    reveal_button(app).click().run()
    assert charts_by_title(app)
    app.text_area(key="seq_text").input("a dull plot")
    next(b for b in app.button if b.label == "Run the model").click().run()
    assert [s.value for s in app.subheader][:1] == ["Your guess first"]


def test_a_fill_in_guess_is_typed_and_an_unknown_word_is_refused(checkpoints):
    checkpoint = str(checkpoints["bert-pretraining"])
    app = open_page("pages/masked_lm.py", checkpoint=checkpoint, mlm_text="the [MASK] was good", guess=1)
    app.text_input(key="mlm_guess_typed").input("zzzqqq")
    reveal_button(app).click().run()
    assert any("zzzqqq" in e.value for e in app.error) and not app.get("plotly_chart")
    model = load_model(checkpoint, "masked_lm")
    question = fill.question(model, fill(model, "the [MASK] was good"))
    word = question.outcomes[len(question.outcomes) // 2]
    app.text_input(key="mlm_guess_typed").input(word)
    reveal_button(app).click().run()
    assert_no_exception(app)
    expected = reveal(question, word)
    assert f"rank {expected.guess_rank} of {expected.outcomes:,}" in (app.success or app.info)[0].value
    assert len(trace(charts_by_title(app)["Your guess against the model (mask 1)"])["x"]) == 11


def test_a_page_with_many_answers_says_so_and_shows_everything(checkpoints):
    app = open_page("pages/token_classification.py", checkpoint=str(checkpoints["bert-ner"]),
                    ner_text="zorba is in paris.", guess=1)
    assert_no_exception(app)
    assert any("several" in i.value for i in app.info)
    assert app.get("plotly_chart")


def test_presenter_mode_is_the_lesson_in_larger_type(checkpoints):
    app = open_page(SEQ, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT, presenter=1)
    assert_no_exception(app)
    assert any("Lesson · step 1" in p.proto.text for p in app.get("progress"))
    assert any("html { font-size" in h.proto.body for h in app.get("html"))
    plain = open_page(SEQ, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT)
    assert not any("html { font-size" in h.proto.body for h in plain.get("html"))


def test_every_head_page_offers_the_link_buttons(checkpoints):
    app = open_page(SEQ, checkpoint=str(checkpoints["bert-seq"]), seq_text=TEXT)
    frames = [e.proto.srcdoc for e in app.get("iframe")]
    assert len(frames) == 1 and "Students' link" in frames[0] and '"guess"' in frames[0]
