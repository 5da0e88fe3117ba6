import streamlit as st

from bert_explorer.tasks.question_answering import answer, spans_table
from components import attention_view, head_page, qa_view, text_inputs, tokens_view

page = head_page.open_page("question_answering")
question, context = text_inputs.question_form(
    page.key, "Where did the storm cut the power?",
    "The storm arrived on Monday night. It knocked out power across the city of Leeds, "
    "and crews worked through the night to restore it.",
)
result = page.run(answer, question, context)

qa_view.show_answer(result)
qa_view.gold_answer(result, page.key)
window = qa_view.show_window(result, page.key)
tokens_view.show(result.encodings[window])
st.info("No pooler here: the QA head scores every token's own last hidden state as a start and as an end.")
attention_view.show(result.attentions[window], result.encodings[window].tokens, page.key)
page.why(result)
page.finish(result, spans_table(result), show_table=False)
