"""Predict-then-reveal (`?guess=1`): each student picks the answer they expect before the page shows
the model's. Until they reveal, the probabilities and the predicted label stay hidden; then the
page opens with their guess marked. The guess lives in each student's session, per input."""

import streamlit as st

from bert_explorer import figures
from bert_explorer.guessing import lists_outcomes, reveal, shown_outcomes
from components.services import class_modes, plain_text, runs


def requested() -> bool:
    return class_modes.guessing()


def gate(page, task, result) -> None:
    """Ask for the guess and stop the page until it is revealed; after that, say where it stands."""
    question = runs.checked(task.question, page.loaded, result)
    if question is None:
        st.info("Predict-then-reveal asks for one answer, and this page's result is several (a tag per word, or a "
                "span), so the whole page is shown.")
        return
    key = f"{page.key}_guess"
    asked = runs.request(page.loaded, "guess", *page.inputs)
    guessed = runs.kept(key, asked)
    if guessed is not None:
        _show(question, reveal(question, guessed), key)
        return
    ask = st.empty()  # cleared once revealed, so the page opens with the answer, not the question
    with ask.container():
        st.subheader("Your guess first")
        form = st.form(f"{key}_form")
    with form:
        if lists_outcomes(question):
            guess = st.radio(f"What will the model answer? ({question.key})", question.outcomes, index=None,
                             key=f"{key}_pick")
        else:
            guess = st.text_input(f"Which token will the model rank first at {question.key}?", key=f"{key}_typed")
        sent = st.form_submit_button("Reveal", type="primary")
    revealed = runs.checked(reveal, question, guess) if sent and guess else None
    if revealed is not None:
        runs.keep(key, asked, guess)
        ask.empty()
        _show(question, revealed, key)
        return
    if sent and not guess:
        st.warning("Pick your guess first.")
    st.caption("The model's answer and its probabilities appear once you reveal.")
    st.stop()


def _show(question, revealed, key: str) -> None:
    guess, predicted = plain_text.markdown_literal(revealed.guess), plain_text.markdown_literal(revealed.predicted)
    said = (f"You guessed **{guess}**: the model gives it p = {revealed.guess_probability:.4f}, rank "
            f"{revealed.guess_rank} of {revealed.outcomes:,}. The model's answer: **{predicted}** "
            f"(p = {revealed.predicted_probability:.4f}).")
    (st.success if revealed.right else st.info)(said)
    shown = shown_outcomes(question, revealed)
    st.plotly_chart(figures.guess_bars([question.outcomes[i] for i in shown], question.probabilities[shown],
                                       shown.index(revealed.guess_index), f"Your guess against the model "
                                       f"({question.key})"), key=f"{key}_chart")
    st.button("Guess again", key=f"{key}_again", on_click=runs.forget, args=(key,))
