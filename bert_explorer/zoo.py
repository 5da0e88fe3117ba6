"""Find and assemble the zoo's checkpoints.

An entry is a folder under zoo/ with a card (zoo.json) and either a full checkpoint, or only
config.json and head.safetensors: a trained head over another checkpoint's encoder, kept small
in git and assembled into a full checkpoint folder (in the user's cache) the first time it loads.
"""

import functools
import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from safetensors.torch import load_file, save_file

from . import settings

PREFIX = "zoo/"
CARD_FILE = "zoo.json"
HEAD_FILE = "head.safetensors"
# Every zoo model is a BERT: its encoder's weights live under this prefix in a head model.
ENCODER_PREFIX = "bert."
BARE_ENCODER_PARTS = ("embeddings", "encoder", "pooler")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")

_ASSEMBLE_LOCK = threading.Lock()


@dataclass(frozen=True)
class ZooEntry:
    name: str  # the checkpoint name, e.g. "zoo/bbc-topics"
    title: str
    heads: tuple[str, ...]  # heads with trained weights (names from bert_explorer.heads)
    base: str | None  # the checkpoint whose encoder a head-only entry sits on
    metrics: dict[str, float]  # held-out
    data: str
    folder: Path

    @property
    def is_head_only(self) -> bool:
        return self.base is not None




def entries() -> dict[str, ZooEntry]:
    """Every entry of the zoo folder, read again only when a card is added, removed or rewritten (a page asks for
    them many times a run, once per checkpoint it names)."""
    cards = sorted(settings.zoo_folder().glob(f"*/{CARD_FILE}"))
    return dict(_read_cards(tuple((path, path.stat().st_mtime_ns) for path in cards)))


@functools.lru_cache(maxsize=8)
def _read_cards(stamped: tuple[tuple[Path, int], ...]) -> tuple[tuple[str, ZooEntry], ...]:
    found = {}
    for card_path, _ in stamped:
        card = json.loads(card_path.read_text())
        name = PREFIX + card_path.parent.name
        found[name] = ZooEntry(name, card["title"], tuple(card["heads"]), card.get("base"), dict(card["metrics"]),
                               card["data"], card_path.parent)
    return tuple(found.items())


def card(checkpoint: str) -> dict:
    """The whole card (zoo.json) of an entry."""
    return json.loads((entries()[checkpoint].folder / CARD_FILE).read_text())


def entry(checkpoint: str) -> ZooEntry | None:
    if not checkpoint.startswith(PREFIX):
        return None
    return entries().get(checkpoint)


def for_head(head: str) -> list[str]:
    return [e.name for e in entries().values() if head in e.heads]


def assemble(zoo_entry: ZooEntry, base_folder: Path) -> Path:
    """A full checkpoint folder for a head-only entry: the base's encoder and tokenizer, this
    entry's config and head weights. Built once per content (a hash names it), atomically."""
    head_path = zoo_entry.folder / HEAD_FILE
    sources = [head_path, zoo_entry.folder / "config.json", base_folder / "model.safetensors",
               *(base_folder / name for name in TOKENIZER_FILES if (base_folder / name).exists())]
    digest = hashlib.sha256()
    for path in sources:
        digest.update(f"{path.name}:{file_digest(path)};".encode())
    target = settings.cache_folder() / "zoo" / f"{zoo_entry.folder.name}-{digest.hexdigest()[:16]}"
    with _ASSEMBLE_LOCK:
        if (target / "model.safetensors").exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
        try:
            for name in TOKENIZER_FILES:
                if (base_folder / name).exists():
                    shutil.copyfile(base_folder / name, staging / name)
            shutil.copyfile(zoo_entry.folder / "config.json", staging / "config.json")
            tensors = encoder_tensors(load_file(base_folder / "model.safetensors"))
            tensors.update(load_file(head_path))
            save_file(tensors, staging / "model.safetensors", metadata={"format": "pt"})
            if target.exists():  # another process assembled it first
                shutil.rmtree(staging)
            else:
                os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return target


@functools.lru_cache(maxsize=64)
def _digest_of(path: Path, size: int, modified_ns: int) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, hashed once per process for each (size, modification time)."""
    stat = path.stat()
    return _digest_of(path, stat.st_size, stat.st_mtime_ns)


def encoder_tensors(state: dict) -> dict:
    """The encoder's tensors of a checkpoint (a bare BertModel, or any BERT head model), named as in a head model."""
    tensors = {}
    for name, tensor in state.items():
        if name.startswith(ENCODER_PREFIX):
            tensors[name] = tensor
        elif name.split(".")[0] in BARE_ENCODER_PARTS:
            tensors[ENCODER_PREFIX + name] = tensor
    return tensors
