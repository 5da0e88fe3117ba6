"""Input forms: the model runs only when the form is submitted."""

import streamlit as st


def text_pair_form(key: str, default_text: str, default_pair: str = "") -> tuple[str, str | None]:
    with st.form(f"{key}_form"):
        text = st.text_area("Text", value=default_text, key=f"{key}_text", bind="query-params", height=90)
        pair = st.text_area(
            "Second text (optional, for pair tasks such as paraphrase or entailment)",
            value=default_pair, key=f"{key}_pair", bind="query-params", height=68,
        )
        st.form_submit_button("Run the model", type="primary")
    return text, (pair or None)


def sentence_pair_form(key: str, default_a: str, default_b: str) -> tuple[str, str]:
    with st.form(f"{key}_form"):
        sentence_a = st.text_area("Sentence A", value=default_a, key=f"{key}_a", bind="query-params", height=68)
        sentence_b = st.text_area("Sentence B", value=default_b, key=f"{key}_b", bind="query-params", height=68)
        st.form_submit_button("Run the model", type="primary")
    return sentence_a, sentence_b


def _append_mask(key: str, mask: str) -> None:
    st.session_state[key] = f"{st.session_state.get(key, '').rstrip()} {mask}".strip()


def masked_text_form(key: str, default_text: str, mask: str) -> str:
    """A text with one or more mask tokens, and a button that appends one."""
    text_key = f"{key}_text"
    st.button(f"Append {mask}", on_click=_append_mask, args=(text_key, mask), key=f"{key}_append")
    with st.form(f"{key}_form"):
        text = st.text_area(f"Text with one or more {mask}", value=default_text, key=text_key,
                            bind="query-params", height=90)
        st.form_submit_button("Run the model", type="primary")
    return text


def choices_form(key: str, default_prompt: str, default_choices: list[str]) -> tuple[str, list[str]]:
    """A prompt and one choice per line."""
    with st.form(f"{key}_form"):
        prompt = st.text_area("Prompt", value=default_prompt, key=f"{key}_prompt", bind="query-params", height=68)
        choices = st.text_area("Choices, one per line (2 to 8)", value="\n".join(default_choices),
                               key=f"{key}_choices", bind="query-params", height=140)
        st.form_submit_button("Run the model", type="primary")
    return prompt, choices.splitlines()


def text_form(key: str, default_text: str) -> str:
    with st.form(f"{key}_form"):
        text = st.text_area("Text", value=default_text, key=f"{key}_text", bind="query-params", height=90)
        st.form_submit_button("Run the model", type="primary")
    return text


def question_form(key: str, default_question: str, default_context: str) -> tuple[str, str]:
    with st.form(f"{key}_form"):
        question = st.text_input("Question", value=default_question, key=f"{key}_question", bind="query-params")
        context = st.text_area("Context", value=default_context, key=f"{key}_context", bind="query-params",
                               height=140)
        st.form_submit_button("Run the model", type="primary")
    return question, context
