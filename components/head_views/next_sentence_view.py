"""Next-sentence prediction: the two logits and what each index means."""

import streamlit as st

from bert_explorer import figures, glossary
from bert_explorer.tasks.next_sentence import NSP_LABELS, NextSentenceResult
from components.sections import scores_view

NAMES = figures.index_names(NSP_LABELS)


def show(result: NextSentenceResult, key: str) -> None:
    """Logits, softmax, loss per gold and logits by hand, in that order."""
    show_logits(result, key)
    show_probabilities(result, key)
    show_losses(result, key)
    show_by_hand(result, key)


def show_logits(result: NextSentenceResult, key: str) -> None:
    st.subheader("The two logits", help=glossary.help_for("logit", "softmax"))
    st.info("Index 0 means **B continues A**; index 1 means **B is random**. "
            "(transformers' convention: `next_sentence_label=0` is the true continuation.)")
    scores_view.logits_chart(NAMES, result.logits, key, title="NSP logits (index → meaning)")


def show_probabilities(result: NextSentenceResult, key: str) -> None:
    scores_view.probabilities_chart(NAMES, result.probabilities, "softmax(NSP logits)", key)
    scores_view.temperature(NAMES, result.logits, key)


def show_losses(result: NextSentenceResult, key: str) -> None:
    scores_view.gold_losses(NAMES, result, key)


def show_by_hand(result: NextSentenceResult, key: str) -> None:
    scores_view.by_hand(result.by_hand, NAMES, result.logits, key)


def show_comparison(yours: NextSentenceResult, random: NextSentenceResult, random_sentence: str, key: str) -> None:
    st.subheader("Your B against a random B")
    st.caption(f"Random B: “{random_sentence}”")
    st.plotly_chart(
        figures.grouped_bars(
            ["P(B continues A)", "P(B is random)"],
            {"your B": yours.probabilities, "random B": random.probabilities},
            "softmax(NSP logits) for both pairs", "probability",
        ),
        key=f"{key}_comparison",
    )
