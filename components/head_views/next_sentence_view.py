"""Next-sentence prediction: the two logits and what each index means."""

import streamlit as st

from bert_explorer import figures, glossary
from bert_explorer.tasks.next_sentence import (
    NSP_LABELS,
    RANDOM_SENTENCES,
    NextSentenceOutputs,
    NextSentenceResult,
    predict_next,
)
from components.sections import scores_view, story_view
from components.services import runs

NAMES = figures.index_names(NSP_LABELS)


def show(result: NextSentenceOutputs, key: str, panels: tuple[str, ...] = story_view.PANELS,
         tokens: int | None = None) -> None:
    """The story: the two logits, their softmax and the loss for each possible answer (`tokens`: how many the
    encoder read, for the path)."""
    st.caption("Index 0 means **B continues A**; index 1 means **B is random** "
               "(transformers' convention: `next_sentence_label=0` is the true continuation).",
               help=glossary.help_for("logit", "softmax"))
    story_view.scores(NAMES, result.logits, key, what="answer",
                      titles=("NSP logits (index → meaning)", "softmax(NSP logits)"),
                      tokens=tokens, hand=result.by_hand, panels=panels)


def show_story(result: NextSentenceResult, key: str, panels: tuple[str, ...]) -> None:
    show(result, key, panels, tokens=len(result.encoding.tokens))


def show_random_b(loaded, result: NextSentenceResult, sentence_a: str, key: str) -> None:
    """The same A with a random B picked here, through the same model: what a "B is random" pair scores."""
    random_sentence = st.selectbox("Compare with a random B", RANDOM_SENTENCES, key=f"{key}_random")
    random_result = runs.run_once(predict_next, loaded, sentence_a, random_sentence, slot="next_sentence-random")
    if random_result is not None:
        show_comparison(result, random_result, random_sentence, key)


def show_by_hand(result: NextSentenceOutputs, key: str) -> None:
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
