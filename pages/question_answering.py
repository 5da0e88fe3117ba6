import streamlit as st

from bert_explorer.tasks.question_answering import answer, spans_table
from components.head_views import head_page, question_answering_view
from components.sections import attention_view
from components.services import text_inputs

page = head_page.open_page("question_answering")
with page.input_area():
    question, context = text_inputs.question_form(
        page.head, "Where did the storm cut the power?",
        "The storm arrived on Monday night. It knocked out power across the city of Leeds, "
        "and crews worked through the night to restore it.",
    )
result = page.run(answer, question, context)

if page.shows("activation"):
    question_answering_view.show_answer(result)
window = question_answering_view.pick_window(result, page.key)
if page.shows("logits"):
    question_answering_view.show_logits(result, window, page.key)
page.section("spans", question_answering_view.show_spans, result, step="activation")
page.section("gold", question_answering_view.gold_answer, result, page.key, step="loss")
page.section("reads", st.info,
             "No pooler here: the QA head scores every token's own last hidden state as a start and as an end.",
             step="head_input")
page.section("attention", attention_view.show, result.attentions[window], result.encodings[window].tokens, page.key)
page.tokens(result.encodings[window])
page.why(result)
page.compare(result)
page.finish(result, spans_table, show_table=False)
