import time

import streamlit as st

from bert_explorer.tasks.question_answering import answer, spans_table
from components import (
    attention_view, exports, loading_report, model_sidebar, qa_view, runs, shell, text_inputs, timing, tokens_view,
)

KEY = "qa"
shell.page_frame("Extractive QA span", "A start and an end logit for every token; the answer is the best span.")

loaded = model_sidebar.model_for("question-answering")
if loaded is None:
    st.stop()
loading_report.show(loaded)
question, context = text_inputs.question_form(
    KEY, "Where did the storm cut the power?",
    "The storm arrived on Monday night. It knocked out power across the city of Leeds, "
    "and crews worked through the night to restore it.",
)
result = runs.run_once(answer, loaded, question, context)
if result is None:
    st.stop()

started = time.perf_counter()
for notice in result.windows[0].encoding.notices:
    st.warning(notice)
qa_view.show_answer(result)
qa_view.gold_answer(result, KEY)
window = result.windows[qa_view.show_window(result, KEY)]
tokens_view.show(window.encoding)
st.info("No pooler here: the QA head scores every token's own last hidden state as a start and as an end.")
attention_view.show(window.attention, window.encoding.tokens, KEY)
exports.download_buttons(spans_table(result), result, "question-answering", KEY)
timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - started) * 1000)
