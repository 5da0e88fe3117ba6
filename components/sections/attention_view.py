"""Attention maps: one head, the mean over heads, and every layer × head at a glance."""

import streamlit as st

from bert_explorer import figures, glossary
from bert_explorer.attention import AttentionMaps
from components.charts import attention_switch

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
    """A fragment: when one layer is sent at a time, fetching another reruns this, not the page."""
    attention_switch.show(attention, figures.unique_labels(tokens), key)


@st.fragment
def _overview(attention: AttentionMaps, key: str) -> None:
    metric_name = st.selectbox("Overview of every layer × head", list(OVERVIEW_METRICS), key=f"{key}_overview")
    values = getattr(attention, OVERVIEW_METRICS[metric_name])
    st.plotly_chart(
        figures.heatmap(
            values,
            [f"head {h + 1}" for h in range(attention.num_heads)],
            [f"layer {layer + 1}" for layer in range(attention.num_layers)],
            metric_name, "head", "layer", colorscale="Viridis",
        ),
        key=f"{key}_overview_map",
    )
