import time

import streamlit as st

from bert_explorer.tasks.token_classification import tag, token_table
from components import (
    attention_view, exports, loading_report, model_sidebar, runs, shell, text_inputs, timing, token_view, tokens_view,
)

KEY = "ner"
shell.page_frame("Token classification (NER)", "A label for every token: logits, the word-level view, entities.")

loaded = model_sidebar.model_for("token-classification")
if loaded is None:
    st.stop()
loading_report.show(loaded)
text = text_inputs.text_form(KEY, "Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
result = runs.run_once(tag, loaded, text)
if result is None:
    st.stop()

started = time.perf_counter()
tokens_view.show_notices(result.encoding)
tokens_view.show(result.encoding)
token_view.show_logits(result, KEY)
token_view.show_words(result)
token_view.gold_tags(result, KEY)
st.info("No pooler here: this head classifies every token's own last hidden state, not [CLS].")
attention_view.show(result.attention, result.encoding.tokens, KEY)
st.subheader("Numbers")
st.dataframe(token_table(result), hide_index=True)
exports.download_buttons(token_table(result), result, "token-classification", KEY)
timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - started) * 1000)
