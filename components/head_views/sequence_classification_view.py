"""Sequence-classification views: the story its config's activation implies, and its losses."""

import streamlit as st

from bert_explorer import figures, glossary
from bert_explorer.scores import IDENTITY, SOFTMAX, multi_label_loss, squared_error, thresholded
from bert_explorer.tasks.sequence_classification import SequenceClassificationResult
from components.sections import scores_view, story_view


def show_story(result: SequenceClassificationResult, key: str, panels: tuple[str, ...]) -> None:
    """The head's path to its answer, as its config's activation implies: softmax's logits → probabilities → loss
    per gold label; sigmoid's per label; regression's one score and its squared error."""
    names = figures.index_names(result.label_names)
    activation = result.activation
    st.caption(f"Activation **{activation.name}**: {activation.reason} Training loss: `{activation.loss}`. "
               "Logit index k is label id k, always: the name comes from the config's id2label.",
               help=glossary.help_for("logit", "id2label", "softmax", "sigmoid"))
    if activation.name == SOFTMAX:
        story_view.scores(names, result.logits, key, tokens=len(result.encoding.tokens), hand=result.by_hand,
                          panels=panels)
        return
    left, right = st.columns(2)
    if "logits" in panels:
        with left:
            scores_view.logits_chart(names, result.logits, key)
    if activation.name == IDENTITY:
        if "loss" in panels:
            with right:
                _regression_error(result, key)
        return
    if "activation" in panels:
        with right:
            scores_view.probabilities_chart(names, result.probabilities, f"{activation.name}(logits)", key)
    if "loss" in panels:
        _multi_label_losses(result, names, key)


@st.fragment
def _regression_error(result: SequenceClassificationResult, key: str) -> None:
    st.subheader("Squared error against a gold value")
    gold = st.number_input("Gold value", value=0.0, key=f"{key}_gold_value", bind="query-params")
    st.metric(f"MSE for gold {gold:g}", f"{squared_error(result.logits[0], gold):.6f}")


@st.fragment
def _multi_label_losses(result: SequenceClassificationResult, names: list[str], key: str) -> None:
    st.subheader("Binary cross-entropy per label", help=glossary.help_for("sigmoid", "cross-entropy"))
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
    threshold = st.slider("Threshold: a label is on when its sigmoid is at least", 0.01, 0.99, 0.5, 0.01,
                          key=f"{key}_threshold")
    decision = thresholded(result.logits, set(gold), threshold)
    st.plotly_chart(figures.bars(names, result.probabilities, f"sigmoid(logits) against the threshold {threshold:g}",
                                 "probability", highlight_all=decision.on, line=threshold),
                    key=f"{key}_threshold_chart")
    on = ", ".join(names[k] for k in decision.on) or "none"
    a, b, c = st.columns(3)
    a.metric("Precision", f"{decision.precision:.4f}")
    b.metric("Recall", f"{decision.recall:.4f}")
    c.metric("F1", f"{decision.f1:.4f}")
    st.caption(f"On at {threshold:g}: {on}. Scored against the gold set above (precision and recall are 0 when "
               "nothing is on, or the gold set is empty). Moving the threshold never reruns the model.")
