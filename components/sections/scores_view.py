"""Views shared by every head that scores a fixed set of outcomes: their logits and activation as charts (a
sigmoid or regression head; softmax heads tell the story of components.sections.story_view), logits by hand."""

import numpy as np
import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.head_path import LogitsByHand
from components.services import plain_text


def logits_chart(names: list[str], logits: np.ndarray, key: str, title: str = "Logits (index → id2label)") -> None:
    st.plotly_chart(
        figures.bars(names, logits, title, "logit", highlight=int(np.argmax(logits))), key=f"{key}_logits"
    )


def probabilities_chart(names: list[str], probabilities: np.ndarray, title: str, key: str) -> None:
    st.plotly_chart(
        figures.bars(names, probabilities, title, "probability", highlight=int(np.argmax(probabilities))),
        key=f"{key}_probabilities",
    )


def by_hand(hand: LogitsByHand, names: list[str], logits: np.ndarray, key: str) -> None:
    st.subheader("Logits by hand", help=glossary.help_for("logit"))
    if not hand.covered:
        st.info(hand.formula)
        return
    st.markdown(f"Input: **{hand.head_input}**. `{hand.formula}` (dropout is the identity in eval mode).")
    st.metric("max |by hand − model logits|", f"{hand.max_abs_diff:.2e}")
    k = int(np.argmax(logits))
    st.caption(f"The predicted logit, {plain_text.markdown_literal(names[k])}, as the dot product of its weight "
               f"row with x = {hand.head_input}, "
               "plus its bias:")
    st.latex(formulas.logit(k, *hand.terms(k), vector="x"))
    st.plotly_chart(
        figures.grouped_bars(names, {"model": logits, "by hand": hand.logits}, "Model logits and the recomputation",
                             "logit"),
        key=f"{key}_by_hand",
    )
