import streamlit as st

from bert_explorer.tasks.next_sentence import RANDOM_SENTENCES, nsp_table, predict_next
from components.head_views import head_page, next_sentence_view
from components.sections import attention_view, mistakes_view, pooler_view
from components.services import runs, text_inputs

page = head_page.open_page("next_sentence")
sentence_a, sentence_b = text_inputs.sentence_pair_form(
    page.head, "The storm knocked out power across the city.", "Crews worked through the night to restore it."
)
result = page.run(predict_next, sentence_a, sentence_b)

page.tokens(result.encoding)
if page.shows("logits"):
    next_sentence_view.show_logits(result, page.key)
if page.shows("activation"):
    next_sentence_view.show_probabilities(result, page.key)
if page.shows("loss"):
    next_sentence_view.show_losses(result, page.key)
    mistakes_view.for_next_sentence(result.logits, page.key)
if page.shows("logits"):
    next_sentence_view.show_by_hand(result, page.key)
if page.shows("activation"):
    random_sentence = st.selectbox("Compare with a random B", RANDOM_SENTENCES, key=f"{page.key}_random")
    random_result = runs.run_once(predict_next, page.loaded, sentence_a, random_sentence, slot="next_sentence-random")
    if random_result is not None:
        next_sentence_view.show_comparison(result, random_result, random_sentence, page.key)
if page.shows("head_input"):
    pooler_view.show(result.pooler, page.key)
if page.shows("attention"):
    attention_view.show(result.attention, result.encoding.tokens, page.key)
page.why(result)
page.compare(result)
page.finish(result, nsp_table(result))
