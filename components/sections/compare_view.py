"""Two checkpoints on the same input, side by side: what each predicts, their logits, probabilities and losses
over the outcomes both have, the differences, and one attention head of each."""

import pandas as pd
import streamlit as st

from bert_explorer import figures
from bert_explorer.compare import Comparison, attention_difference, compare
from bert_explorer.loading import LoadedModel
from components.services import model_sidebar, plain_text, runs


def show(task, models: tuple[LoadedModel, LoadedModel], results: tuple, key: str) -> None:
    names = tuple(model_sidebar.checkpoint_label(m.checkpoint) for m in models)
    st.subheader("Two checkpoints, one input")
    a, b = (plain_text.markdown_literal(name) for name in names)
    st.caption(f"A: **{a}** · B: **{b}**. Each tokenises the input with its own tokenizer.")
    for side, model in zip("AB", models):
        if model.report.head_is_random:
            st.caption(f"{side}'s head is newly initialised (random): its predictions mean nothing yet.")
    comparison = runs.checked(compare, task.distributions(models[0], results[0]),
                              task.distributions(models[1], results[1]))
    if comparison is not None:
        _outcomes(comparison, key)
    _attention(results, key)


@st.fragment
def _outcomes(comparison: Comparison, key: str) -> None:
    pairs = comparison.pairs
    if len(pairs) > 1:
        st.metric("A and B agree on", f"{comparison.agreed} of {len(pairs)}")
        st.dataframe(pd.DataFrame({
            "": [p.key for p in pairs], "A predicts": [p.predicted[0] for p in pairs],
            "B predicts": [p.predicted[1] for p in pairs], "agree": [p.agree for p in pairs],
            "max |p_B − p_A|": [p.probability_gap for p in pairs],
        }), hide_index=True)
    if comparison.unmatched:
        st.caption(f"Only one side has: {', '.join(comparison.unmatched)} (the tokenizers split the input "
                   "differently there).")
    index = 0 if len(pairs) == 1 else st.selectbox(
        "Side by side", range(len(pairs)), format_func=lambda i: pairs[i].key, key=f"{key}_compare_pick")
    pair = pairs[index]
    key_text, a, b = (plain_text.markdown_literal(text) for text in (pair.key, *pair.predicted))
    st.markdown(f"**{key_text}**: A predicts **{a}**, B predicts **{b}**"
                f" ({'they agree' if pair.agree else 'they differ'}).")
    st.caption(pair.note)
    left, right = st.columns(2)
    left.plotly_chart(figures.grouped_bars(pair.outcomes, {"A": pair.logits[0], "B": pair.logits[1]}, "Logits, A and B",
                                           "logit"), key=f"{key}_compare_logits")
    right.plotly_chart(figures.grouped_bars(pair.outcomes, {"A": pair.probabilities[0], "B": pair.probabilities[1]},
                                            "Probabilities, A and B", "probability"),
                       key=f"{key}_compare_probabilities")
    left, right = st.columns(2)
    if pair.losses is not None:
        left.plotly_chart(figures.grouped_bars(pair.outcomes, {"A": pair.losses[0], "B": pair.losses[1]},
                                               "Cross-entropy if gold = k, A and B", "loss"),
                          key=f"{key}_compare_losses")
    right.plotly_chart(figures.signed_bars(pair.outcomes, pair.probabilities[1] - pair.probabilities[0],
                                           "p_B − p_A", "difference", x_title="outcome"),
                       key=f"{key}_compare_difference")


@st.fragment
def _attention(results: tuple, key: str) -> None:
    a, b = (r.attention for r in results)
    tokens = [r.encoding.tokens for r in results]
    st.markdown("**One attention head of each** (the input's first row: window or choice 1)")
    left, right = st.columns(2)
    layer = left.selectbox("Layer (A and B)", range(1, min(a.num_layers, b.num_layers) + 1),
                           key=f"{key}_compare_layer") - 1
    head = right.selectbox("Head (A and B)", range(1, min(a.num_heads, b.num_heads) + 1),
                           key=f"{key}_compare_attention_head") - 1
    maps = (a.weights[layer][head], b.weights[layer][head])
    for column, side, weights, own in zip(st.columns(2), "AB", maps, tokens):
        labels = figures.unique_labels(own)
        column.plotly_chart(figures.heatmap(weights, labels, labels, f"{side}: layer {layer + 1}, head {head + 1}",
                                            "attends to (key)", "token (query)", zmin=0, zmax=1),
                            key=f"{key}_compare_attention_{side}")
    difference = attention_difference(*maps, *tokens)
    if difference is None:
        st.caption("The two tokenizers read the input into different tokens, so the maps are not subtracted.")
        return
    labels = figures.unique_labels(tokens[0])
    st.plotly_chart(figures.heatmap(difference.weights, labels, labels, "B − A", "attends to (key)", "token (query)",
                                    colorscale=figures.DIVERGING, zmid=0), key=f"{key}_compare_attention_difference")
    st.caption(f"max |B − A| = {difference.max_abs:.4f}.")
