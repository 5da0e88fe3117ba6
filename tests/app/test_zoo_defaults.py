"""Offline, each head page with a zoo checkpoint opens on it, says it is trained, and shows its metrics."""

import numpy as np
import pytest

from app_helpers import assert_no_exception, charts_by_title, open_page
from bert_explorer import checkpoints, heads
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.multiple_choice import choose
from bert_explorer.tasks.next_sentence import predict_next
from bert_explorer.tasks.pretraining import pretrain
from bert_explorer.tasks.question_answering import answer
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag
from harness.plotly_data import trace

# What the pre-training pages open on, and the word a class would guess at the mask.
DEFAULT_CLOZE, DEFAULT_ANSWER = "She wrote a [MASK] to her grandmother.", "letter"
PRETRAINING_ANSWER = "rates"


@pytest.mark.parametrize("page, head", [
    ("pages/sequence_classification.py", "sequence_classification"),
    ("pages/multiple_choice.py", "multiple_choice"),
    ("pages/next_sentence.py", "next_sentence"),
    ("pages/masked_lm.py", "masked_lm"),
    ("pages/pretraining.py", "pretraining"),
])
def test_the_page_opens_on_its_trained_zoo_checkpoint(page, head):
    app = open_page(page)
    assert_no_exception(app)
    default = heads.get(head).default_checkpoint
    assert default.startswith("zoo/")
    assert app.selectbox(key="checkpoint").value == default
    assert not any("Random head" in w.value for w in app.warning)
    banner = " ".join(s.value for s in app.success)
    assert "Trained by the project's zoo" in banner and "accuracy" in banner


def test_the_sentiment_default_shows_its_own_logits():
    app = open_page("pages/sequence_classification.py", seq_text="What a wonderful, happy day!")
    expected = classify(load_model("zoo/sentiment-tweets", "sequence_classification"), "What a wonderful, happy day!")
    shown = trace(charts_by_title(app)["Logits (index → id2label)"])
    np.testing.assert_allclose(shown["y"], expected.logits, rtol=1e-5)
    assert list(shown["x"])[int(np.argmax(shown["y"]))].endswith("positive")


def test_the_fill_in_page_opens_on_a_sentence_its_default_fills_in_right():
    app = open_page("pages/masked_lm.py")
    assert_no_exception(app)
    text = app.text_area(key="mlm_text").value
    assert text == DEFAULT_CLOZE
    expected = fill(load_model(heads.get("masked_lm").default_checkpoint, "masked_lm"), text).masks[0]
    top = trace(next(c for t, c in charts_by_title(app).items() if t.startswith("Top 10 at mask 1")))
    assert list(top["x"]) == expected.top_tokens
    np.testing.assert_allclose(top["y"], expected.probabilities[expected.top_ids], rtol=1e-5)
    assert expected.top_tokens[0] == DEFAULT_ANSWER


def test_the_qa_default_reads_the_answer_from_the_context():
    question = "Who opened the new library in Bristol?"
    context = ("The new library in Bristol was opened on Friday by the novelist Zadie Smith. "
               "It cost 12 million pounds and holds 80,000 books.")
    app = open_page("pages/question_answering.py", qa_question=question, qa_context=context)
    assert_no_exception(app)
    assert app.selectbox(key="checkpoint").value == heads.get("question_answering").default_checkpoint == "zoo/news-qa"
    assert not any("Random head" in w.value for w in app.warning)
    banner = " ".join(s.value for s in app.success)
    assert "exact match" in banner and "written by hand" in banner
    result = answer(load_model("zoo/news-qa", "question_answering"), question, context)
    assert result.best.text == "Zadie Smith"
    assert "Zadie Smith" in " ".join(m.value for m in app.markdown)
    np.testing.assert_allclose(trace(charts_by_title(app)["Start and end logits"])["y"],
                               result.windows[result.best.window].start_logits, rtol=1e-5)


def test_the_next_sentence_page_opens_on_a_continuation_its_default_recognises():
    app = open_page("pages/next_sentence.py")
    assert_no_exception(app)
    a, b = app.text_area(key="nsp_a").value, app.text_area(key="nsp_b").value
    result = predict_next(load_model(heads.get("next_sentence").default_checkpoint, "next_sentence"), a, b)
    np.testing.assert_allclose(trace(charts_by_title(app)["NSP logits (index → meaning)"])["y"], result.logits,
                               rtol=1e-5)
    assert result.probabilities[0] > 0.5  # index 0: B continues A


def test_the_pretraining_page_opens_on_a_pair_its_default_gets_right():
    app = open_page("pages/pretraining.py")
    assert_no_exception(app)
    a, b = app.text_area(key="pre_a").value, app.text_area(key="pre_b").value
    result = pretrain(load_model(heads.get("pretraining").default_checkpoint, "pretraining"), a, b)
    charts = charts_by_title(app)
    prediction = result.masked.masks[0]
    top = trace(next(c for t, c in charts.items() if t.startswith("Top 10 at mask 1")))
    assert list(top["x"]) == prediction.top_tokens
    np.testing.assert_allclose(top["y"], prediction.probabilities[prediction.top_ids], rtol=1e-5)
    np.testing.assert_allclose(trace(charts["NSP logits (index → meaning)"])["y"], result.next_sentence.logits,
                               rtol=1e-5)
    assert prediction.top_tokens[0] == PRETRAINING_ANSWER
    assert result.next_sentence.probabilities[0] > 0.5


def test_the_multiple_choice_default_picks_the_next_sentence():
    prompt = "The central bank raised interest rates for the third time this year."
    choices = ("Economists said higher borrowing costs would slow the housing market.",
               "The striker scored twice in the second half.",
               "The band's new album goes on sale next week.",
               "The new phone has a bigger screen and a faster chip.")
    app = open_page("pages/multiple_choice.py", mc_prompt=prompt, mc_choices="\n".join(choices))
    assert_no_exception(app)
    result = choose(load_model("zoo/bbc-next-sentence", "multiple_choice"), prompt, choices)
    np.testing.assert_allclose(trace(charts_by_title(app)["Score of each choice (logits)"])["y"], result.logits,
                               rtol=1e-5)
    assert int(np.argmax(result.logits)) == 0


def test_a_page_opens_on_its_own_default_unless_the_reader_chose_a_checkpoint():
    app = open_page("pages/sequence_classification.py")
    assert app.selectbox(key="checkpoint").value == "zoo/sentiment-tweets"
    app.switch_page("pages/masked_lm.py").run()
    assert app.selectbox(key="checkpoint").value == "zoo/everyday-bert"  # not the last page's default
    app.switch_page("pages/token_classification.py").run()
    assert app.selectbox(key="checkpoint").value == "zoo/news-ner"
    app.switch_page("pages/question_answering.py").run()
    assert app.selectbox(key="checkpoint").value == "zoo/news-qa"
    app.switch_page("pages/sequence_classification.py").run()
    app.selectbox(key="checkpoint").select("zoo/bbc-topics").run()
    app.switch_page("pages/training.py").run()
    assert app.selectbox(key="checkpoint").value == checkpoints.EMBEDDED_DEFAULT  # a zoo head is not an encoder
    app.switch_page("pages/sequence_classification.py").run()
    app.selectbox(key="checkpoint").select(checkpoints.EMBEDDED_DEFAULT).run()
    app.switch_page("pages/next_sentence.py").run()
    assert app.selectbox(key="checkpoint").value == checkpoints.EMBEDDED_DEFAULT  # the reader's choice follows
    assert_no_exception(app)


def test_a_checkpoint_that_is_not_the_default_survives_reruns():
    # The URL holds the option's label, not its name: it must not turn into a second, unloadable option.
    app = open_page("pages/sequence_classification.py", checkpoint=checkpoints.EMBEDDED_DEFAULT)
    for text in ("first text", "second text", "third text"):
        app.text_area(key="seq_text").input(text)
        app.button[0].click().run()
        assert_no_exception(app)
        picker = app.selectbox(key="checkpoint")
        assert picker.value == checkpoints.EMBEDDED_DEFAULT
        assert picker.options.count(checkpoints.display_name(checkpoints.EMBEDDED_DEFAULT)) == 1


def test_the_ner_default_tags_people_organisations_and_places():
    text = "Barack Obama met the head of Volvo in Stockholm."
    app = open_page("pages/token_classification.py", ner_text=text)
    assert_no_exception(app)
    default = heads.get("token_classification").default_checkpoint
    assert app.selectbox(key="checkpoint").value == default == "zoo/news-ner"
    assert not any("Random head" in w.value for w in app.warning)
    banner = " ".join(s.value for s in app.success)
    assert "entity F1" in banner and "written by hand" in banner
    result = tag(load_model("zoo/news-ner", "token_classification"), text)
    assert [(e.text, e.label) for e in result.entities] == [("Barack Obama", "PER"), ("Volvo", "ORG"),
                                                            ("Stockholm", "LOC")]
    words = next(f.value for f in app.dataframe if list(f.value.columns) == ["word", "tag", "from token"])
    assert list(words["tag"]) == [result.label_names[k] for k in result.word_predictions]

