import time

import streamlit as st

from bert_explorer.tasks.multiple_choice import choices_table, choose
from components import choice_view, exports, loading_report, model_sidebar, runs, shell, text_inputs, timing

KEY = "mc"
shell.page_frame("Multiple choice", "One score per (prompt, choice) pair; the softmax runs across the choices.")

loaded = model_sidebar.model_for("multiple-choice")
if loaded is None:
    st.stop()
loading_report.show(loaded)
prompt, choices = text_inputs.choices_form(
    KEY, "The central bank raised interest rates for the third time this year.",
    ["Economists said higher borrowing costs would slow the housing market.",
     "The striker scored twice in the second half.",
     "The band's new album goes on sale next week.",
     "The new phone has a bigger screen and a faster chip."],
)
result = runs.run_once(choose, loaded, prompt, tuple(choices))
if result is None:
    st.stop()

started = time.perf_counter()
for notice in result.notices:
    st.warning(notice)
choice_view.show_scores(result, KEY)
choice_view.show_choice(result, KEY)
st.subheader("Numbers")
st.dataframe(choices_table(result), hide_index=True)
exports.download_buttons(choices_table(result), result, "multiple-choice", KEY)
timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - started) * 1000)
