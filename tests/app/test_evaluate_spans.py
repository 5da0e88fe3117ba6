"""The Evaluate page for NER and QA: the figures equal seqeval's and SQuAD's on what each head's own page
predicts for every example."""

import json

import numpy as np
import torch
from seqeval.metrics import f1_score, precision_score
from transformers import AutoTokenizer

from app_helpers import assert_no_exception, open_page
from bert_explorer import checkpoints as checkpoints_module
from bert_explorer import heads
from bert_explorer.evaluation.answering import exact_match, token_f1
from bert_explorer.evaluation.datasets import handwritten_tags
from bert_explorer.heads import EMBEDDED_DEFAULT
from bert_explorer.loading import load_model
from bert_explorer.tasks.question_answering import answer

PAGE = "pages/evaluate.py"
# The URL holds the radio's label, the head's title.
NER, QA = heads.get("token_classification").title, heads.get("question_answering").title


def evaluated(app):
    if any(button.key == "eval_run" for button in app.button):
        app.button(key="eval_run").click().run()
    assert_no_exception(app)
    return {m.label: m.value for m in app.metric}


def test_ner_on_the_handwritten_set_is_seqevals_score_of_the_pages_tags():
    app = open_page(PAGE, eval_head=NER, checkpoint=EMBEDDED_DEFAULT)
    shown = evaluated(app)
    loaded = load_model(EMBEDDED_DEFAULT, "token_classification")
    data = handwritten_tags()
    assert len(data) >= 40
    tokenizer = AutoTokenizer.from_pretrained(checkpoints_module.resolve(EMBEDDED_DEFAULT))
    predicted = []
    for words in data.words:  # one sentence at a time, unpadded; each word read from its first sub-word
        encoded = tokenizer(words, is_split_into_words=True, return_tensors="pt")
        with torch.no_grad():
            best = loaded.model(**encoded).logits[0].argmax(-1)
        firsts = {w: i for i, w in reversed(list(enumerate(encoded.word_ids()))) if w is not None}
        predicted.append([loaded.label_names[best[firsts[w]]] for w in range(len(words))])
    assert shown["Entity F1 (micro)"] == f"{f1_score(data.tags, predicted, zero_division=0):.4f}"
    assert shown["Precision"] == f"{precision_score(data.tags, predicted, zero_division=0):.4f}"


def test_qa_on_an_upload_is_squads_score_of_the_pages_answers(checkpoints):
    rows = [{"question": "where is paris", "context": "paris is in france", "answers": ["france"]},
            {"question": "who sang", "context": "zorba sang in paris", "answers": ["zorba", "zorba sang"]},
            {"question": "what was good", "context": "the film was good", "answer": "the film"}]
    app = open_page(PAGE, eval_head=QA, checkpoint=checkpoints["bert-qa"])
    app.selectbox(key="eval_spans_data").select("Upload a file").run()
    upload = app.get("file_uploader")[0]
    upload.upload("questions.jsonl", "\n".join(json.dumps(r) for r in rows).encode(), "application/json").run()
    shown = evaluated(app)
    loaded = load_model(str(checkpoints["bert-qa"]), "question_answering")
    predictions = [answer(loaded, r["question"], r["context"]).best.text for r in rows]
    golds = [r.get("answers", [r.get("answer")]) for r in rows]
    assert shown["Exact match"] == f"{np.mean([exact_match(p, g) for p, g in zip(predictions, golds)]):.4f}"
    assert shown["F1"] == f"{np.mean([token_f1(p, g) for p, g in zip(predictions, golds)]):.4f}"
    assert shown["Questions"] == "3"


def test_a_bad_upload_gets_a_message(checkpoints):
    app = open_page(PAGE, eval_head=NER, checkpoint=checkpoints["bert-ner"])
    app.selectbox(key="eval_spans_data").select("Upload a file").run()
    app.get("file_uploader")[0].upload("tags.jsonl", b'{"tokens": ["a", "b"], "tags": ["O"]}',
                                       "application/json").run()
    assert_no_exception(app)
    assert any("2 words but 1 tags" in e.value for e in app.error)
