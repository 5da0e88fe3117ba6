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
