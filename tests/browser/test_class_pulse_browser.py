"""The class pulse across two workers behind HAProxy: a presenter and three students in separate browsers follow two
questions; the presenter's bars equal the answers sent, Reveal reaches every student, and a student can neither
reveal nor change the question."""

import contextlib
from urllib.parse import urlencode

import pytest

from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.balanced import backend_of, two_workers
from harness.browser import new_tab, wait_for_values, wait_until_drawn, wait_until_idle

TEXTS = ("the film was a delight", "a dull and tiring plot")
PICKS = (("NEGATIVE", "NEUTRAL", "NEUTRAL"), ("POSITIVE", "POSITIVE", "NEGATIVE"))
COUNTS = "The class's answers (before the reveal)"


@pytest.fixture(scope="module")
def balanced(tmp_path_factory):
    with two_workers(tmp_path_factory.mktemp("serve")) as served:
        yield served


def test_a_class_across_two_workers_follows_the_presenter(balanced, browser, checkpoints):
    url = balanced[0]
    checkpoint = str(checkpoints["bert-seq"])
    model = load_model(checkpoint, "sequence_classification")
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(4)]
    with contextlib.ExitStack() as opened:
        for context in contexts:
            opened.callback(context.close)
        tabs = [opened.enter_context(new_tab(context)) for context in contexts]
        presenter, students = tabs[0], tabs[1:]
        presenter.goto(f"{url}/sequence_classification?"
                       f"{urlencode({'presenter': 1, 'checkpoint': checkpoint, 'seq_text': TEXTS[0]})}")
        wait_until_drawn(presenter)
        presenter.get_by_text("Class pulse").click()
        presenter.get_by_role("button", name="Start a class").click()
        presenter.get_by_text("students open the link").wait_for()
        code = presenter.evaluate("() => new URL(location.href).searchParams.get('class')")

        for number, (text, picks) in enumerate(zip(TEXTS, PICKS, strict=True), start=1):
            if number > 1:  # the presenter's next input, asked the same way
                presenter.get_by_label("Text", exact=True).fill(text)
                presenter.get_by_role("button", name="Run the model").click()
                # the server holds the new input once the address carries it; then its run ends
                presenter.wait_for_function("t => new URL(location.href).searchParams.get('seq_text') === t", arg=text)
                wait_until_drawn(presenter)
                wait_until_idle(presenter)
            presenter.get_by_role("button", name="Ask the class this input").click()
            presenter.get_by_text(f"answered question {number}").wait_for()
            for tab, pick in zip(students, picks, strict=True):
                if number == 1:
                    tab.goto(f"{url}/class?class={code}")
                tab.get_by_text(f"Question {number}").wait_for()  # the second arrives by itself
                tab.get_by_text(text, exact=True).wait_for()  # drawn in the same rerun, maybe a moment later
                assert tab.get_by_text(text, exact=True).count() == 1
                tab.get_by_text(pick, exact=True).click()
                tab.get_by_role("button", name="Send").click()
                tab.get_by_text(f"Sent: {pick}").wait_for()
            counts = [picks.count(name) for name in ("NEGATIVE", "NEUTRAL", "POSITIVE")]
            wait_for_values(presenter, COUNTS, counts)
            for tab in students:
                assert tab.get_by_role("button", name="Reveal to class").count() == 0
                assert tab.get_by_role("button", name="Ask the class this input").count() == 0
            presenter.get_by_role("button", name="Reveal to class").click()
            probabilities = classify.question(model, classify(model, text)).probabilities
            for tab in students:
                tab.get_by_text("The model's answer").wait_for()  # each student's page follows by itself
                # the model's side, most probable first, as the model gives it
                wait_for_values(tab, "The class against the model", sorted(probabilities, reverse=True), trace=1)
        assert len({backend_of(context) for context in contexts}) == 2  # the class spans both workers
