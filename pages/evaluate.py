import streamlit as st

from bert_explorer import heads
from components import evaluate_spans_view, evaluate_view, loading_report, mistakes_view, model_sidebar, shell

KEY = "eval"
HEADS = ("sequence_classification", "token_classification", "question_answering")

shell.page_frame("Evaluate", "A whole dataset through a head: accuracy and per-class metrics, entity F1 for NER, "
                             "exact match and F1 for QA; the hardest examples; calibration, geometry and common "
                             "mistakes for sequence classification.")
head = st.radio("Head", HEADS, format_func=lambda name: heads.get(name).title, horizontal=True, key=f"{KEY}_head",
                bind="query-params")
loaded = model_sidebar.model_for(head)
if loaded is None:
    st.stop()
loading_report.show(loaded)
if head == "token_classification":
    evaluate_spans_view.tagging(loaded, KEY)
elif head == "question_answering":
    evaluate_spans_view.answering(loaded, KEY)
else:
    data = evaluate_view.choose_data(KEY)
    if data is not None:
        chosen = evaluate_view.map_labels(data, loaded, KEY)
        result = evaluate_view.evaluation_for(loaded, data, chosen, KEY)
        if result is not None:
            evaluate_view.show_metrics(result)
            evaluate_view.show_confusion(result, loaded.checkpoint, KEY)
            evaluate_view.show_losses(result, loaded.checkpoint, KEY)
            evaluate_view.show_calibration(result, KEY)
            evaluate_view.show_geometry(result, KEY)
            mistakes_view.for_dataset(result.logits, result.gold, result.label_names, KEY)
