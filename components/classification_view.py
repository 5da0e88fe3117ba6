"""Sequence-classification views: logits, probabilities, loss per gold label, logits by hand."""

import streamlit as st

from bert_explorer.scores import IDENTITY, SIGMOID, multi_label_loss, squared_error
from bert_explorer.tasks.sequence_classification import SequenceClassificationResult, label_table

from . import figures


def index_names(result: SequenceClassificationResult) -> list[str]:
    return [f"{k} → {name}" for k, name in enumerate(result.label_names)]


def show_logits(result: SequenceClassificationResult, key: str) -> None:
    names = index_names(result)
    st.subheader("Raw logits")
    st.caption(
        "Logit index k is label id k, always: the name comes from the config's id2label, "
        "never from the order the training data came in."
    )
    st.plotly_chart(
        figures.bars(names, result.logits, "Logits (index → id2label)", "logit", highlight=result.predicted),
        key=f"{key}_logits",
    )
    activation = result.activation
    st.subheader(f"Activation: {activation.name}")
    st.info(f"{activation.reason} Training loss: `{activation.loss}`.")
    if activation.name != IDENTITY:
        st.plotly_chart(
            figures.bars(names, result.probabilities, f"{activation.name}(logits)", "probability",
                         highlight=result.predicted),
            key=f"{key}_probabilities",
        )


@st.fragment
def show_losses(result: SequenceClassificationResult, key: str) -> None:
    """Choosing a gold label reruns only this fragment."""
    names = index_names(result)
    activation = result.activation
    if activation.name == IDENTITY:
        st.subheader("Squared error against a gold value")
        gold = st.number_input("Gold value", value=0.0, key=f"{key}_gold_value", bind="query-params")
        st.metric(f"MSE for gold {gold:g}", f"{squared_error(result.logits[0], gold):.6f}")
        return
    if activation.name == SIGMOID:
        st.subheader("Binary cross-entropy per label")
        gold = st.multiselect("Gold labels (on)", range(len(names)), format_func=lambda k: names[k], key=f"{key}_gold_set")
        st.plotly_chart(
            figures.grouped_bars(
                names,
                {"if gold = 0": result.loss_per_gold[:, 0], "if gold = 1": result.loss_per_gold[:, 1]},
                "BCE-with-logits of each label", "loss",
            ),
            key=f"{key}_losses",
        )
        st.metric("Loss for the chosen gold set (mean over labels)", f"{multi_label_loss(result.logits, set(gold)):.6f}")
        return
    st.subheader("Cross-entropy for every possible gold label")
    gold = st.selectbox(
        "Gold label", [None, *range(len(names))], key=f"{key}_gold", bind="query-params",
        format_func=lambda k: "none" if k is None else names[k],
    )
    st.caption("loss(k) = −log softmax(logits)[k]: what training would pay if label k were the truth.")
    st.plotly_chart(
        figures.bars(names, result.loss_per_gold, "Cross-entropy if gold = k", "loss", highlight=gold),
        key=f"{key}_losses",
    )
    if gold is not None:
        st.metric(f"Loss with gold = {names[gold]}", f"{result.loss_per_gold[gold]:.6f}")


def show_by_hand(result: SequenceClassificationResult, key: str) -> None:
    hand = result.by_hand
    st.subheader("Logits by hand")
    if not hand.covered:
        st.info(hand.formula)
        return
    st.markdown(f"Input: **{hand.head_input}**. `{hand.formula}` (dropout is the identity in eval mode).")
    st.metric("max |by hand − model logits|", f"{hand.max_abs_diff:.2e}")
    st.plotly_chart(
        figures.grouped_bars(index_names(result), {"model": result.logits, "by hand": hand.logits},
                             "Model logits and the recomputation", "logit"),
        key=f"{key}_by_hand",
    )


def show_table(result: SequenceClassificationResult) -> None:
    st.dataframe(label_table(result), width="stretch", hide_index=True)
