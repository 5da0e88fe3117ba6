"""Masked fill-in: each mask's vocabulary distribution, tied weights, the MLM labels."""

import pandas as pd
import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.errors import InputError
from bert_explorer.loading import LoadedModel
from bert_explorer.tasks.masked_lm import MaskedLMResult, masked_loss, predicted_loss, score_tokens, top_table
from components.services import plain_text

MAX_MASK_TABS = 8


def mask_label(result: MaskedLMResult, index: int) -> str:
    return f"mask {index + 1} (token {result.masks[index].position})"


STORY_HEIGHT = 230  # the top candidates share a projector's first screen with the input


def show_predictions(result: MaskedLMResult, key: str) -> None:
    """The story: the most probable token at each mask in words, then each mask's top candidates."""
    said = " · ".join(f"mask {i + 1}: {p.top_tokens[0]} (probability {p.probabilities[p.top_ids[0]]:.4f})"
                      for i, p in enumerate(result.masks[:MAX_MASK_TABS]))
    st.markdown(f"**Most probable:** {plain_text.markdown_literal(said, 600)}",
                help=glossary.help_for("logit", "softmax"))
    if len(result.masks) > 1:
        st.info(f"{len(result.masks)} masks are predicted independently, in one pass: each gets its own "
                "distribution, and no mask sees what another is filled with.")
    shown = result.masks[:MAX_MASK_TABS]
    if len(result.masks) > MAX_MASK_TABS:
        st.caption(f"The first {MAX_MASK_TABS} of {len(result.masks)} masks are drawn; all are in the JSON download.")
    tabs = st.tabs([mask_label(result, i) for i in range(len(shown))]) if len(shown) > 1 else [st.container()]
    for index, (tab, prediction) in enumerate(zip(tabs, shown)):
        with tab:
            left, right = st.columns(2)
            left.plotly_chart(
                figures.bars(prediction.top_tokens, prediction.probabilities[prediction.top_ids],
                             f"Top {len(prediction.top_ids)} at {mask_label(result, index)}", "probability",
                             highlight=0, height=STORY_HEIGHT),
                key=f"{key}_top_{index}",
            )
            ranks, probabilities = prediction.rank_curve()
            right.plotly_chart(
                figures.lines({"probability": probabilities},
                              f"Whole vocabulary ({len(prediction.probabilities):,} tokens), sorted", "rank",
                              "probability", log_y=True, x=ranks, log_x=True, height=STORY_HEIGHT),
                key=f"{key}_vocab_{index}",
            )
            right.caption(f"Drawn at {len(ranks):,} log-spaced ranks of {len(prediction.probabilities):,}; every "
                          "probability is in the JSON download.")
            st.dataframe(top_table(prediction), hide_index=True)


@st.fragment
def compare_tokens(loaded: LoadedModel, result: MaskedLMResult, key: str) -> None:
    st.subheader("Tokens you name, side by side")
    words = st.text_input("Words to compare (space-separated)", value="company bank", key=f"{key}_compare",
                          bind="query-params").split()
    if not words:
        return
    rows = []
    try:
        for index, prediction in enumerate(result.masks):
            for score in score_tokens(loaded, prediction, words):
                rows.append({"mask": index + 1, "word": score.word, "token": score.token, "id": score.token_id,
                             "pieces": score.pieces, "logit": score.logit, "probability": score.probability,
                             "rank": score.rank, "cross_entropy_if_gold": score.cross_entropy})
    except InputError as error:
        plain_text.error(error)
        return
    table = pd.DataFrame(rows)
    if (table["pieces"] > 1).any():
        st.caption("A word that splits into several pieces is compared by its first piece.")
    st.dataframe(table, hide_index=True)


@st.fragment
def gold_loss(loaded: LoadedModel, result: MaskedLMResult, key: str) -> None:
    st.subheader("Loss for gold words, and the MLM label tensor", help=glossary.help_for("cross-entropy", "−100"))
    typed = st.text_input(f"Gold word for each of the {len(result.masks)} mask(s), space-separated",
                          key=f"{key}_gold_words", bind="query-params")
    st.caption("The labels the masked-LM loss takes are −100 on every position except the masks. If each mask's "
               "top token were the gold, with this input's numbers:")
    predicted = predicted_loss(result)
    st.latex(formulas.mean_loss(predicted.per_mask, predicted.mean, formulas.MASKS))
    if not typed.strip():
        return
    try:
        loss = masked_loss(loaded, result, typed.split())
    except InputError as error:
        plain_text.error(error)
        return
    st.metric("MLM loss (mean cross-entropy over the masks)", f"{loss.mean:.6f}")
    st.latex(formulas.mean_loss(loss.per_mask, loss.mean, formulas.MASKS))
    st.dataframe(pd.DataFrame({"token": result.encoding.tokens, "labels": loss.labels}).astype(str).T, width="stretch")


def show_tied_weights(result: MaskedLMResult, key: str) -> None:
    tied = result.tied
    st.info("The masked-LM head reads every token's last hidden state; it has no pooler.")
    st.subheader("Decoder and input embeddings")
    same = "the same tensor" if tied.decoder_is_embedding else "separate tensors"
    st.markdown(f"The output decoder ({tied.shape[0]:,} × {tied.shape[1]}) and the input word embeddings are "
                f"**{same}**; max |decoder − embeddings| = {tied.max_abs_diff:.2e}.")
    if tied.bias is not None and st.toggle(f"Draw the decoder's own bias ({len(tied.bias):,} values, one per "
                                           "vocabulary token)", key=f"{key}_show_bias"):
        st.plotly_chart(figures.lines({"bias": tied.bias}, "The decoder's own bias, one value per vocabulary token",
                                      "token id", "bias"), key=f"{key}_bias")
