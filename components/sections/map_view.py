"""The home page's map of BERT: the encoder with its real sizes, fanning out to every head."""

import streamlit as st

from bert_explorer.bert_map import BertMap, bert_map
from bert_explorer.heads import HEADS
from components.services import model_sidebar, plain_text


def map_for(checkpoint: str | None) -> BertMap:
    """The map of `checkpoint` (by default the embedded encoder), when this server may read it."""
    if checkpoint:
        model_sidebar.check_access(checkpoint)
    return bert_map(checkpoint)


def show(bert: BertMap) -> None:
    name = plain_text.markdown_literal(model_sidebar.checkpoint_label(bert.checkpoint))
    model_type = plain_text.markdown_literal(bert.model_type)
    st.markdown(f"**{name}** ({model_type}): vocabulary V = {bert.vocabulary:,}, hidden size "
                f"H = {bert.hidden}, L = {bert.layers} layers of {bert.attention_heads} attention heads, at most "
                f"{bert.max_positions} positions.")
    st.graphviz_chart(_dot(bert), width="stretch")
    st.subheader("Which vector each head reads")
    for branch in bert.branches:
        with st.container(border=True):
            st.page_link(HEADS[branch.head].page, label=f"{branch.title}: logits {branch.output}",
                         icon=f":material/{HEADS[branch.head].icon}:")
            st.caption(f"Reads {branch.reads}. Then {branch.does}.")


def _dot(bert: BertMap) -> str:
    """Graphviz DOT: input to last hidden states, then one node per head (each links to its page)."""
    h = bert.hidden
    lines = [
        "digraph bert {", 'rankdir=LR; node [shape=box, style="rounded,filled", fillcolor="#eef3fb", '
        'fontname="Helvetica", fontsize=11]; edge [color="#555555"];',
        'tokens [label="tokens\\n[1, T] ids"];',
        f'embeddings [label="embeddings\\nword {bert.vocabulary}×{h} + position + type\\n[1, T, {h}]"];',
        f'encoder [label="{bert.layers} encoder layers\\n{bert.attention_heads} attention heads each\\n[1, T, {h}]"];',
        f'last [label="last hidden states\\n[1, T, {h}]", fillcolor="#dde8f7"];',
        "tokens -> embeddings -> encoder -> last;",
    ]
    for branch in bert.branches:
        lines.append(f'{branch.head} [label="{branch.title}\\nlogits {branch.output}", fillcolor="#fdf1e6", '
                     f'URL="/{branch.head}", target="_self"];')
        reads = "[CLS]" if "[CLS]" in branch.reads and "every" not in branch.reads else "every token"
        lines.append(f'last -> {branch.head} [label="{reads}", fontsize=9];')
    return "\n".join(lines + ["}"])
