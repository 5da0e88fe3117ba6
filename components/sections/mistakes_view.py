"""The common-mistakes lab: a toggle per classic bug, showing the number it gives next to the right one.
Every toggle and picker here reruns only its fragment: the model never runs again."""

import numpy as np
import pandas as pd
import streamlit as st

from bert_explorer import mistakes
from bert_explorer.errors import InputError
from bert_explorer.mistakes import Mistake
from bert_explorer.tasks.token_classification import TokenClassificationResult, token_loss
from components.services import plain_text

HEADING = "Common mistakes"
CAPTION = "Switch a bug on to see the number it gives instead of the right one, computed by running the buggy code."


def show(found: list[Mistake], key: str) -> None:
    for k, mistake in enumerate(found):
        if st.toggle(mistake.title, key=f"{key}_mistake_{k}"):
            st.code(mistake.code, language="python")
            st.dataframe(pd.DataFrame({
                "": [q.name for q in mistake.quantities],
                "right": [q.right for q in mistake.quantities],
                "with the bug": [q.wrong for q in mistake.quantities],
            }), hide_index=True)
            st.caption(mistake.effect)


def _header() -> None:
    st.subheader(HEADING)
    st.caption(CAPTION)


@st.fragment
def for_scores(names: list[str], logits: np.ndarray, key: str) -> None:
    """A single-label head on one example."""
    _header()
    gold = st.selectbox("Gold label for the mistakes", range(len(names)), index=int(np.argmax(logits)),
                        format_func=names.__getitem__, key=f"{key}_mistakes_gold")
    show([mistakes.softmax_twice(logits, [gold]), mistakes.binary_cross_entropy_for_one_label(logits, [gold])], key)


@st.fragment
def for_multi_label(names: list[str], logits: np.ndarray, key: str) -> None:
    _header()
    gold = st.multiselect("Gold labels for the mistakes", range(len(names)), default=[int(np.argmax(logits))],
                          format_func=names.__getitem__, key=f"{key}_mistakes_gold_set")
    if not gold:
        st.info("Pick at least one gold label.")
        return
    show([mistakes.softmax_for_several_labels(logits, set(gold))], key)


@st.fragment
def for_tokens(result: TokenClassificationResult, key: str) -> None:
    _header()
    st.caption("Gold: the predicted tags, aligned the right way (the first sub-word of each word carries its tag; "
               "special tokens and later sub-words get −100). Label id 0 stands in for O.")
    length = len(result.word_ids)
    padded = st.number_input("Batch padded to length", min_value=length, max_value=4096, value=max(128, length),
                             key=f"{key}_mistakes_padded")
    labels = token_loss(result, result.word_predictions).labels
    try:
        found = [*mistakes.token_labels_not_ignored(result.logits, labels, result.word_ids),
                 mistakes.mean_over_padding(result.logits, labels, int(padded))]
    except InputError as error:
        plain_text.error(error)
        return
    show(found, key)


@st.fragment
def for_choices(names: list[str], logits: np.ndarray, key: str) -> None:
    _header()
    gold = st.selectbox("Gold choice for the mistakes", range(len(names)), index=int(np.argmax(logits)),
                        format_func=names.__getitem__, key=f"{key}_mistakes_gold")
    show([mistakes.softmax_over_batch_axis(logits, gold)], key)


@st.fragment
def for_next_sentence(logits: np.ndarray, key: str) -> None:
    _header()
    show([mistakes.next_sentence_label_flipped(logits)], key)


@st.fragment
def for_dataset(logits: np.ndarray, gold: np.ndarray, names: list[str], key: str) -> None:
    """A single-label head over an evaluated dataset."""
    _header()
    show([
        mistakes.softmax_twice(logits, gold),
        mistakes.binary_cross_entropy_for_one_label(logits, gold),
        mistakes.label_order(logits, gold, names, names[::-1], "reverse order"),
        mistakes.label_order(logits, gold, names, mistakes.first_seen_order(gold, names),
                             "the order they first appear in this data"),
        mistakes.label_order(logits, gold, names, sorted(names), "alphabetical order"),
    ], key)
