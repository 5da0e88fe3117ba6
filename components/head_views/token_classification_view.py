"""Token classification: a label per token, read per word, grouped into entities."""

import html

import pandas as pd
import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.errors import InputError
from bert_explorer.tasks.token_classification import TokenClassificationResult, parse_gold_tags, token_loss
from components.services import plain_text

PALETTE = ["#fde2a6", "#c6e6c3", "#c9def5", "#f4c7c3", "#e2d1f0", "#fbd6ea"]


def show_logits(result: TokenClassificationResult, key: str) -> None:
    tokens = figures.unique_labels(result.encoding.tokens)
    st.caption("This head reads every token's last hidden state, so each token has its own logits, one per "
               "label: a column of these maps. Row k is label id k (id2label); the softmax runs down each column.",
               help=glossary.help_for("logit", "softmax", "id2label"))
    left, right = st.columns(2)
    labels = figures.index_names(result.label_names)
    # Tokens across, labels down: as the sentence reads, and as tall as the label set, however long the input.
    left.plotly_chart(figures.heatmap(result.logits.T, tokens, labels, "Logits", "token", "label",
                                      colorscale=figures.DIVERGING, zmid=0),
                      key=f"{key}_logits")
    right.plotly_chart(figures.heatmap(result.probabilities.T, tokens, labels, "softmax per token", "token",
                                       "label", zmin=0, zmax=1), key=f"{key}_probabilities")


def show_words(result: TokenClassificationResult) -> None:
    """The text with its entities highlighted."""
    kinds = sorted({entity.label for entity in result.entities})
    colours = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    st.markdown(_highlighted(result, colours), unsafe_allow_html=True)
    if not result.entities:
        st.caption("No entities: no word was tagged B-… or I-….")


def show_word_table(result: TokenClassificationResult) -> None:
    st.caption("A word split into several sub-words takes the prediction of its **first** sub-word; the others "
               "are shown but do not count (and get label −100 in training).")
    st.dataframe(pd.DataFrame({
        "word": result.words,
        "tag": [result.label_names[k] for k in result.word_predictions],
        "from token": [result.encoding.tokens[i] for i in result.first_subword_tokens],
    }), hide_index=True)


def _highlighted(result: TokenClassificationResult, colours: dict[str, str]) -> str:
    """The text with each entity on a coloured background; every piece is HTML-escaped."""
    pieces, cursor = [], 0
    for entity in result.entities:
        start = result.word_spans[entity.first_word][0]
        end = result.word_spans[entity.last_word][1]
        pieces.append(html.escape(result.text[cursor:start]))
        pieces.append(f'<span style="background:{colours[entity.label]};padding:0 3px;border-radius:3px">'
                      f'{html.escape(result.text[start:end])} <small><b>{html.escape(entity.label)}</b></small></span>')
        cursor = end
    pieces.append(html.escape(result.text[cursor:]))
    return f'<div style="line-height:2">{"".join(pieces)}</div>'


@st.fragment
def gold_tags(result: TokenClassificationResult, key: str) -> None:
    st.subheader("Loss against gold tags", help=glossary.help_for("cross-entropy", "−100"))
    words = plain_text.markdown_literal(' · '.join(result.words), 400)
    st.caption(f"One tag per word ({len(result.words)} words: {words}). "
               f"Tags: {plain_text.markdown_literal(', '.join(result.label_names), 400)}.")
    typed = st.text_input("Gold tags, space-separated", key=f"{key}_gold_tags", bind="query-params")
    predicted = token_loss(result, result.word_predictions)
    st.caption("If the predicted tags were the gold, with this input's numbers (the mean runs over the tokens "
               "whose label is not −100):")
    st.latex(formulas.mean_loss(predicted.active, predicted.mean, formulas.ACTIVE_TOKENS))
    if not typed.strip():
        return
    try:
        loss = token_loss(result, parse_gold_tags(result, typed))
    except InputError as error:
        plain_text.error(error)
        return
    st.metric("Mean cross-entropy over active tokens (the model's loss)", f"{loss.mean:.6f}")
    st.caption("For the gold tags you typed:")
    st.latex(formulas.mean_loss(loss.active, loss.mean, formulas.ACTIVE_TOKENS))
    tokens = figures.unique_labels(result.encoding.tokens)
    st.plotly_chart(figures.bars(tokens, loss.per_token_or_zero, "Cross-entropy per token (0 where −100)",
                                 "loss"), key=f"{key}_token_losses")
    st.caption("The label tensor: the word's tag id on its first sub-word, −100 on special tokens and later "
               "sub-words (cross-entropy skips −100).")
    st.dataframe(pd.DataFrame({"token": result.encoding.tokens, "labels": loss.labels}).astype(str).T, width="stretch")
