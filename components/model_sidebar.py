"""Sidebar: device, dtype and checkpoint, and the cached model they name."""

import streamlit as st

from bert_explorer import checkpoints
from bert_explorer.devices import AUTO, available_devices, dtypes_for, resolve_device
from bert_explorer.loading import LoadedModel
from bert_explorer.model_cache import ModelCache

from . import runs, trained_models


@st.cache_resource
def _models() -> ModelCache:
    # One per server: every head page of one checkpoint fits (they share its encoder).
    return ModelCache(max_models=8)


def cached_model(checkpoint: str, head: str, device: str, dtype: str = "float32") -> LoadedModel:
    """The app's cached model; raises CheckpointError with a message when it cannot load."""
    return _models().get(checkpoint, head, device, dtype)


def runtime_settings() -> tuple[str, str]:
    """Device and dtype pickers, shared by every page."""
    sidebar = st.sidebar
    choice = sidebar.selectbox(
        "Device",
        [AUTO, *available_devices()],
        key="device",
        bind="query-params",
        help="auto: CUDA, then Apple MPS, then CPU.",
    )
    device = resolve_device(choice)
    dtype = sidebar.selectbox("Dtype", dtypes_for(device), key="dtype", bind="query-params")
    return device, dtype


def checkpoint_picker(head: str) -> str:
    suggestions = checkpoints.SUGGESTIONS.get(head, ())
    notes = {s.checkpoint: s.note for s in suggestions}
    options = [checkpoints.EMBEDDED_DEFAULT, *trained_models.folders(), *notes]
    # A checkpoint typed in earlier, or given in the URL, stays a listed option.
    for typed in (st.query_params.get("checkpoint"), st.session_state.get("checkpoint")):
        if typed and typed not in options:
            options.append(typed)
    checkpoint = st.sidebar.selectbox(
        "Checkpoint",
        options,
        key="checkpoint",
        bind="query-params",
        accept_new_options=True,
        format_func=checkpoints.display_name,
        help="Pick one, or type any Hugging Face id or local folder and press Enter. "
        "Every checkpoint but the embedded default needs the hub or a local cache.",
    )
    if checkpoint in notes:
        st.sidebar.caption(f"{notes[checkpoint]}. Needs the Hugging Face hub or a local cache.")
    return checkpoint or ""


def model_for(head: str) -> LoadedModel | None:
    """Render the model pickers and return the loaded model, or None after saying why."""
    device, dtype = runtime_settings()
    checkpoint = checkpoint_picker(head)
    with st.spinner(f"Loading {checkpoints.display_name(checkpoint)}…"):
        loaded = runs.checked(cached_model, checkpoint, head, device, dtype)
    if loaded is None:
        st.info("Pick the embedded default in the sidebar to keep exploring offline.")
        return None
    st.sidebar.caption(
        f"**{loaded.device}** · {loaded.dtype} · {loaded.parameter_count:,} parameters · "
        f"loaded in {loaded.load_seconds:.1f} s"
    )
    return loaded
