"""User text in Markdown: every mark escaped, and nothing a link rule could match (Streamlit links bare URLs,
www. names and e-mail addresses even when their marks are escaped)."""

import re

import pytest

from bert_explorer.literal import WORD_JOINER, markdown_literal

# What GFM's autolink-literal rules start from, in the text Markdown sees once the escapes are resolved.
AUTOLINK = re.compile(r"https?://|ftp://|www\.|\w@\w|\w\.[A-Za-z]")


@pytest.mark.parametrize("text", ["see https://example.com/login now", "www.example.org", "mail me@example.com",
                                  "plain example.com", "ftp://x.org", "[sso](https://example.com)"])
def test_no_link_rule_can_match_and_the_reader_sees_the_text(text):
    shown = markdown_literal(text)
    resolved = re.sub(r"\\(.)", r"\1", shown)
    assert not AUTOLINK.search(resolved), resolved
    assert resolved.replace(WORD_JOINER, "") == text


def test_numbers_and_plain_words_are_left_alone():
    assert markdown_literal("5.0 MB, not 4") == r"5\.0 MB, not 4"
