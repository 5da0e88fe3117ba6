"""Multiple choice: one score per choice, softmax across the choices."""

import streamlit as st

from bert_explorer import glossary
from bert_explorer.tasks.multiple_choice import MultipleChoiceResult
from components.sections import attention_view, pooler_view, scores_view


def names(result: MultipleChoiceResult) -> list[str]:
    return [f"{k} → {choice.text[:40]}" for k, choice in enumerate(result.choices)]


def show_scores(result: MultipleChoiceResult, key: str) -> None:
    batch, choices, length = result.input_shape
    st.subheader("One score per choice", help=glossary.help_for("logit", "softmax"))
    st.info(
        f"The head receives input_ids of shape **[{batch}, {choices}, {length}]** (batch, choices, tokens), "
        f"flattens it to [{batch * choices}, {length}], runs the encoder on each (prompt, choice) pair, and a "
        f"classifier with a **single output** scores each pair. The {choices} scores are reshaped to "
        f"[{batch}, {choices}] and the softmax runs **across the choices**, not across labels."
    )
    scores_view.logits_chart(names(result), result.logits, key, title="Score of each choice (logits)")


def show_probabilities(result: MultipleChoiceResult, key: str) -> None:
    scores_view.probabilities_chart(names(result), result.probabilities, "softmax across the choices", key)
    scores_view.temperature(names(result), result.logits, key)


def show_losses(result: MultipleChoiceResult, key: str) -> None:
    scores_view.gold_losses(names(result), result, key, what="choice")


def pick_choice(result: MultipleChoiceResult, key: str) -> int:
    st.subheader("Inside one choice")
    return st.selectbox("Choice", range(len(result.choices)), format_func=lambda k: names(result)[k],
                        key=f"{key}_choice")


def show_head_input(result: MultipleChoiceResult, index: int, key: str) -> None:
    choice = result.choices[index]
    scores_view.by_hand(choice.by_hand, [names(result)[index]], result.logits[index:index + 1], f"{key}_{index}")
    pooler_view.show(choice.pooler, f"{key}_{index}")


def show_attention(result: MultipleChoiceResult, index: int, key: str) -> None:
    attention_view.show(result.attentions[index], result.encodings[index].tokens, key)
