"""Each head page in a real browser: submit input, read the drawn charts, check them."""

from urllib.parse import urlencode

import numpy as np
from playwright.sync_api import expect

from bert_explorer import heads
from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.multiple_choice import choose
from bert_explorer.tasks.next_sentence import predict_next
from bert_explorer.tasks.pretraining import pretrain
from bert_explorer.tasks.question_answering import answer
from bert_explorer.tasks.token_classification import tag
from harness.browser import chart_data, wait_for_values, wait_until_drawn


def open_page(page, server, path, checkpoint=None):
    """The page on `checkpoint`, or on its own default."""
    query = f"?{urlencode({'checkpoint': checkpoint})}" if checkpoint else ""
    page.goto(f"{server}/{path}{query}")
    wait_until_drawn(page)


def assert_zoo_banner(page, *metrics):
    banner = page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert "Trained by the project's zoo" in banner
    for metric in metrics:
        assert metric in banner, (metric, banner)


def submit(page):
    page.get_by_role("button", name="Run the model").click()


def test_token_classification(server, page, checkpoints):
    open_page(page, server, "token_classification", checkpoints["bert-ner"])
    page.get_by_label("Text", exact=True).fill("zorba is in paris.")
    submit(page)
    expected = tag(load_model(str(checkpoints["bert-ner"]), "token_classification"), "zorba is in paris.")
    wait_for_values(page, "Logits", expected.logits.T, field="z")  # tokens across, labels down
    np.testing.assert_allclose(np.array(chart_data(page, "Logits", "z")), expected.logits.T, rtol=1e-5)


def test_question_answering(server, page, checkpoints):
    open_page(page, server, "question_answering", checkpoints["bert-qa"])
    page.get_by_label("Question", exact=True).fill("where is paris")
    page.get_by_label("Context", exact=True).fill("paris is the capital city of france.")
    submit(page)
    expected = answer(load_model(str(checkpoints["bert-qa"]), "question_answering"), "where is paris",
                      "paris is the capital city of france.")
    wait_for_values(page, "Start and end logits", expected.windows[0].start_logits)
    page.get_by_text(expected.best.text, exact=True).first.wait_for()


def test_question_answering_on_the_zoo_default(server, page):
    open_page(page, server, "question_answering")
    question = "Who opened the new library in Bristol?"
    context = ("The new library in Bristol was opened on Friday by the novelist Zadie Smith. "
               "It cost 12 million pounds and holds 80,000 books.")
    page.get_by_label("Question", exact=True).fill(question)
    page.get_by_label("Context", exact=True).fill(context)
    submit(page)
    expected = answer(load_model(heads.get("question_answering").default_checkpoint, "question_answering"),
                      question, context)
    assert expected.best.text == "Zadie Smith"
    wait_for_values(page, "Start and end logits", expected.windows[0].start_logits, tolerance=1e-4)
    page.get_by_text("Zadie Smith", exact=True).first.wait_for()  # the highlighted span
    assert_zoo_banner(page, "exact match", "token F1 on questions written by hand")


def test_multiple_choice(server, page, checkpoints):
    open_page(page, server, "multiple_choice", checkpoints["bert-mc"])
    page.get_by_label("Prompt", exact=True).fill("the film was")
    page.get_by_label("Choices, one per line (2 to 8)", exact=True).fill("good\nbad")
    submit(page)
    expected = choose(load_model(str(checkpoints["bert-mc"]), "multiple_choice"), "the film was", ["good", "bad"])
    wait_for_values(page, "softmax across the choices", expected.probabilities)
    assert chart_data(page, "softmax across the choices", "x") == ["choice 0", "choice 1"]


def test_next_sentence(server, page, checkpoints):
    open_page(page, server, "next_sentence", checkpoints["bert-pretraining"])
    page.get_by_label("Sentence A", exact=True).fill("the film was good")
    page.get_by_label("Sentence B", exact=True).fill("i loved it")
    submit(page)
    expected = predict_next(load_model(str(checkpoints["bert-pretraining"]), "next_sentence"),
                            "the film was good", "i loved it")
    wait_for_values(page, "NSP logits (index → meaning)", expected.logits)
    assert chart_data(page, "NSP logits (index → meaning)", "x") == ["0 → B continues A", "1 → B is random"]


def test_masked_lm_on_the_zoo_default(server, page):
    """The page opens on its own sentence and shows what its default model predicts there."""
    open_page(page, server, "masked_lm")
    text = default_input(page, "Text with one or more [MASK]")
    expected = fill(load_model(heads.get("masked_lm").default_checkpoint, "masked_lm"), text)
    prediction = expected.masks[0]
    title = f"Top 10 at mask 1 (token {prediction.position})"
    wait_for_values(page, title, prediction.probabilities[prediction.top_ids], tolerance=1e-6)
    assert chart_data(page, title, "x") == prediction.top_tokens
    assert prediction.top_tokens[0] == "letter", (text, prediction.top_tokens)
    assert_zoo_banner(page, "masked-token accuracy", "cloze sentences written by hand")


def default_input(page, label):
    """A text box's value once the page has filled it in (it may be drawn empty first)."""
    box = page.get_by_label(label, exact=True)
    expect(box).not_to_have_value("", timeout=60_000)
    return box.input_value()


def sentence_pair(page):
    return tuple(default_input(page, f"Sentence {side}") for side in "AB")


def test_next_sentence_on_the_zoo_default(server, page):
    open_page(page, server, "next_sentence")
    expected = predict_next(load_model(heads.get("next_sentence").default_checkpoint, "next_sentence"),
                            *sentence_pair(page))
    wait_for_values(page, "NSP logits (index → meaning)", expected.logits)
    assert expected.probabilities[0] > 0.5  # index 0: B continues A
    assert_zoo_banner(page, "NSP accuracy")


def test_pretraining_on_the_zoo_default(server, page):
    open_page(page, server, "pretraining")
    expected = pretrain(load_model(heads.get("pretraining").default_checkpoint, "pretraining"), *sentence_pair(page))
    wait_for_values(page, "NSP logits (index → meaning)", expected.next_sentence.logits)
    prediction = expected.masked.masks[0]
    assert chart_data(page, f"Top 10 at mask 1 (token {prediction.position})", "x") == prediction.top_tokens
    assert prediction.top_tokens[0] == "rates" and expected.next_sentence.probabilities[0] > 0.5


def test_pretraining(server, page, checkpoints):
    open_page(page, server, "pretraining", checkpoints["bert-pretraining"])
    page.get_by_label("Sentence A", exact=True).fill("the [MASK] was good")
    page.get_by_label("Sentence B", exact=True).fill("i loved it")
    submit(page)
    expected = pretrain(load_model(str(checkpoints["bert-pretraining"]), "pretraining"), "the [MASK] was good",
                             "i loved it")
    wait_for_values(page, "NSP logits (index → meaning)", expected.next_sentence.logits)
    prediction = expected.masked.masks[0]
    assert chart_data(page, "Top 10 at mask 1 (token 2)", "x") == prediction.top_tokens


def test_ner_on_the_zoo_default(server, page):
    open_page(page, server, "token_classification")
    text = "Barack Obama met the head of Volvo in Stockholm."
    page.get_by_label("Text", exact=True).fill(text)
    submit(page)
    expected = tag(load_model(heads.get("token_classification").default_checkpoint, "token_classification"), text)
    assert [e.label for e in expected.entities] == ["PER", "ORG", "LOC"]
    wait_for_values(page, "Logits", expected.logits.T, tolerance=1e-4, field="z")
    for entity in expected.entities:
        page.get_by_text(f"{entity.text} {entity.label}", exact=True).first.wait_for()  # the highlighted entity
    assert_zoo_banner(page, "entity F1", "entity F1 on sentences written by hand")
