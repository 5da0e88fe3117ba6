"""Multiple choice: one score per choice, softmax across the choices."""

import streamlit as st

from bert_explorer import glossary
from bert_explorer.tasks.multiple_choice import MultipleChoiceResult
from components.sections import attention_view, pooler_view, scores_view, story_view, tokens_view


def names(result: MultipleChoiceResult) -> list[str]:
    return [f"{k} → {choice.text[:40]}" for k, choice in enumerate(result.choices)]


def short_names(result: MultipleChoiceResult) -> list[str]:
    """Names that fit under a third of the screen, unrotated: the choice's index (its line in the input)."""
    return [f"choice {k}" for k in range(len(result.choices))]


def show_story(result: MultipleChoiceResult, key: str, panels: tuple[str, ...]) -> None:
    """One score per choice, the softmax across the choices (not across labels), the loss for each right choice."""
    batch, choices, length = result.input_shape
    st.caption(
        f"input_ids of shape **[{batch}, {choices}, {length}]** (batch, choices, tokens) are flattened to "
        f"[{batch * choices}, {length}]; the encoder reads each (prompt, choice) pair, a classifier with a **single "
        f"output** scores each, and the softmax runs **across the choices**.",
        help=glossary.help_for("logit", "softmax"))
    story_view.scores(short_names(result), result.logits, key, what="choice",
                      titles=("Score of each choice (logits)", "softmax across the choices"), tokens=length,
                      unit=f"per choice × {choices}", panels=panels)


def pick_choice(result: MultipleChoiceResult, key: str) -> int:
    return st.selectbox("Choice", range(len(result.choices)), format_func=lambda k: names(result)[k],
                        key=f"{key}_choice")


def show_head_input(result: MultipleChoiceResult, index: int, key: str) -> None:
    choice = result.choices[index]
    scores_view.by_hand(choice.by_hand, [names(result)[index]], result.logits[index:index + 1], f"{key}_{index}")
    pooler_view.show(choice.pooler, f"{key}_{index}")


def show_attention(result: MultipleChoiceResult, index: int, key: str) -> None:
    attention_view.show(result.attentions[index], result.encodings[index].tokens, key)


def show_inside(result: MultipleChoiceResult, key: str) -> None:
    """One choice's own pass: its tokens, its logit by hand, its pooler and its attention."""
    index = pick_choice(result, key)
    st.dataframe(tokens_view.tokens_table(result.encodings[index]), width="stretch", height=240)
    show_head_input(result, index, key)
    show_attention(result, index, key)
