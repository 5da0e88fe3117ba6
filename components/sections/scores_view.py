"""Views shared by every head that scores a fixed set of outcomes: logits, softmax,
loss per gold outcome, logits by hand."""

import numpy as np
import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.head_path import LogitsByHand
from bert_explorer.scores import Scores, tempered
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


@st.fragment
def gold_losses(names: list[str], scores: Scores, key: str, what: str = "label") -> None:
    """Cross-entropy if each outcome were gold; picking the gold reruns only this fragment."""
    losses = scores.loss_per_gold
    st.subheader(f"Cross-entropy for every possible gold {what}", help=glossary.help_for("cross-entropy", "softmax"))
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
    shown = [(scores.predicted, "predicted")] + ([] if gold in (None, scores.predicted) else [(gold, "gold")])
    for k, role in shown:
        both = " (also the chosen gold)" if k == gold else ""
        st.caption(f"With this input's numbers, for the {role} {what} {plain_text.markdown_literal(names[k])}{both}:")
        st.latex(formulas.softmax(scores.logits, scores.probabilities, k))
        st.latex(formulas.cross_entropy(scores.probabilities[k], losses[k], k))


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


@st.fragment
def temperature(names: list[str], logits: np.ndarray, key: str) -> None:
    """softmax(logits / T) against T = 1; moving T reruns only this fragment, never the model."""
    st.subheader("Temperature", help=glossary.help_for("temperature", "softmax"))
    chosen = st.slider("T: every logit is divided by it before the softmax", 0.1, 5.0, 1.0, 0.05,
                       key=f"{key}_temperature")
    if chosen == 1.0:  # the charts above are softmax(logits / 1): drawing them again would show nothing new
        st.caption("At T = 1 the softmax and the losses are the ones above. Move T to see them sharpen (T < 1) "
                   "or flatten (T > 1) beside them; the argmax never moves.")
        return
    plain, scaled = tempered(logits, 1.0), tempered(logits, chosen)
    series = {"T = 1": plain.probabilities, f"T = {chosen:g}": scaled.probabilities}
    st.plotly_chart(figures.grouped_bars(names, series, "softmax(logits / T)", "probability"),
                    key=f"{key}_temperature_probabilities")
    losses = {"T = 1": plain.loss_per_gold, f"T = {chosen:g}": scaled.loss_per_gold}
    st.plotly_chart(figures.grouped_bars(names, losses, "Cross-entropy if gold = k, at T", "loss"),
                    key=f"{key}_temperature_losses")
    st.caption(
        f"The argmax is {names[scaled.predicted]} at every T > 0: dividing by a positive number keeps the logits' "
        f"order. Only the confidence moves: its probability is {scaled.probabilities[scaled.predicted]:.4f} at "
        f"T = {chosen:g} against {plain.probabilities[plain.predicted]:.4f} at T = 1, and the entropy is "
        f"{scaled.entropy:.4f} nats against {plain.entropy:.4f}. T < 1 sharpens; T > 1 flattens towards uniform.")
