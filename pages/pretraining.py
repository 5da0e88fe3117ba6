import time

import streamlit as st

from bert_explorer.tasks.pretraining import pretrain_view
from components import (
    attention_view, exports, loading_report, mlm_view, model_sidebar, nsp_view, pretraining_view, runs, shell,
    text_inputs, timing, tokens_view,
)

KEY = "pre"
shell.page_frame("Pre-training view", "BertForPreTraining: the masked-LM and next-sentence heads in one pass.")

loaded = model_sidebar.model_for("pretraining")
if loaded is None:
    st.stop()
loading_report.show(loaded)
sentence_a, sentence_b = text_inputs.sentence_pair_form(
    KEY, "The storm knocked out [MASK] across the city.", "Crews worked through the night to restore it."
)
result = runs.run_once(pretrain_view, loaded, sentence_a, sentence_b)
if result is None:
    st.stop()

started = time.perf_counter()
tokens_view.show_notices(result.masked.encoding)
tokens_view.show(result.masked.encoding)
pretraining_view.total_loss(loaded, result, KEY)
mlm_view.show_predictions(result.masked, KEY)
nsp_view.show(result.next_sentence, KEY)
attention_view.show(result.next_sentence.attention, result.masked.encoding.tokens, KEY)
exports.download_buttons(None, result, "pretraining", KEY)
timing.show(result.masked.timings_ms, result.masked.device, result.masked.dtype, (time.perf_counter() - started) * 1000)
