"""Loaded models kept for reuse, bounded by count and by memory, least recently used out first."""

import threading
from collections import OrderedDict
from collections.abc import Callable

from . import settings
from .loading import LoadedModel, load_model

Key = tuple[str, str, str, str]  # checkpoint, head, device, dtype


def tensor_bytes(models: list[LoadedModel]) -> int:
    """Bytes of every parameter and buffer, counting storage shared between models once."""
    seen, total = set(), 0
    for loaded in models:
        for tensor in [*loaded.model.parameters(), *loaded.model.buffers()]:
            pointer = tensor.untyped_storage().data_ptr()
            if pointer not in seen:
                seen.add(pointer)
                total += tensor.untyped_storage().nbytes()
    return total


class ModelCache:
    def __init__(self, max_models: int = 8, max_bytes: int | None = None,
                 loader: Callable[..., LoadedModel] = load_model):
        self.max_models = max_models
        self.max_bytes = max_bytes if max_bytes is not None else settings.model_cache_bytes()
        self._loader = loader
        self._entries: OrderedDict[Key, LoadedModel] = OrderedDict()
        self._lock = threading.Lock()
        self._loading: dict[Key, threading.Lock] = {}

    def get(self, checkpoint: str, head: str, device: str, dtype: str, **load_options) -> LoadedModel:
        """The cached model, or load it (with `load_options`, which do not change the model); callers asking for
        the same key at once share one load."""
        key = (checkpoint, head, device, dtype)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            key_lock = self._loading.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    return self._entries[key]
            loaded = self._loader(*key, **load_options)  # a failure is raised, not cached
            with self._lock:
                self._entries[key] = loaded
                self._loading.pop(key, None)
                self._evict()
        return loaded

    def keys(self) -> list[Key]:
        with self._lock:
            return list(self._entries)

    def _evict(self) -> None:
        """Drop least recently used models while over a bound; the newest always stays."""
        while len(self._entries) > 1 and (
            len(self._entries) > self.max_models or tensor_bytes(list(self._entries.values())) > self.max_bytes
        ):
            self._entries.popitem(last=False)
