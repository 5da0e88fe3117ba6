"""Sidebar: device, dtype and checkpoint, and the cached model they name."""

import functools
import logging

import streamlit as st

from bert_explorer import checkpoints, downloads, heads, settings, zoo
from bert_explorer.access import check_allowed
from bert_explorer.devices import AUTO, available_devices, dtypes_for, resolve_device
from bert_explorer.downloads import DownloadBudget
from bert_explorer.errors import CheckpointError
from bert_explorer.loading import LoadedModel
from bert_explorer.model_cache import ModelCache
from components.services import plain_text, runs, trained_models


@st.cache_resource
def _models() -> ModelCache:
    # One per server: every head page of one checkpoint fits (they share its encoder).
    return ModelCache(max_models=8)


_LOG = logging.getLogger(__name__)
_SAID: set[bool] = set()


def public() -> bool:
    """Public mode: BERT_EXPLORER_PUBLIC, else on whenever this server listens beyond loopback. Said once in the
    server's log."""
    on = settings.public_mode(st.get_option("server.address"))
    if on not in _SAID:
        _SAID.add(on)
        _LOG.warning("Public mode is %s: %s", "on" if on else "off",
                     "only the zoo, the embedded default and allowed checkpoints load" if on
                     else "any checkpoint id or folder loads")
    return on


def cached_model(checkpoint: str, head: str, device: str, dtype: str = "float32") -> LoadedModel:
    """The app's cached model; raises CheckpointError with a message when it cannot load (or, in public mode,
    may not)."""
    check_access(checkpoint)
    downloads = DownloadBudget.from_settings() if public() else None
    return _models().get(checkpoint, head, device, dtype, downloads=downloads)


def load(checkpoint: str, head: str, device: str, dtype: str) -> LoadedModel | None:
    """The model, or None after saying why it cannot load. A hub checkpoint's first load says how much it
    downloads and shows the bytes arriving."""
    name = plain_text.markdown_literal(checkpoint_label(checkpoint))
    size = _download_size(checkpoint, (checkpoint, head, device, dtype))
    if size is None:
        with st.spinner(f"Loading {name}…"):
            return runs.checked(cached_model, checkpoint, head, device, dtype)
    st.info(f"Downloading {name} from the Hugging Face hub: {size / 2**20:,.0f} MB of weights, once; later visits "
            "load it from this server's cache.")
    return runs.while_downloading(cached_model, checkpoint, head, device, dtype, total=size, label="Downloading",
                                  done=functools.partial(downloads.downloaded_bytes, checkpoints.resolve(checkpoint)))


def _download_size(checkpoint: str, key: tuple[str, str, str, str]) -> int | None:
    """What loading this would download now; None for a model already loaded, one this server does not share
    (loading says why) or one with nothing to download."""
    if key in _models().keys():
        return None
    try:
        check_access(checkpoint)
    except CheckpointError:
        return None
    return downloads.pending_bytes(checkpoints.resolve(checkpoint))


def check_access(checkpoint: str) -> None:
    """In public mode, raise NotAllowed (a CheckpointError) for a checkpoint this server does not share."""
    if public():
        check_allowed(checkpoint, trained_models.folders())


def checkpoint_label(checkpoint: str, trained: dict[str, str] | None = None) -> str:
    """A checkpoint as pages name it: the zoo's and the default's titles, this session's trained runs by number
    (never their server path; `trained` is trained_models.names(), read once per run), anything else as typed."""
    trained = trained_models.names() if trained is None else trained
    return trained.get(checkpoint) or checkpoints.display_name(checkpoint)


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


def checkpoint_picker(head: str, offline: list[str] | None = None, key: str = "checkpoint",
                      label: str = "Checkpoint") -> str:
    """By default what the page opens on first (the head's real pre-trained checkpoint when it can be had, else
    its zoo checkpoint), then the offline ones (the zoo's, the embedded encoder), then checkpoints trained in
    this session, then well-known hub ids. `key` names the widget and its URL parameter, so a page can hold two
    pickers."""
    notes = {s.checkpoint: s.note for s in heads.get(head).suggestions}
    offline = offline if offline is not None else checkpoints.opening_choices(head)
    _forget_other_pages_default(offline, key)
    options = list(dict.fromkeys([*offline, *trained_models.folders(), *notes]))
    # A checkpoint typed in earlier, or given in the URL, stays a listed option. The URL holds an
    # option's label (what format_func shows), which for the embedded default and the zoo is not its name.
    trained = trained_models.names()
    labels = {checkpoint_label(option, trained) for option in options}
    for typed in (st.query_params.get(key), st.session_state.get(key)):
        if typed and typed not in options and typed not in labels:
            options.append(typed)
    checkpoint = st.sidebar.selectbox(
        label,
        options,
        key=key,
        bind="query-params",
        on_change=_mark_chosen,
        args=(key,),
        accept_new_options=True,
        format_func=functools.partial(checkpoint_label, trained=trained),
        help="Pick one, or type any Hugging Face id or local folder and press Enter. "
        "Every checkpoint but the embedded default and the zoo needs the hub or a local cache.",
    )
    if checkpoint in notes:
        st.sidebar.caption(f"{notes[checkpoint]}. Needs the Hugging Face hub or a local cache.")
    return checkpoint or ""


def _chosen_flag(key: str) -> str:
    """Session key: the reader picked this picker's checkpoint themselves."""
    return f"_{key}_chosen"


def _mark_chosen(key: str) -> None:
    st.session_state[_chosen_flag(key)] = True


def _forget_other_pages_default(offline: list[str], key: str) -> None:
    """The checkpoint follows the reader from page to page only when they chose it (or a link did),
    and a zoo checkpoint only to pages it was trained for: another page's default is not a choice."""
    if st.query_params.get(key):
        st.session_state[_chosen_flag(key)] = True
    current = st.session_state.get(key)
    if current is None:
        return
    chosen = st.session_state.get(_chosen_flag(key), False)
    if not chosen or (current.startswith(zoo.PREFIX) and current not in offline):
        del st.session_state[key]


def model_for(head: str) -> LoadedModel | None:
    """Render the device, dtype and checkpoint pickers and return the loaded model, or None after saying why."""
    return picked_model(head, *runtime_settings())


def second_model(head: str, device: str, dtype: str) -> LoadedModel | None:
    """When the reader asks for it, a second checkpoint for the same head (by default the next offline choice,
    so the zoo head meets the bare encoder's); None otherwise, or after saying why it cannot load."""
    if not st.sidebar.toggle("Compare with a second checkpoint", key="compare", bind="query-params"):
        return None
    offline = checkpoints.offline_choices(head)
    checkpoint = checkpoint_picker(head, offline[1:] + offline[:1], key="checkpoint_b", label="Second checkpoint")
    return load(checkpoint, head, device, dtype)


def picked_model(head: str, device: str, dtype: str, key: str = "checkpoint",
                 label: str = "Checkpoint") -> LoadedModel | None:
    """One checkpoint picker (keyed, so a page can have two) and its loaded model, or None after saying why."""
    checkpoint = checkpoint_picker(head, key=key, label=label)
    loaded = load(checkpoint, head, device, dtype)
    if loaded is None:
        st.info("Pick the embedded default in the sidebar to keep exploring offline.")
        return None
    st.sidebar.caption(
        f"**{loaded.device}** · {loaded.dtype} · {loaded.parameter_count:,} parameters · "
        f"loaded in {loaded.load_seconds:.1f} s"
    )
    return loaded
