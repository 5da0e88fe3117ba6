"""Attention maps: one head, the mean over heads, and every layer × head at a glance."""

import streamlit as st

from bert_explorer import glossary
from bert_explorer.attention import AttentionMaps

from . import figures

OVERVIEW_METRICS = {
    "Entropy (nats; low = focused)": "entropy",
    "Share of attention on [CLS]": "to_first_token",
    "Share of attention on special tokens": "to_special_tokens",
}


def show(attention: AttentionMaps, tokens: list[str], key: str) -> None:
    st.subheader("Attention", help=glossary.help_for("attention head", "[CLS]"))
    _one_head(attention, tokens, key)
    _overview(attention, key)


@st.fragment
def _one_head(attention: AttentionMaps, tokens: list[str], key: str) -> None:
    """Layer and head pickers rerun this fragment only: the model is not called."""
    labels = figures.unique_labels(tokens)
    left, right = st.columns(2)
    # 1-based numbers, as papers count layers and heads; they are also what the URL holds.
    layer = left.selectbox(
        "Layer", range(1, attention.num_layers + 1), key=f"{key}_layer", bind="query-params", format_func=str,
    ) - 1
    head = right.selectbox(
        "Head", range(1, attention.num_heads + 1), key=f"{key}_head", bind="query-params", format_func=str,
    ) - 1
    one, mean = st.columns(2)
    one.plotly_chart(
        figures.heatmap(
            attention.weights[layer][head], labels, labels,
            f"Layer {layer + 1}, head {head + 1}", "attends to (key)", "token (query)", zmin=0, zmax=1,
        ),
        key=f"{key}_head_map",
    )
    mean.plotly_chart(
        figures.heatmap(
            attention.mean_over_heads[layer], labels, labels,
            f"Layer {layer + 1}, mean over {attention.num_heads} heads", "attends to (key)", "token (query)",
            zmin=0, zmax=1,
        ),
        key=f"{key}_mean_map",
    )


@st.fragment
def _overview(attention: AttentionMaps, key: str) -> None:
    metric_name = st.selectbox("Overview of every layer × head", list(OVERVIEW_METRICS), key=f"{key}_overview")
    values = getattr(attention, OVERVIEW_METRICS[metric_name])
    st.plotly_chart(
        figures.heatmap(
            values,
            [f"head {h + 1}" for h in range(attention.num_heads)],
            [f"layer {l + 1}" for l in range(attention.num_layers)],
            metric_name, "head", "layer", colorscale="Viridis",
        ),
        key=f"{key}_overview_map",
    )
