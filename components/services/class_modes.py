"""The class modes a link turns on, and the one place their URL flags are read: lesson mode (`?lesson=1`), its
presenter variant on a projector (`?presenter=1`) and predict-then-reveal (`?guess=1`)."""

import streamlit as st

LESSON = "lesson"
PRESENTER = "presenter"  # a lesson on the projector: the same steps, in larger type
GUESS = "guess"


def flag_set(name: str) -> bool:
    return st.query_params.get(name, "").lower() in ("1", "true", "on", "yes")


def lesson() -> bool:
    return flag_set(LESSON) or presenting()


def presenting() -> bool:
    return flag_set(PRESENTER)


def guessing() -> bool:
    return flag_set(GUESS)
