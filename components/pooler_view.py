"""The last-layer [CLS] hidden state against the pooler output."""

import streamlit as st

from bert_explorer.pooler import PoolerComparison

from . import figures


def show(pooler: PoolerComparison, head_input: str, key: str) -> None:
    st.subheader("Pooler output vs [CLS] hidden state")
    st.markdown(f"This head reads: **{head_input}**.")
    if pooler.pooler_output is None:
        st.info(
            "This model has no pooler, so only the [CLS] hidden state is shown. "
            f"Its norm is {pooler.cls_norm:.4f}."
        )
        st.plotly_chart(
            figures.lines({"h_CLS (last layer)": pooler.cls_hidden}, "[CLS] hidden state", "dimension", "value"),
            key=f"{key}_pooler_lines",
        )
        return
    a, b, c, d = st.columns(4)
    a.metric("‖h_CLS‖", f"{pooler.cls_norm:.4f}")
    b.metric("‖pooler output‖", f"{pooler.pooler_norm:.4f}")
    c.metric("cosine(pooler, h_CLS)", f"{pooler.cosine:.4f}")
    d.metric("max |tanh(W·h_CLS+b) − pooler|", f"{pooler.max_abs_diff:.2e}")
    st.caption(
        f"The pooler is one dense layer with {pooler.activation} on the first token's last hidden state: "
        "pooler_output = tanh(W·h_CLS + b). The recomputed vector uses the pooler's own weights."
    )
    st.plotly_chart(
        figures.lines(
            {
                "h_CLS (last layer)": pooler.cls_hidden,
                "pooler output": pooler.pooler_output,
                "tanh(W·h_CLS + b), by hand": pooler.recomputed,
            },
            "Both vectors, dimension by dimension",
            "dimension",
            "value",
        ),
        key=f"{key}_pooler_lines",
    )
