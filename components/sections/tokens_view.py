"""Tokens and the input tensors the model receives."""

import pandas as pd
import streamlit as st

from bert_explorer.encoding import Encoding


def tokens_table(encoding: Encoding) -> pd.DataFrame:
    columns = {
        "token": encoding.tokens,
        "input_ids": encoding.input_ids,
    }
    if encoding.token_type_ids is not None:
        columns["token_type_ids"] = encoding.token_type_ids
    columns["attention_mask"] = encoding.attention_mask
    columns["special"] = encoding.special_tokens_mask.astype(bool)
    return pd.DataFrame(columns)


def show_notices(encoding: Encoding) -> None:
    for notice in encoding.notices:
        st.warning(notice)


def show(encoding: Encoding) -> None:
    st.caption(
        "Special tokens ([CLS], [SEP], …) are marked. token_type_ids is 0 for text A and 1 for text B; "
        "attention_mask is 1 for every real token."
    )
    st.dataframe(tokens_table(encoding), width="stretch", height=min(400, 38 + 35 * len(encoding.tokens)))
