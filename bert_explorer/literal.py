"""Text shown inside Markdown exactly as typed: never a link, an image, emphasis or a formula."""

import re

# Every ASCII mark that Markdown, its HTML, KaTeX ($) or a bare-link rule (http:, www.) could read.
_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")
# Escaping is not enough for links: Streamlit's Markdown turns "https\://example\.com", "www\.x\.org" and
# "me@x\.org" into links all the same (checked in Chromium). A word joiner (U+2060, invisible) inside each
# "://", before a dot that starts a word and before "@" leaves nothing a link rule can match.
WORD_JOINER = "\u2060"
_LINK_PARTS = re.compile(r"(?<=:)(?=//)|\.(?=[A-Za-z])|@")


def markdown_literal(text: str, limit: int = 160) -> str:
    """`text` for Markdown, on one line and at most `limit` characters, each mark backslash-escaped so no link,
    image, emphasis or formula can form."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    text = _LINK_PARTS.sub(lambda part: WORD_JOINER + part.group(0), text)
    return _MARKS.sub(r"\\\1", text)
