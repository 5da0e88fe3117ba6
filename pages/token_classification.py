import streamlit as st

from bert_explorer.tasks.token_classification import tag, token_table
from components.head_views import head_page, token_classification_view
from components.sections import attention_view, mistakes_view
from components.services import text_inputs

page = head_page.open_page("token_classification")
with page.input_area():
    text = text_inputs.text_form(page.head, "Angela Merkel met Emmanuel Macron in Paris on Tuesday.")
result = page.run(tag, text)

if page.shows("activation"):
    token_classification_view.show_words(result)
if page.shows("logits"):
    token_classification_view.show_logits(result, page.key)
page.section("words", token_classification_view.show_word_table, result, step="activation")
page.section("gold", token_classification_view.gold_tags, result, page.key, step="loss")
page.section("mistakes", mistakes_view.for_tokens, result, page.key, step="loss")
page.section("reads", st.info, "No pooler here: this head classifies every token's own last hidden state, not [CLS].",
             step="head_input")
page.section("attention", attention_view.show, result.attention, result.encoding.tokens, page.key)
page.tokens(result.encoding)
page.why(result)
page.compare(result)
page.finish(result, token_table)
