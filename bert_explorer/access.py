"""Which checkpoints a public server loads: the zoo, the embedded default, the session's own trained folders,
the hub ids the operator allows, and folders inside the operator's checkpoint root.

Anything else is refused with one message that says what is allowed, whatever the checkpoint is: it never
says whether a path exists, so a student cannot probe the server's folders through it.
"""

import fnmatch
import re
from collections.abc import Iterable
from pathlib import Path

from . import settings, zoo
from .errors import CheckpointError
from .heads import EMBEDDED_DEFAULT

# A hub id as the hub spells them: a name, or an owner and a name; no "..", so it can never be a path upward.
HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*(/[A-Za-z0-9][\w.-]*)?")


class NotAllowed(CheckpointError):
    """Public mode refuses this checkpoint."""


def check_allowed(checkpoint: str, own_folders: Iterable[str] = ()) -> None:
    """Raise NotAllowed unless a public server may load `checkpoint`. `own_folders` are the checkpoints this
    session trained itself."""
    checkpoint = checkpoint.strip()
    if checkpoint == EMBEDDED_DEFAULT or zoo.entry(checkpoint) is not None or checkpoint in set(own_folders):
        return
    if checkpoint and checkpoint == settings.served_checkpoint():  # the operator served the app on it
        return
    if _allowed_hub_id(checkpoint) or _inside_root(checkpoint):
        return
    raise NotAllowed(refusal())


def refusal() -> str:
    """What a public server loads, in one sentence an operator's allow-list makes true."""
    allowed = ["the zoo", "the embedded default", "checkpoints you trained in this session"]
    patterns = settings.allowed_checkpoints()
    if patterns:
        allowed.append("the hub ids " + ", ".join(patterns))
    if settings.checkpoint_root() is not None:
        allowed.append("checkpoint folders inside the folder the operator shares")
    return (f"This server is in public mode: it loads {', '.join(allowed[:-1])} and {allowed[-1]}. "
            "Ask the person running it to allow more.")


def _allowed_hub_id(checkpoint: str) -> bool:
    if not HUB_ID.fullmatch(checkpoint) or ".." in checkpoint:
        return False
    return any(fnmatch.fnmatchcase(checkpoint, pattern) for pattern in settings.allowed_checkpoints())


def _inside_root(checkpoint: str) -> bool:
    """A folder strictly inside the checkpoint root once every link and '..' is resolved."""
    root = settings.checkpoint_root()
    if root is None or not checkpoint or "\x00" in checkpoint:
        return False
    try:
        resolved = Path(checkpoint).resolve()  # as the loader will read it
    except (OSError, RuntimeError, ValueError):
        return False
    return resolved != root and resolved.is_relative_to(root)
