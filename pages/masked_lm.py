import streamlit as st

from bert_explorer.tasks.masked_lm import fill, mask_token_of
from components.head_views import head_page, masked_lm_view
from components.sections import attention_view
from components.services import runs, text_inputs

page = head_page.open_page("masked_lm")
mask = runs.checked(mask_token_of, page.loaded)
if mask is None:
    st.stop()
with page.input_area():
    text = text_inputs.masked_text_form(page.head, f"She wrote a {mask} to her grandmother.", mask)
result = page.run(fill, text)

if page.shows("logits"):
    masked_lm_view.show_predictions(result, page.key)
page.section("gold", masked_lm_view.gold_loss, page.loaded, result, page.key, step="loss")
page.section("candidates", masked_lm_view.compare_tokens, page.loaded, result, page.key, step="activation")
page.section("tied", masked_lm_view.show_tied_weights, result, page.key, step="head_input")
page.section("attention", attention_view.show, result.attention, result.encoding.tokens, page.key)
page.tokens(result.encoding)
page.why(result)
page.compare(result)
page.finish(result)
