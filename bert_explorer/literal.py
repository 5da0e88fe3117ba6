"""Text shown inside Markdown exactly as typed: never a link, an image, emphasis or a formula."""

import re

# Every ASCII mark that Markdown, its HTML, KaTeX ($) or a bare-link rule (http:, www.) could read.
_MARKS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def markdown_literal(text: str, limit: int = 160) -> str:
    """`text` for Markdown, on one line and at most `limit` characters, each mark backslash-escaped so no link,
    image, emphasis or formula can form."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return _MARKS.sub(r"\\\1", text)
