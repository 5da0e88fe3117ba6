"""Input forms: the model runs only when the form is submitted. Each box's key (and URL parameter) is the head's
own name for that input (`Head.param`)."""

import streamlit as st

from bert_explorer.heads import Head


def text_pair_form(head: Head, default_text: str, default_pair: str = "") -> tuple[str, str | None]:
    with st.form(head.param("form"), border=False):
        first, second = st.columns(2)  # side by side: the first screen is for the story
        text = first.text_area("Text", value=default_text, key=head.param("text"), bind="query-params", height=68)
        pair = second.text_area(
            "Second text (optional, for pair tasks such as paraphrase or entailment)",
            value=default_pair, key=head.param("pair"), bind="query-params", height=68,
        )
        st.form_submit_button("Run the model", type="primary")
    return text, (pair or None)


def sentence_pair_form(head: Head, default_a: str, default_b: str) -> tuple[str, str]:
    with st.form(head.param("form"), border=False):
        first, second = st.columns(2)
        sentence_a = first.text_area("Sentence A", value=default_a, key=head.param("a"), bind="query-params", height=68)
        sentence_b = second.text_area("Sentence B", value=default_b, key=head.param("b"), bind="query-params",
                                      height=68)
        st.form_submit_button("Run the model", type="primary")
    return sentence_a, sentence_b


def _append_mask(key: str, mask: str) -> None:
    st.session_state[key] = f"{st.session_state.get(key, '').rstrip()} {mask}".strip()


def masked_text_form(head: Head, default_text: str, mask: str) -> str:
    """A text with one or more mask tokens, and a button that appends one."""
    text_key = head.param("text")
    st.button(f"Append {mask}", on_click=_append_mask, args=(text_key, mask), key=head.param("append"))
    with st.form(head.param("form"), border=False):
        text = st.text_area(f"Text with one or more {mask}", value=default_text, key=text_key,
                            bind="query-params", height=68)
        st.form_submit_button("Run the model", type="primary")
    return text


def choices_form(head: Head, default_prompt: str, default_choices: list[str]) -> tuple[str, list[str]]:
    """A prompt and one choice per line."""
    with st.form(head.param("form"), border=False):
        first, second = st.columns(2)
        prompt = first.text_area("Prompt", value=default_prompt, key=head.param("prompt"), bind="query-params",
                                 height=110)
        choices = second.text_area("Choices, one per line (2 to 8)", value="\n".join(default_choices),
                                   key=head.param("choices"), bind="query-params", height=110)
        st.form_submit_button("Run the model", type="primary")
    return prompt, choices.splitlines()


def text_form(head: Head, default_text: str) -> str:
    with st.form(head.param("form"), border=False):
        text = st.text_area("Text", value=default_text, key=head.param("text"), bind="query-params", height=68)
        st.form_submit_button("Run the model", type="primary")
    return text


def question_form(head: Head, default_question: str, default_context: str) -> tuple[str, str]:
    with st.form(head.param("form"), border=False):
        first, second = st.columns([2, 3])
        question = first.text_input("Question", value=default_question, key=head.param("question"),
                                    bind="query-params")
        context = second.text_area("Context", value=default_context, key=head.param("context"), bind="query-params",
                                   height=90)
        st.form_submit_button("Run the model", type="primary")
    return question, context
