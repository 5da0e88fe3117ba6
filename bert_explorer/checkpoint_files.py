"""What a checkpoint's weights are stored as, and how large they are, before loading them; whether the hub answers."""

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

SAFETENSORS = "safetensors"
PICKLE = "PyTorch pickle, read with torch.load(weights_only=True)"


def _weights_of(names_and_sizes: dict[str, int]) -> tuple[str | None, int]:
    """The format transformers will read (safetensors first) and the bytes of its files."""
    for kind, suffix in ((SAFETENSORS, ".safetensors"), (PICKLE, ".bin")):
        sizes = [size for name, size in names_and_sizes.items() if name.endswith(suffix)]
        if sizes:
            return kind, sum(sizes)
    return None, 0


def local_weights(folder: Path) -> tuple[str | None, int]:
    return _weights_of({p.name: p.stat().st_size for p in folder.iterdir() if p.is_file()})


def hub_weights(repo_id: str) -> tuple[str | None, int]:
    """Ask the hub for the file sizes (no download). Raises if the hub does not know the id."""
    from huggingface_hub import HfApi

    info = HfApi().model_info(repo_id, files_metadata=True, timeout=10)
    return _weights_of({s.rfilename: s.size or 0 for s in info.siblings or []})


def cached_weights_format(repo_id: str) -> str | None:
    """The format of a hub checkpoint already in the local cache, if it is there."""
    from huggingface_hub import try_to_load_from_cache

    for kind, names in ((SAFETENSORS, ("model.safetensors", "model.safetensors.index.json")),
                        (PICKLE, ("pytorch_model.bin", "pytorch_model.bin.index.json"))):
        if any(isinstance(try_to_load_from_cache(repo_id, name), str) for name in names):
            return kind
    return None


def folder_bytes(folder: Path) -> int:
    """Bytes of the regular files under `folder` (0 when it does not exist); links count nothing (the hub cache's
    snapshots link to its blobs, which count once)."""
    total = 0
    for parent, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                total += os.path.getsize(path)
    return total


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the Hugging Face hub answers at all (one TCP connect, no retries)."""
    if os.environ.get("HF_HUB_OFFLINE", "0").lower() in ("1", "true", "yes"):
        return False
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False
