"""Multiple choice: one score per choice, softmax across the choices."""

import streamlit as st

from bert_explorer.tasks.multiple_choice import MultipleChoiceResult

from . import attention_view, pooler_view, scores_view, tokens_view


def names(result: MultipleChoiceResult) -> list[str]:
    return [f"{k} → {choice.text[:40]}" for k, choice in enumerate(result.choices)]


def show_scores(result: MultipleChoiceResult, key: str) -> None:
    batch, choices, length = result.input_shape
    st.subheader("One score per choice")
    st.info(
        f"The head receives input_ids of shape **[{batch}, {choices}, {length}]** (batch, choices, tokens), "
        f"flattens it to [{batch * choices}, {length}], runs the encoder on each (prompt, choice) pair, and a "
        f"classifier with a **single output** scores each pair. The {choices} scores are reshaped to "
        f"[{batch}, {choices}] and the softmax runs **across the choices**, not across labels."
    )
    choice_names = names(result)
    scores_view.logits_chart(choice_names, result.logits, key, title="Score of each choice (logits)")
    scores_view.probabilities_chart(choice_names, result.probabilities, "softmax across the choices", key)
    scores_view.gold_losses(choice_names, result, key, what="choice")


def show_choice(result: MultipleChoiceResult, key: str) -> None:
    st.subheader("Inside one choice")
    index = st.selectbox("Choice", range(len(result.choices)), format_func=lambda k: names(result)[k],
                         key=f"{key}_choice")
    choice = result.choices[index]
    encoding = result.encodings[index]
    tokens_view.show(encoding)
    scores_view.by_hand(choice.by_hand, [names(result)[index]], result.logits[index:index + 1], f"{key}_{index}")
    pooler_view.show(choice.pooler, f"{key}_{index}")
    attention_view.show(result.attentions[index], encoding.tokens, key)
