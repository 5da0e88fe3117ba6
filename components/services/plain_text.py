"""User text inside a Markdown element: shown as typed, never as formatting."""

import streamlit as st

from bert_explorer.literal import markdown_literal

__all__ = ["markdown_literal", "error", "warning"]  # markdown_literal: the core's, for every component

MESSAGE_LIMIT = 600  # characters of one message: a 3,000-character name must not fill the screen


def error(message: object) -> None:
    """An error box whose text, which may repeat the user's input, is shown as typed."""
    st.error(markdown_literal(str(message), MESSAGE_LIMIT))


def warning(message: object) -> None:
    st.warning(markdown_literal(str(message), MESSAGE_LIMIT))
