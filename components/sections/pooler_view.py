"""The last-layer [CLS] hidden state against the pooler output."""

import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.head_path import PoolerComparison


def show(pooler: PoolerComparison, key: str) -> None:
    st.subheader("Pooler output vs [CLS] hidden state", help=glossary.help_for("pooler", "[CLS]"))
    if pooler.drawn:
        st.markdown(f"This head reads: **{pooler.note}**.")
    else:
        st.info(pooler.note)
    if pooler.pooler_output is None:
        why = "This model has no pooler, so only" if pooler.drawn else "Only"
        st.info(f"{why} the [CLS] hidden state is shown. Its norm is {pooler.cls_norm:.4f}.")
        st.plotly_chart(
            figures.lines({"h_CLS (last layer)": pooler.cls_hidden}, "[CLS] hidden state", "dimension", "value"),
            key=f"{key}_pooler_lines",
        )
        return
    a, b, c, d = st.columns(4)
    a.metric("‖h_CLS‖", f"{pooler.cls_norm:.4f}")
    b.metric("‖pooler output‖", f"{pooler.pooler_norm:.4f}")
    c.metric("cosine(pooler, h_CLS)", f"{pooler.cosine:.4f}")
    d.metric(f"max |{pooler.activation}(W·h_CLS+b) − pooler|", f"{pooler.max_abs_diff:.2e}")
    st.caption(
        f"The pooler is one dense layer with {pooler.activation} on the first token's last hidden state: "
        f"pooler_output = {pooler.activation}(W·h_CLS + b). The recomputed vector uses the pooler's own weights; "
        "the pooler output shown is what the classifier really received."
    )
    st.latex(formulas.pooler(pooler.activation, pooler.cls_norm, pooler.pre_activation_norm, pooler.pooler_norm))
    st.plotly_chart(
        figures.lines(
            {
                "h_CLS (last layer)": pooler.cls_hidden,
                "pooler output": pooler.pooler_output,
                f"{pooler.activation}(W·h_CLS + b), by hand": pooler.recomputed,
            },
            "Both vectors, dimension by dimension",
            "dimension",
            "value",
        ),
        key=f"{key}_pooler_lines",
    )
