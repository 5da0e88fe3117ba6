"""Views shared by every head that scores a fixed set of outcomes: logits, softmax,
loss per gold outcome, logits by hand."""

import numpy as np
import streamlit as st

from bert_explorer.head_path import LogitsByHand
from bert_explorer.scores import Scores

from . import figures


def index_names(names: list[str]) -> list[str]:
    """'k → name': the index is the id, always."""
    return [f"{k} → {name}" for k, name in enumerate(names)]


def logits_chart(names: list[str], logits: np.ndarray, key: str, title: str = "Logits (index → id2label)") -> None:
    st.plotly_chart(
        figures.bars(names, logits, title, "logit", highlight=int(np.argmax(logits))), key=f"{key}_logits"
    )


def probabilities_chart(names: list[str], probabilities: np.ndarray, title: str, key: str) -> None:
    st.plotly_chart(
        figures.bars(names, probabilities, title, "probability", highlight=int(np.argmax(probabilities))),
        key=f"{key}_probabilities",
    )


@st.fragment
def gold_losses(names: list[str], scores: Scores, key: str, what: str = "label") -> None:
    """Cross-entropy if each outcome were gold; picking the gold reruns only this fragment."""
    losses = scores.loss_per_gold
    st.subheader(f"Cross-entropy for every possible gold {what}")
    gold = st.selectbox(
        f"Gold {what}", [None, *range(len(names))], key=f"{key}_gold", bind="query-params",
        format_func=lambda k: "none" if k is None else names[k],
    )
    st.caption(f"loss(k) = −log softmax(logits)[k]: what training would pay if {what} k were the truth.")
    st.plotly_chart(
        figures.bars(names, losses, "Cross-entropy if gold = k", "loss", highlight=gold), key=f"{key}_losses"
    )
    if gold is not None:
        st.metric(f"Loss with gold = {names[gold]}", f"{losses[gold]:.6f}")
        st.caption(f"With this input's numbers, for gold {what} {names[gold]}:")
        st.latex(softmax_formula(scores.logits, scores.probabilities, gold))
        st.latex(rf"\mathcal{{L}} = -\log p_{{{gold}}} = -\log {scores.probabilities[gold]:.6f} = {losses[gold]:.6f}")


MAX_TERMS = 8


def softmax_formula(logits: np.ndarray, probabilities: np.ndarray, k: int) -> str:
    """p_k = e^{z_k} / Σ_j e^{z_j}, written out with the real logits (the long sums elided)."""
    terms = [f"e^{{{z:.4f}}}" for z in logits]
    if len(terms) > MAX_TERMS:
        terms = terms[:3] + [r"\cdots"] + terms[-2:]
    return (rf"p_{{{k}}} = \frac{{e^{{z_{{{k}}}}}}}{{\sum_j e^{{z_j}}}} = \frac{{e^{{{logits[k]:.4f}}}}}"
            rf"{{{' + '.join(terms)}}} = {probabilities[k]:.6f}")


def by_hand(hand: LogitsByHand, names: list[str], logits: np.ndarray, key: str) -> None:
    st.subheader("Logits by hand")
    if not hand.covered:
        st.info(hand.formula)
        return
    st.markdown(f"Input: **{hand.head_input}**. `{hand.formula}` (dropout is the identity in eval mode).")
    st.metric("max |by hand − model logits|", f"{hand.max_abs_diff:.2e}")
    st.plotly_chart(
        figures.grouped_bars(names, {"model": logits, "by hand": hand.logits}, "Model logits and the recomputation",
                             "logit"),
        key=f"{key}_by_hand",
    )
