"""Eight browser sessions submit different inputs to different pages at once, on 127.0.0.1.
Each must see its own numbers, and none an error."""

from urllib.parse import urlencode

import numpy as np

from bert_explorer.loading import load_model
from bert_explorer.tasks.masked_lm import fill
from bert_explorer.tasks.next_sentence import predict_next
from bert_explorer.tasks.sequence_classification import classify
from bert_explorer.tasks.token_classification import tag
from harness.browser import chart_data, wait_for_values, wait_until_drawn

SESSIONS = 8


def plan(checkpoints):
    """(path, query, chart title, expected first-trace y or z) for each session."""
    seq = load_model(str(checkpoints["bert-seq"]), "sequence_classification")
    ner = load_model(str(checkpoints["bert-ner"]), "token_classification")
    mlm = load_model(str(checkpoints["bert-pretraining"]), "masked_lm")
    nsp = load_model(str(checkpoints["bert-pretraining"]), "next_sentence")
    sessions = []
    for i, text in enumerate(["the film was good", "the book was bad", "i love paris", "we hate it"]):
        sessions.append(("sequence_classification", {"checkpoint": checkpoints["bert-seq"], "seq_text": text},
                         "Logits (index → id2label)", classify(seq, text).logits))
    for text in ["zorba is in paris.", "london is a city"]:
        sessions.append(("token_classification", {"checkpoint": checkpoints["bert-ner"], "ner_text": text},
                         "Logits", tag(ner, text).logits.T))
    text = "the [MASK] was good"
    prediction = fill(mlm, text).masks[0]
    sessions.append(("masked_lm", {"checkpoint": checkpoints["bert-pretraining"], "mlm_text": text},
                     "Top 10 at mask 1 (token 2)", prediction.probabilities[prediction.top_ids]))
    sessions.append(("next_sentence", {"checkpoint": checkpoints["bert-pretraining"], "nsp_a": "the day was good",
                                       "nsp_b": "we love it"},
                     "NSP logits (index → meaning)", predict_next(nsp, "the day was good", "we love it").logits))
    assert len(sessions) == SESSIONS
    return sessions


def test_eight_sessions_at_once_each_see_their_own_results(server, browser, checkpoints):
    sessions = plan(checkpoints)
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900}) for _ in sessions]
    try:
        tabs = [context.new_page() for context in contexts]
        for tab, (path, query, _, _) in zip(tabs, sessions):
            tab.set_default_timeout(120_000)
            tab.goto(f"{server}/{path}?{urlencode(query)}", wait_until="commit")
        for tab, (path, _, title, expected) in zip(tabs, sessions):
            tab.bring_to_front()  # a tab behind others gets its timers throttled: it would draw slowly
            wait_until_drawn(tab)
            if path == "token_classification":
                np.testing.assert_allclose(np.array(chart_data(tab, title, "z")), expected, rtol=1e-5)
            else:
                wait_for_values(tab, title, expected)
            text = tab.inner_text("body")
            assert "Traceback" not in text and "Already borrowed" not in text and "Error" not in text
    finally:
        for context in contexts:
            context.close()
