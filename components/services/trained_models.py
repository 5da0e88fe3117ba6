"""Checkpoints trained in this browser session: saved as standard folders, offered on every page of this session
only, and deleted with the session.

Each lives in its own folder under the cache directory (never /tmp at large). The list of a session's folders is
a session-scoped resource: Streamlit releases it when the browser disconnects, and the release deletes the
folders. Folders left by a server that stopped are removed after MAX_AGE_HOURS. Pages name them "trained in this
session, run N", never by their path.
"""

import secrets
import shutil
import time
from pathlib import Path

import streamlit as st

from bert_explorer import settings
from bert_explorer.checkpoint_files import folder_bytes
from bert_explorer.errors import InputError
from bert_explorer.loading import LoadedModel
from bert_explorer.model_cache import tensor_bytes
from bert_explorer.training.train import TrainingRun

MAX_AGE_HOURS = 24


def _remove(folders: list[str]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


@st.cache_resource(scope="session", on_release=_remove, show_spinner=False)
def _owned() -> list[str]:
    """This session's trained folders, released (and deleted) when its browser disconnects."""
    return []


def root() -> Path:
    return settings.cache_folder() / "trained"


def check_room(base: LoadedModel, runs: int = 1) -> None:
    """Refuse to start `runs` runs on `base` whose checkpoints (each about the size of `base`) would take the trained
    folders of every session on this machine past BERT_EXPLORER_TRAINED_MB."""
    _remove_stale()
    model_bytes = runs * tensor_bytes([base])
    used, bound = folder_bytes(root()), settings.trained_bytes()
    if used + model_bytes > bound:
        raise InputError(f"This server keeps at most {bound / 2**20:,.0f} MB of trained checkpoints, and sessions "
                         f"hold {used / 2**20:,.0f} MB now; this run's would need {model_bytes / 2**20:,.0f} MB "
                         "more. Try again when other sessions have ended.")


def add(run: TrainingRun) -> str:
    _remove_stale()
    folder = root() / secrets.token_hex(8)
    folder.mkdir(parents=True)
    run.save(folder)
    _owned().append(str(folder))
    return str(folder)


def folders() -> list[str]:
    return list(_owned())


def names() -> dict[str, str]:
    """How pages name this session's trained folders: by run, never by path."""
    return {folder: f"Trained in this session, run {k}" for k, folder in enumerate(folders(), start=1)}


def saved_caption() -> None:
    """Where the last run of this session went, by its name (its folder is gone once the session disconnected)."""
    latest = (folders() or [None])[-1]
    if latest is None:
        st.caption("Its checkpoint was deleted when this browser session disconnected; train again to use it.")
        return
    st.caption(f"Saved as “{names()[latest]}”: pick it in the sidebar of any head page. Only this browser session "
               "sees it, and it is deleted when the session ends.")


def _remove_stale() -> None:
    """Folders older than MAX_AGE_HOURS: a server stopped before its sessions ended leaves them behind."""
    if not root().is_dir():
        return
    cutoff = time.time() - MAX_AGE_HOURS * 3600
    for folder in root().iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
