"""Checkpoints trained in this browser session: saved as standard folders, offered on every page."""

import tempfile
from pathlib import Path

import streamlit as st

from bert_explorer.training.train import TrainingRun

_KEY = "_trained_checkpoints"


def add(run: TrainingRun) -> str:
    folder = Path(tempfile.mkdtemp(prefix="bert-explorer-trained-"))
    run.save(folder)
    st.session_state.setdefault(_KEY, []).append(str(folder))
    return str(folder)


def folders() -> list[str]:
    return list(st.session_state.get(_KEY, []))


def latest() -> str | None:
    return (folders() or [None])[-1]
