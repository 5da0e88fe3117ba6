"""User text inside a Markdown element: shown as typed, never as formatting."""

import re

import streamlit as st

# Every ASCII mark that Markdown, its HTML, KaTeX ($) or a bare-link rule (http:, www.) could read.
_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def markdown_literal(text: str, limit: int = 160) -> str:
    """`text` for st.markdown or a caption, on one line and at most `limit` characters, each mark
    backslash-escaped so no link, image, emphasis or formula can form."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return _MARKS.sub(r"\\\1", text)


MESSAGE_LIMIT = 600  # characters of one message: a 3,000-character name must not fill the screen


def error(message: object) -> None:
    """An error box whose text, which may repeat the user's input, is shown as typed."""
    st.error(markdown_literal(str(message), MESSAGE_LIMIT))


def warning(message: object) -> None:
    st.warning(markdown_literal(str(message), MESSAGE_LIMIT))
