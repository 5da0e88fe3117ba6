"""The one owner of "run once, remember it": a typed `Request` (a model's identity, the kind of computation,
its inputs), one result store shared by every session of the process, each session's slots, and the worker
thread that runs the model. A view-only change never reaches the model, and a class that asks the same
question costs one computation.
"""

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillRunning
from dataclasses import dataclass

import streamlit as st

from bert_explorer import settings
from bert_explorer.devices import use_threads
from bert_explorer.errors import Cancelled, ExplorerError
from bert_explorer.loading import LoadedModel, ModelIdentity
from bert_explorer.pipeline import Task
from bert_explorer.shared_results import SharedResults
from components.services import plain_text

_SLOTS = "_kept_results"  # the session's {slot: (request, value)}
_LOG = logging.getLogger(__name__)

# Streamlit runs each script run on a new thread, and torch's CPU thread pool is
# rebuilt for every new calling thread (about 15 ms per forward pass at 128 tokens).
# One long-lived worker does all model work instead; forward passes queue there.
# It sets its thread count when it starts: a training run's own bound (set on its thread) then never reaches it.
_MODEL_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-worker", initializer=use_threads)
# Training runs on a thread of its own, one run at a time per process, so it never holds up the forward passes
# queued on the model worker; the runs waiting for it are listed here, in order.
_TRAINING_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="training")
_TRAINING_QUEUE: list[object] = []
# Downloads wait on the network, not the CPU: their own thread, so a first load never holds up forward passes.
_DOWNLOADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="download")
_TRAINING_LOCK = threading.Lock()
POLL_SECONDS = 0.25
_FAILED = object()  # a computation that failed, said on the page


@st.cache_resource
def shared_results() -> SharedResults:
    """The results every session of this process shares, bounded by bytes."""
    return SharedResults(settings.result_cache_bytes())


@dataclass(frozen=True)
class Request:
    """What a result depends on, and nothing else: two equal requests have the same result."""

    model: ModelIdentity
    kind: str  # the computation: a task's head name, "why", "evaluation", ...
    inputs: tuple  # its inputs and settings, hashable


def request(loaded: LoadedModel, kind: str, *inputs) -> Request:
    return Request(loaded.identity, kind, inputs)


def shared(key: Request, function: Callable, *args, **kwargs):
    """`function(*args, **kwargs)`, computed once for every session asking the same request."""
    return shared_results().get(key, lambda: function(*args, **kwargs))


def shared_if_kept(key: Request):
    """The result some session already computed for this request, or None (nothing is computed)."""
    return shared_results().peek(key)


def share(key: Request, value) -> None:
    """Keep a result computed elsewhere (with its own progress bar) for every session."""
    shared_results().put(key, value)


def keep(slot: str, key: Request, value) -> None:
    """This session's result for `slot` (one per head, per section…), until another request replaces it."""
    st.session_state.setdefault(_SLOTS, {})[slot] = (key, value)


def kept(slot: str, key: Request):
    """The session's value for `slot` when it was kept for this very request, else None."""
    held = st.session_state.get(_SLOTS, {}).get(slot)
    return held[1] if held is not None and held[0] == key else None


def forget(slot: str) -> None:
    st.session_state.get(_SLOTS, {}).pop(slot, None)


def run_once(task: Task, loaded: LoadedModel, *inputs, slot: str | None = None):
    """Return `task(loaded, *inputs)`, reusing the last result for the same inputs.

    Identical requests from any session are computed once (`shared`); which result a
    session shows lives in that session only, one per `slot` (default: one per head), so a
    page can keep two runs side by side under two slots. A user-fixable error is shown as
    a message and None is returned.
    """
    slot = slot or task.head
    key = request(loaded, task.head, *inputs)
    outcome = kept(slot, key)
    if outcome is None:
        try:
            outcome = (shared(key, lambda: _MODEL_WORKER.submit(task, loaded, *inputs).result()), None)
        except Exception as error:
            outcome = (None, _message_for(error, type(task).__name__))
        keep(slot, key, outcome)
    result, message = outcome
    if message is not None:
        plain_text.error(message)
    return result


def with_progress(function: Callable, *args, label: str):
    """`function(*args, progress=…)` on the model worker with a progress bar, or None after saying why it
    failed. Any click in the page stops this script run; the computation then stops at its next
    progress report instead of finishing for nobody."""
    stop, state = threading.Event(), {"done": 0, "total": 0}

    def progress(done: int, total: int) -> None:
        if stop.is_set():
            raise Cancelled("Stopped.")
        state.update(done=done, total=total)

    future = _MODEL_WORKER.submit(function, *args, progress=progress)
    bar = st.progress(0.0, text=label)

    def show_progress() -> None:
        if state["total"]:
            bar.progress(state["done"] / state["total"], text=f"{label}: {state['done']:,} of {state['total']:,}")

    try:
        result = _follow(future, show_progress, function)
    finally:
        stop.set()  # reached early only when the script run was stopped
        bar.empty()
    return None if result is _FAILED else result


def while_downloading(function: Callable, *args, total: int, done: Callable[[], int], label: str):
    """`function(*args)` on a download thread, with a progress bar of `done()` bytes out of `total`; None after
    saying why it failed. A click that stops this script run leaves the download going: the next visit finds it
    in the cache."""
    future = _DOWNLOADS.submit(function, *args)
    bar = st.progress(0.0, text=label)

    def show_bytes() -> None:
        got = min(done(), total)
        bar.progress(got / total, text=f"{label}: {got / 2**20:,.0f} of {total / 2**20:,.0f} MB")

    try:
        result = _follow(future, show_bytes, function)
    finally:
        bar.empty()
    return None if result is _FAILED else result


def in_background(function: Callable, *args, on_step: Callable, threads: int | None = None, **kwargs):
    """`function(*args, on_step=…, should_stop=…, **kwargs)` on the training thread, after the runs queued before it
    (the page says how many), on at most `threads` CPU threads when given. Its steps are drawn here, by `on_step`,
    as they come. Any click on the page, or the session ending, stops it at its next step and frees what it holds:
    None is returned then, or after saying why it failed."""
    stop, steps, ticket = threading.Event(), queue.SimpleQueue(), object()
    with _TRAINING_LOCK:
        _TRAINING_QUEUE.append(ticket)

    def work():
        try:
            if stop.is_set():
                raise Cancelled("Stopped before it began.")
            use_threads(threads)
            return function(*args, on_step=steps.put, should_stop=stop.is_set, **kwargs)
        finally:
            with _TRAINING_LOCK:
                _TRAINING_QUEUE.remove(ticket)

    future = _TRAINING_WORKER.submit(work)
    place = st.empty()

    def show_steps() -> None:
        with _TRAINING_LOCK:
            ahead = _TRAINING_QUEUE.index(ticket) if ticket in _TRAINING_QUEUE else 0
        place.caption(f"Queued: {ahead} training run{'s' if ahead > 1 else ''} ahead of yours on this server."
                      if ahead else "Training on this server's training thread.")
        while not steps.empty():
            on_step(steps.get())

    try:
        result = _follow(future, show_steps, function)
    finally:
        stop.set()  # reached early only when the script run was stopped: the run ends at its next step
        place.empty()
    if result is _FAILED:
        return None
    while not steps.empty():
        on_step(steps.get())
    return result


def _follow(future, on_poll: Callable[[], None], function: Callable):
    """`future`'s result, calling `on_poll` every POLL_SECONDS meanwhile. Writing to the page there is also where
    Streamlit stops this script run after a click. _FAILED after saying why the computation failed."""
    try:
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except StillRunning:
                on_poll()
    except Exception as error:
        plain_text.error(_message_for(error, getattr(function, "__name__", str(function))))
        return _FAILED


def checked(function: Callable, *args, **kwargs):
    """`function(*args, **kwargs)`, or None after showing why it failed."""
    try:
        return function(*args, **kwargs)
    except Exception as error:
        plain_text.error(_message_for(error, getattr(function, "__name__", str(function))))
    return None


def passes(check: Callable, *args) -> bool:
    """Whether `check(*args)` raises nothing; when it does, the page says why."""
    try:
        check(*args)
        return True
    except Exception as error:
        plain_text.error(_message_for(error, getattr(check, "__name__", str(check))))
        return False


def _message_for(error: Exception, what: str) -> str:
    """The user's own error as written; a bug said plainly, with its trace kept in the log."""
    if isinstance(error, ExplorerError):
        return str(error)
    _LOG.exception("%s failed", what, exc_info=error)
    return f"Unexpected error ({type(error).__name__}). The details are in the server log."
