import time

import streamlit as st

from bert_explorer.tasks.next_sentence import RANDOM_SENTENCES, nsp_table, predict_next
from components import (
    attention_view, exports, loading_report, model_sidebar, nsp_view, pooler_view, runs, shell, text_inputs, timing,
    tokens_view,
)

KEY = "nsp"
shell.page_frame("Next-sentence prediction", "Does sentence B follow sentence A? BertForNextSentencePrediction.")

loaded = model_sidebar.model_for("next-sentence")
if loaded is None:
    st.stop()
loading_report.show(loaded)
sentence_a, sentence_b = text_inputs.sentence_pair_form(
    KEY, "The storm knocked out power across the city.", "Crews worked through the night to restore it."
)
result = runs.run_once(predict_next, loaded, sentence_a, sentence_b)
if result is None:
    st.stop()

started = time.perf_counter()
tokens_view.show_notices(result.encoding)
tokens_view.show(result.encoding)
nsp_view.show(result, KEY)
random_sentence = st.selectbox("Compare with a random B", RANDOM_SENTENCES, key=f"{KEY}_random")
random_result = runs.run_once(predict_next, loaded, sentence_a, random_sentence, slot="nsp-random")
if random_result is not None:
    nsp_view.show_comparison(result, random_result, random_sentence, KEY)
pooler_view.show(result.pooler, result.by_hand.head_input, KEY)
attention_view.show(result.attention, result.encoding.tokens, KEY)
st.subheader("Numbers")
st.dataframe(nsp_table(result), hide_index=True)
exports.download_buttons(nsp_table(result), result, "next-sentence", KEY)
timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - started) * 1000)
