"""A public server's bounds on hub downloads: bytes the Hugging Face cache may hold, and downloads under way at once.

Both hold for the whole machine, not one worker: the bytes are counted in the cache folder every worker shares, and
each download holds one of a few lock files there (an operating-system lock, released even when a worker dies).
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import checkpoint_files, settings
from .access import HUB_ID
from .checkpoint_files import folder_bytes
from .errors import CheckpointError

MIB = 2**20


def hub_cache_folder() -> Path:
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


@dataclass(frozen=True)
class DownloadBudget:
    max_bytes: int
    max_at_once: int
    cache: Path  # the Hugging Face hub cache, where downloads land
    locks: Path  # where the lock files of downloads under way live

    @classmethod
    def from_settings(cls) -> "DownloadBudget":
        return cls(settings.hub_download_bytes(), settings.hub_downloads(), hub_cache_folder(),
                   settings.cache_folder() / "downloads")

    def check_room(self, size: int) -> None:
        """Refuse a download of `size` bytes that would take the hub cache past its bound."""
        used = folder_bytes(self.cache)
        if used + size > self.max_bytes:
            raise CheckpointError(
                f"This server's download space is used up: {size / MIB:,.0f} MB more would pass its bound of "
                f"{self.max_bytes / MIB:,.0f} MB ({used / MIB:,.0f} MB already downloaded). Pick a checkpoint from "
                "the zoo, or ask the person running it (BERT_EXPLORER_HUB_DOWNLOAD_MB).")

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of `max_at_once` download slots for the duration, or refuse at once when all are taken."""
        self.locks.mkdir(parents=True, exist_ok=True)
        for k in range(self.max_at_once):
            handle = open(self.locks / f"slot-{k}.lock", "a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        raise CheckpointError(
            f"{self.max_at_once} download{'s are' if self.max_at_once > 1 else ' is'} already under way on this "
            "server; try again in a minute, or pick a checkpoint from the zoo.")


def pending_bytes(source: str) -> int | None:
    """The bytes of weights loading a hub id would download now (the hub answers and the local cache lacks
    them); None when nothing would be downloaded or the hub cannot say. `source` is what from_pretrained reads."""
    if not HUB_ID.fullmatch(source) or ".." in source or _exists(source):  # nothing the hub names, or a folder
        return None
    try:
        if checkpoint_files.cached_weights_format(source) is not None:
            return None
    except ValueError:  # the hub client refuses the name (too long, say): nothing it would download
        return None
    if not checkpoint_files.hub_reachable():
        return None
    try:
        return checkpoint_files.hub_weights(source)[1] or None
    except Exception:  # an unknown or gated id: loading says which
        return None


def _exists(path: str) -> bool:
    try:
        return Path(path).exists()
    except (OSError, ValueError):  # a name no file system takes (too long, a NUL): not a folder
        return False


def downloaded_bytes(repo_id: str) -> int:
    """Bytes of a hub id in the local cache so far, files still downloading included."""
    from huggingface_hub.file_download import repo_folder_name

    return folder_bytes(hub_cache_folder() / repo_folder_name(repo_id=repo_id, repo_type="model"))
