"""The Evaluate page for token classification (seqeval's entity scores) and extractive QA (SQuAD's EM and F1)."""

import pandas as pd
import streamlit as st

from bert_explorer.evaluation.answering import AnsweringEvaluation, Questions, evaluate_reader, read_questions
from bert_explorer.evaluation.datasets import (
    HANDWRITTEN_NER,
    HANDWRITTEN_QA,
    digest,
    handwritten_questions,
    handwritten_tags,
)
from bert_explorer.evaluation.tagging import TaggingEvaluation, evaluate_tagger, read_tagged
from bert_explorer.loading import LoadedModel
from components.sections import evaluate_view
from components.services import runs

HARDEST = 10  # rows of the hardest-examples table

UPLOAD = "Upload a file"


def tagging(loaded: LoadedModel, key: str) -> None:
    data = _data(key, HANDWRITTEN_NER, handwritten_tags, read_tagged, ["jsonl", "json", "txt", "conll"],
                 'JSONL lines {"tokens": [...], "tags": [...]}, or CoNLL text (a word and its tag per line, a blank '
                 "line between sentences)")
    if data is None:
        return
    result = evaluate_view.kept_or_run(loaded, ("ner", digest(data)), len(data), key, evaluate_tagger, loaded, data)
    if result is not None:
        _show_tagging(result, loaded.checkpoint)


def answering(loaded: LoadedModel, key: str) -> None:
    data = _data(key, HANDWRITTEN_QA, handwritten_questions, read_questions, ["jsonl", "json"],
                 'JSONL lines {"question", "context", "answers": [...]}, or a SQuAD-style JSON file')
    if data is None:
        return
    result = evaluate_view.kept_or_run(loaded, ("qa", digest(data)), len(data), key, evaluate_reader, loaded, data)
    if result is not None:
        _show_answering(result, loaded.checkpoint)


def _data(key: str, built_in: str, read_built_in, read_upload, types: list[str], what: str):
    source = st.selectbox("Dataset", [built_in, UPLOAD], key=f"{key}_spans_data")
    if source != UPLOAD:
        st.caption("Written by hand for this project and never trained on.")
        return read_built_in()
    upload = st.file_uploader(what, type=types, key=f"{key}_spans_upload")
    return None if upload is None else runs.checked(read_upload, upload.getvalue(), upload.name)


def _show_tagging(result: TaggingEvaluation, checkpoint: str) -> None:
    for note in result.notes:
        st.caption(note)
    micro = result.score("micro avg")
    a, b, c, d = st.columns(4)
    a.metric("Entity F1 (micro)", f"{micro.f1:.4f}")
    b.metric("Precision", f"{micro.precision:.4f}")
    c.metric("Recall", f"{micro.recall:.4f}")
    d.metric("Token accuracy", f"{result.token_accuracy:.4f}")
    st.dataframe(pd.DataFrame({
        "entity": [s.name for s in result.scores], "precision": [s.precision for s in result.scores],
        "recall": [s.recall for s in result.scores], "f1": [s.f1 for s in result.scores],
        "support": [s.support for s in result.scores],
    }), hide_index=True)
    st.caption("Entity-level scores by seqeval: an entity counts as found only when its type and both ends match "
               "the gold. Micro averages over entities, macro over types. Each word is read from its first "
               "sub-word, as on the token-classification page.")
    st.markdown(f"**The hardest sentences** (up to {HARDEST} with F1 below 1, lowest first): each opens on the "
                "token-classification page.")
    rows = result.hardest(HARDEST)
    evaluate_view.linked_table({
        "sentence": [" ".join(result.words[i]) for i in rows],
        "gold": [" ".join(result.gold[i]) for i in rows],
        "predicted": [" ".join(result.predicted[i]) for i in rows],
        "f1": result.sentence_f1[rows],
    }, [evaluate_view.page_link("token_classification", checkpoint, text=" ".join(result.words[i]))
        for i in rows])


def _show_answering(result: AnsweringEvaluation, checkpoint: str) -> None:
    data: Questions = result.data
    a, b, c = st.columns(3)
    a.metric("Exact match", f"{result.exact_match:.4f}")
    b.metric("F1", f"{result.mean_f1:.4f}")
    c.metric("Questions", f"{len(data):,}")
    st.caption("SQuAD's definitions: answers are lower-cased, stripped of punctuation and of a/an/the; exact match "
               "is 1 when the prediction equals a gold answer; F1 is over the shared words; each question takes its "
               "best gold answer. The prediction is the QA page's best valid span.")
    st.markdown(f"**The hardest questions** (up to {HARDEST} with F1 below 1, lowest first): each opens on the "
                "question-answering page.")
    rows = result.hardest(HARDEST)
    evaluate_view.linked_table({
        "question": [data.questions[i] for i in rows], "predicted": [result.predicted[i] for i in rows],
        "gold": [" | ".join(data.answers[i]) for i in rows], "f1": result.f1[rows],
    }, [evaluate_view.page_link("question_answering", checkpoint, question=data.questions[i],
                                context=data.contexts[i]) for i in rows])
