"""Run a head once per distinct input, so view-only changes never reach the model."""

from collections.abc import Callable

import streamlit as st

from bert_explorer.errors import ExplorerError
from bert_explorer.loading import LoadedModel

_SLOT = "_last_run"


def run_once(task: Callable, loaded: LoadedModel, *inputs):
    """Return `task(loaded, *inputs)`, reusing the last result for the same inputs.

    The result lives in this browser session only. A user-fixable error is
    shown as a message and None is returned.
    """
    key = (task.__module__, task.__name__, loaded.checkpoint, loaded.head, loaded.device, loaded.dtype, inputs)
    slots = st.session_state.setdefault(_SLOT, {})
    slot = slots.get(task.__module__)
    if slot is None or slot[0] != key:
        try:
            slot = (key, task(loaded, *inputs), None)
        except ExplorerError as error:
            slot = (key, None, str(error))
        slots[task.__module__] = slot
    _, result, message = slot
    if message is not None:
        st.error(message)
    return result
