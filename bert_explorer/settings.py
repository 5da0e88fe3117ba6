"""Every setting the operator gives by environment variable, read here and nowhere else.

Each is read when asked for, not at import, so a test or a server can set it first. `SETTINGS` describes
them all; the README's settings table lists the same names and defaults (tests/core/test_settings.py).
"""

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

MIB = 2**20


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS = (
    Setting("BERT_EXPLORER_PUBLIC", "on when the app listens beyond loopback",
            "Public mode (1 or 0): only allowed checkpoints load. Unset, it follows the listening address."),
    Setting("BERT_EXPLORER_ALLOWED_CHECKPOINTS", "(none)",
            "Public mode: comma-separated hub ids and patterns (google-bert/*) that may load besides the zoo and "
            "the embedded default."),
    Setting("BERT_EXPLORER_CHECKPOINT_ROOT", "(none)",
            "Public mode: a folder whose checkpoint folders may load (nothing outside it, links included)."),
    Setting("BERT_EXPLORER_HUB_DOWNLOAD_MB", "8192",
            "Public mode: the Hugging Face cache may hold this much; a download that would pass it is refused."),
    Setting("BERT_EXPLORER_HUB_DOWNLOADS", "2", "Public mode: hub downloads under way at once on this machine."),
    Setting("BERT_EXPLORER_TRAINING_MAX_STEPS", "10000", "Public mode: optimiser steps one training request may take."),
    Setting("BERT_EXPLORER_TRAINING_MAX_TOKENS", "2000000",
            "Public mode: tokens one training request may pass through the encoder (rows × 128, once when frozen, "
            "each epoch when not)."),
    Setting("BERT_EXPLORER_TRAINING_UNFROZEN", "0", "Public mode: 1 lets students train the encoder too."),
    Setting("BERT_EXPLORER_TRAINING_THREADS", "1", "Public mode: CPU threads a training run uses."),
    Setting("BERT_EXPLORER_TRAINED_MB", "4096", "Trained checkpoints every session of this machine may keep at once."),
    Setting("BERT_EXPLORER_MAX_CHECKPOINT_MB", "2048", "Checkpoints larger than this are refused before loading."),
    Setting("BERT_EXPLORER_MODEL_CACHE_MB", "4096", "Loaded models one process keeps (least recently used go)."),
    Setting("BERT_EXPLORER_RESULT_CACHE_MB", "512", "Results one process shares between its sessions."),
    Setting("BERT_EXPLORER_ATTENTION_BUDGET_MB", "8",
            "Attention maps sent to the browser at once; over it, one layer at a time."),
    Setting("BERT_EXPLORER_CHECKPOINT", "(none)",
            "A checkpoint the app opens on (`bert-explorer serve CHECKPOINT` sets it): the page of its head comes "
            "first, with it chosen; it loads in public mode too."),
    Setting("BERT_EXPLORER_CACHE", "~/.cache/bert-explorer", "Where zoo checkpoints are assembled."),
    Setting("BERT_EXPLORER_CLASS_STORE", "a SQLite file in the cache folder",
            "Where classes live: redis://host:6379/0 for Redis, shared by several machines."),
    Setting("BERT_EXPLORER_ZOO", "the repository's zoo/", "Where the zoo's checkpoints are read from."),
)


def _integer(name: str, default: int) -> int:
    return int(float(os.environ.get(name) or default))


def _switch(name: str) -> bool | None:
    """1/0, true/false, yes/no, on/off; None when unset or unreadable."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return None


def _megabytes(name: str, default: float) -> int:
    return int(float(os.environ.get(name) or default) * MIB)


def max_checkpoint_bytes() -> int:
    return _megabytes("BERT_EXPLORER_MAX_CHECKPOINT_MB", 2048)


def model_cache_bytes() -> int:
    return _megabytes("BERT_EXPLORER_MODEL_CACHE_MB", 4096)


def result_cache_bytes() -> int:
    return _megabytes("BERT_EXPLORER_RESULT_CACHE_MB", 512)


def attention_budget_bytes() -> int:
    return _megabytes("BERT_EXPLORER_ATTENTION_BUDGET_MB", 8)


def hub_download_bytes() -> int:
    return _megabytes("BERT_EXPLORER_HUB_DOWNLOAD_MB", 8192)


def hub_downloads() -> int:
    return max(1, _integer("BERT_EXPLORER_HUB_DOWNLOADS", 2))


def trained_bytes() -> int:
    return _megabytes("BERT_EXPLORER_TRAINED_MB", 4096)


def training_max_steps() -> int:
    return _integer("BERT_EXPLORER_TRAINING_MAX_STEPS", 10_000)


def training_max_tokens() -> int:
    return _integer("BERT_EXPLORER_TRAINING_MAX_TOKENS", 2_000_000)


def training_unfrozen() -> bool:
    return _switch("BERT_EXPLORER_TRAINING_UNFROZEN") is True


def training_threads() -> int:
    return max(1, _integer("BERT_EXPLORER_TRAINING_THREADS", 1))


def cache_folder() -> Path:
    default = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bert-explorer"
    return Path(os.environ.get("BERT_EXPLORER_CACHE") or default)


def class_store() -> str:
    """Where classes live: BERT_EXPLORER_CLASS_STORE (redis://… for Redis), else a SQLite file in the cache folder,
    which every worker on this machine shares."""
    return os.environ.get("BERT_EXPLORER_CLASS_STORE", "").strip() or str(cache_folder() / "classes.sqlite3")


def zoo_folder() -> Path:
    """BERT_EXPLORER_ZOO, else the repository's zoo/ (in a clone), else the one `pip install .` put beside the app."""
    if os.environ.get("BERT_EXPLORER_ZOO"):
        return Path(os.environ["BERT_EXPLORER_ZOO"])
    beside = Path(__file__).resolve().parents[1]
    return next((folder for folder in (beside / "zoo", beside / "bert_explorer_app" / "zoo") if folder.is_dir()),
                beside / "zoo")


def is_loopback(address: str | None) -> bool:
    """Whether a listening address reaches this machine only. None, "" and 0.0.0.0 mean every interface."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve beyond this machine


def public_mode(address: str | None) -> bool:
    """BERT_EXPLORER_PUBLIC when the operator set it (1/0, true/false, yes/no), else on unless the app listens
    on loopback only: whoever can reach it from another machine gets the public powers."""
    chosen = _switch("BERT_EXPLORER_PUBLIC")
    return chosen if chosen is not None else not is_loopback(address)


def allowed_checkpoints() -> tuple[str, ...]:
    """Public mode: hub ids and fnmatch patterns, as the operator wrote them."""
    raw = os.environ.get("BERT_EXPLORER_ALLOWED_CHECKPOINTS", "")
    return tuple(item.strip() for item in raw.split(",") if item.strip())


def served_checkpoint() -> str | None:
    """The checkpoint the operator served the app on (`bert-explorer serve CHECKPOINT`), or None."""
    return os.environ.get("BERT_EXPLORER_CHECKPOINT", "").strip() or None


def checkpoint_root() -> Path | None:
    """Public mode: the folder whose sub-folders may load, resolved (links followed); None when unset."""
    raw = os.environ.get("BERT_EXPLORER_CHECKPOINT_ROOT", "").strip()
    return Path(raw).resolve() if raw else None
