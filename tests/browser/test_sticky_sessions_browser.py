"""`make serve`: two Streamlit processes behind HAProxy, each browser kept on its own by a cookie."""

import os
import signal
import time
from urllib.parse import urlencode

import pytest

from bert_explorer.loading import load_model
from bert_explorer.tasks.sequence_classification import classify
from harness.balanced import backend_of, backend_status, two_workers
from harness.browser import wait_for_values, wait_until_drawn, wait_until_idle

LOGITS = "Logits (index → id2label)"


@pytest.fixture(scope="module")
def balanced(tmp_path_factory):
    with two_workers(tmp_path_factory.mktemp("serve")) as served:
        yield served


def submit(tab, text: str, expected_logits) -> None:
    tab.get_by_label("Text", exact=True).fill(text)
    tab.get_by_role("button", name="Run the model").click()
    wait_for_values(tab, LOGITS, expected_logits)


def test_sessions_stick_to_their_backend_and_survive_the_other_one_stopping(balanced, browser, checkpoints):
    url, run_dir, stats = balanced
    checkpoint = str(checkpoints["bert-seq"])
    model = load_model(checkpoint, "sequence_classification")
    address = f"{url}/sequence_classification?{urlencode({'checkpoint': checkpoint, 'seq_open_numbers': 'true'})}"
    contexts = [browser.new_context() for _ in range(3)]
    try:
        tabs = [context.new_page() for context in contexts]
        for tab in tabs:
            tab.set_default_timeout(60_000)
        first, second, late = tabs
        for tab in (first, second):
            tab.goto(address)
            wait_until_drawn(tab)
        backends = [backend_of(contexts[0]), backend_of(contexts[1])]
        assert sorted(backends) == ["s1", "s2"]  # new sessions are spread over both workers

        # Reruns and downloads (served over HTTP, not the websocket) reach the session's own worker.
        for text in ("the film was good", "a dull plot"):
            submit(first, text, classify(model, text).logits)
            assert backend_of(contexts[0]) == backends[0]
        wait_until_idle(first)  # the last rerun has finished: the button's data is registered
        with first.expect_download() as download:
            first.get_by_role("button", name="Table (CSV)").click()
        assert len(download.value.path().read_text().splitlines()) == 1 + 3  # a header and the three labels

        os.kill(int((run_dir / f"{backends[1]}.pid").read_text()), signal.SIGTERM)
        deadline = time.monotonic() + 30
        while backend_status(stats).get(backends[1]) != "DOWN":
            assert time.monotonic() < deadline
            time.sleep(0.5)

        submit(first, "a warm and funny story", classify(model, "a warm and funny story").logits)
        assert backend_of(contexts[0]) == backends[0]
        late.goto(address)
        wait_until_drawn(late)
        assert backend_of(contexts[2]) == backends[0]  # a new session goes to the live worker
        second.reload()  # the stopped worker's browser starts again on the live one
        wait_until_drawn(second)
        assert backend_of(contexts[1]) == backends[0]
    finally:
        for context in contexts:
            context.close()

