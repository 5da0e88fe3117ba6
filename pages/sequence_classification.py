import time

import streamlit as st

from bert_explorer.tasks.sequence_classification import classify, label_table
from components import (
    attention_view, classification_view, exports, loading_report, model_sidebar, pooler_view, runs, scores_view,
    shell, text_inputs, timing, tokens_view,
)

KEY = "seq"
shell.page_frame(
    "Sequence classification",
    "One label for a text or a text pair: logits, the activation the config implies, loss per gold label.",
)

loaded = model_sidebar.model_for("sequence-classification")
if loaded is None:
    st.stop()
loading_report.show(loaded)
text, pair = text_inputs.text_pair_form(KEY, "The film was a delight from start to finish.")
result = runs.run_once(classify, loaded, text, pair)
if result is None:
    st.stop()

started = time.perf_counter()
tokens_view.show_notices(result.encoding)
tokens_view.show(result.encoding)
classification_view.show_logits(result, KEY)
classification_view.show_losses(result, KEY)
scores_view.by_hand(result.by_hand, scores_view.index_names(result.label_names), result.logits, KEY)
pooler_view.show(result.pooler, result.by_hand.head_input, KEY)
attention_view.show(result.attention, result.encoding.tokens, KEY)
st.subheader("Numbers")
st.dataframe(label_table(result), hide_index=True)
exports.download_buttons(label_table(result), result, "sequence-classification", KEY)
timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - started) * 1000)
