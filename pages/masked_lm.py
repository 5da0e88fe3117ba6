import time

import streamlit as st

from bert_explorer.tasks.masked_lm import fill, mask_token_of
from components import (
    attention_view, exports, loading_report, mlm_view, model_sidebar, runs, shell, text_inputs, timing, tokens_view,
)

KEY = "mlm"
shell.page_frame("Masked fill-in", "What the masked-LM head predicts at each mask token, over the whole vocabulary.")

loaded = model_sidebar.model_for("masked-lm")
if loaded is None:
    st.stop()
loading_report.show(loaded)
mask = runs.checked(mask_token_of, loaded)
if mask is None:
    st.stop()
text = text_inputs.masked_text_form(KEY, f"The government {mask} the new law.", mask)
result = runs.run_once(fill, loaded, text)
if result is None:
    st.stop()

started = time.perf_counter()
tokens_view.show_notices(result.encoding)
tokens_view.show(result.encoding)
mlm_view.show_predictions(result, KEY)
mlm_view.compare_tokens(loaded, result, KEY)
mlm_view.gold_loss(loaded, result, KEY)
mlm_view.show_tied_weights(result, KEY)
st.info("The masked-LM head reads every token's last hidden state; it has no pooler.")
attention_view.show(result.attention, result.encoding.tokens, KEY)
exports.download_buttons(None, result, "masked-lm", KEY)
timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - started) * 1000)
