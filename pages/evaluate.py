import streamlit as st

from bert_explorer import heads
from components.sections import evaluate_spans_view, evaluate_view
from components.services import loading_report, model_sidebar, shell

KEY = "eval"
# How each kind of evaluation a head's registry entry names is drawn.
EVALUATIONS = {"labels": evaluate_view.labels, "tags": evaluate_spans_view.tagging,
               "spans": evaluate_spans_view.answering}

shell.page_frame("Evaluate", "A whole dataset through a head: accuracy and per-class metrics, entity F1 for NER, "
                             "exact match and F1 for QA; the hardest examples; calibration, geometry and common "
                             "mistakes for sequence classification.")
head = st.radio("Head", [head.name for head in heads.evaluated()], format_func=lambda name: heads.get(name).title,
                horizontal=True, key=f"{KEY}_head", bind="query-params")
loaded = model_sidebar.model_for(head)
if loaded is None:
    st.stop()
loading_report.show(loaded)
EVALUATIONS[heads.get(head).evaluation](loaded, KEY)
