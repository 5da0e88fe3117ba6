"""Results computed once and served to every session that asks the same question.

A class that opens the same page submits the same input fifty times at once: the first
request computes, the others wait for it, and later ones read the kept result. Results are
kept under a byte bound, least recently used out first, and made read-only when kept, since
every session now holds the same arrays.
"""

import dataclasses
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future

import numpy as np
import torch

from .errors import ExplorerError


@dataclasses.dataclass(frozen=True)
class SharedStats:
    computed: int  # requests that ran the computation
    reused: int  # requests answered from a kept result
    joined: int  # requests that waited for the same computation already running
    entries: int
    bytes: int


class SharedResults:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._running: dict[Hashable, Future] = {}
        self._lock = threading.Lock()
        self._computed = self._reused = self._joined = 0

    def get(self, key: Hashable, compute: Callable[[], object]):
        """`compute()`'s result for `key`: kept, joined while another caller computes it, or computed
        now. Failures are not kept; a user error (ExplorerError) is raised to every caller waiting on it."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                self._reused += 1
                return self._kept[key][0]
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = Future()
                self._computed += 1
                owner = True
            else:
                self._joined += 1
                owner = False
        if not owner:
            try:
                return running.result()
            except ExplorerError:
                raise  # the input's own fault: the same for every caller
            except BaseException:
                return self.get(key, compute)  # the owner's run was stopped, not ours: compute it ourselves
        try:
            value = compute()
            size = read_only_bytes(value)
        except BaseException as error:
            with self._lock:
                del self._running[key]
            running.set_exception(error)
            raise
        with self._lock:
            del self._running[key]
            if size <= self.max_bytes:
                self._kept[key] = (value, size)
                self._evict()
        running.set_result(value)
        return value

    def peek(self, key: Hashable):
        """The result kept for `key`, or None; computes nothing."""
        with self._lock:
            if key not in self._kept:
                return None
            self._kept.move_to_end(key)
            self._reused += 1
            return self._kept[key][0]

    def put(self, key: Hashable, value) -> None:
        """Keep a result computed elsewhere (a long run with its own progress bar)."""
        size = read_only_bytes(value)
        with self._lock:
            if size <= self.max_bytes:
                self._kept[key] = (value, size)
                self._evict()

    def stats(self) -> SharedStats:
        with self._lock:
            return SharedStats(self._computed, self._reused, self._joined, len(self._kept), self._bytes())

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def _bytes(self) -> int:
        return sum(size for _, size in self._kept.values())

    def _evict(self) -> None:
        while self._bytes() > self.max_bytes:
            self._kept.popitem(last=False)


def read_only_bytes(value, _seen: set | None = None) -> int:
    """Bytes held by `value` (arrays, tensors, strings, containers and dataclasses, each counted once),
    marking every NumPy array in it read-only on the way."""
    seen = set() if _seen is None else _seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return value.nbytes
    if isinstance(value, torch.Tensor):
        return value.untyped_storage().nbytes()
    if isinstance(value, (str, bytes, int, float, bool, type(None))):
        return sys.getsizeof(value)
    if isinstance(value, dict):
        return sys.getsizeof(value) + sum(read_only_bytes(k, seen) + read_only_bytes(v, seen)
                                          for k, v in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return sys.getsizeof(value) + sum(read_only_bytes(item, seen) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sys.getsizeof(value) + sum(read_only_bytes(getattr(value, field.name), seen)
                                          for field in dataclasses.fields(value))
    return sys.getsizeof(value)
