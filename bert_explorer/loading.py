"""Load a checkpoint for one head, with a report of what came from where."""

import logging
import re
import threading
import time
import weakref
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import torch
import transformers
from transformers import AutoConfig, AutoTokenizer, PreTrainedModel

from . import checkpoint_files, checkpoints, heads, settings
from .checkpoint_files import hub_reachable
from .devices import torch_dtype
from .downloads import DownloadBudget
from .errors import CheckpointError

# Encoder weights loaded from the same checkpoint onto the same device and dtype,
# shared by every head loaded from it: (checkpoint source, device, dtype, name) -> Parameter.
# Weak values, so the tensors go when the last model holding them is dropped.
_SHARED_ENCODERS: "weakref.WeakValueDictionary" = weakref.WeakValueDictionary()
_SHARED_LOCK = threading.Lock()
# from_pretrained is not thread-safe: it patches torch globally while it builds a model
# (two at once fail with "Cannot copy out of meta tensor"), and the seeded RNG is global too.
_LOAD_LOCK = threading.Lock()
_LOG = logging.getLogger(__name__)
NAME_SHOWN = 80  # characters of a checkpoint's name that a message repeats


class CheckpointLock:
    """A re-entrant lock that knows which thread holds it, so the tokenizer can refuse
    to be used by a thread that does not."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._owner: int | None = None
        self._depth = 0

    def __enter__(self) -> "CheckpointLock":
        self._lock.acquire()
        self._owner = threading.get_ident()
        self._depth += 1
        return self

    def __exit__(self, *_exc) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
        self._lock.release()

    def held(self) -> bool:
        return self._owner == threading.get_ident()


class SharedTokenizer:
    """One tokenizer per checkpoint (each costs tens of MiB), with the lock that
    guards it: fast tokenizers fail when two threads use one at once."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.lock = CheckpointLock()


_SHARED_TOKENIZERS: "weakref.WeakValueDictionary[str, SharedTokenizer]" = weakref.WeakValueDictionary()

# Heads missing from a checkpoint are initialised from this seed, so a random
# head gives the same numbers on every load and every machine.
INIT_SEED = 0


@dataclass(frozen=True)
class ModelIdentity:
    checkpoint: str
    head: str
    device: str
    dtype: str


@dataclass(frozen=True)
class LoadReport:
    loaded: tuple[str, ...]
    missing: tuple[str, ...]
    unexpected: tuple[str, ...]
    mismatched: tuple[str, ...]
    weights_format: str  # safetensors, or a pickle read with weights_only=True

    @property
    def head_is_random(self) -> bool:
        return bool(self.missing)


@dataclass
class LoadedModel:
    checkpoint: str
    head: str
    model: PreTrainedModel
    device: str
    dtype: str
    report: LoadReport
    parameter_count: int
    load_seconds: float
    max_length: int  # the longest input, in tokens, the model accepts
    shared_tokenizer: SharedTokenizer = field(repr=False)

    @property
    def identity(self) -> "ModelIdentity":
        """What makes this model's results what they are: the same identity, the same numbers."""
        return ModelIdentity(self.checkpoint, self.head, self.device, self.dtype)

    @property
    def tokenizer(self):
        """The checkpoint's shared tokenizer: only for a thread that holds `lock`."""
        if not self.lock.held():
            raise RuntimeError("The shared tokenizer was used without holding the checkpoint's lock.")
        return self.shared_tokenizer.tokenizer

    @property
    def lock(self) -> CheckpointLock:
        """Hold it to tokenise or run the model: shared by every head of the checkpoint."""
        return self.shared_tokenizer.lock

    @property
    def config(self):
        return self.model.config

    @property
    def label_names(self) -> list[str]:
        id2label = self.config.id2label or {}
        return [str(id2label.get(i, f"LABEL_{i}")) for i in range(self.config.num_labels)]


def load_model(checkpoint: str, head: str, device: str = "cpu", dtype: str = "float32",
               downloads: DownloadBudget | None = None) -> LoadedModel:
    """Load `checkpoint` (hub id, folder or the embedded default) for `head`. With `downloads` (a public server), a
    checkpoint not yet in the hub cache downloads only within that budget."""
    if head not in heads.HEADS:
        raise CheckpointError(f"Unknown head '{head}'.")
    source = checkpoints.resolve(checkpoint)
    if not source:
        raise CheckpointError("Enter a checkpoint: a Hugging Face id or a local folder.")
    started = time.perf_counter()
    # Without a reachable hub, use the local cache only: the hub client would
    # otherwise retry for most of a minute before giving up.
    offline = not is_folder(source) and not hub_reachable()
    weights_format, size = _check_weights(checkpoint, source, offline)
    budget = downloads if downloads is not None and not offline and not is_folder(source) \
        and checkpoint_files.cached_weights_format(source) is None else None
    if budget is not None:
        budget.check_room(size)
    try:
        with budget.slot() if budget is not None else nullcontext():
            with _LOAD_LOCK:
                shared_tokenizer = _tokenizer_for(source, offline)
            model, info = seeded_load(heads.get(head).model_class, source, output_loading_info=True,
                                      local_files_only=offline, **_labels_for_a_new_head(head, source, offline))
    except CheckpointError:
        raise
    except Exception as error:  # transformers raises many kinds; all mean "cannot load"
        raise CheckpointError(_explain(checkpoint, head, error, offline)) from error
    model.to(device=device, dtype=torch_dtype(dtype)).eval()
    missing = tuple(sorted(info.get("missing_keys", ())))
    share_encoder(model, (source, device, dtype), set(missing))
    report = LoadReport(
        loaded=tuple(sorted(set(model.state_dict()) - set(missing))),
        missing=missing,
        unexpected=tuple(sorted(info.get("unexpected_keys", ()))),
        mismatched=tuple(sorted(str(k) for k in info.get("mismatched_keys", ()))),
        weights_format=weights_format,
    )
    return LoadedModel(
        checkpoint=checkpoint,
        head=head,
        model=model,
        shared_tokenizer=shared_tokenizer,
        device=device,
        dtype=dtype,
        report=report,
        parameter_count=sum(p.numel() for p in model.parameters()),
        load_seconds=time.perf_counter() - started,
        max_length=max_length_of(model, shared_tokenizer.tokenizer),
    )


def _labels_for_a_new_head(head: str, source: str, offline: bool) -> dict:
    """The head's own label scheme (e.g. CoNLL-2003 tags for NER) when the checkpoint has no labels of its own
    for it: its config names only transformers' placeholders LABEL_k and its architectures another class. A
    classifier of another head's size is then replaced by a new one (reported as mismatched)."""
    labels = heads.get(head).labels_when_bare
    if not labels:
        return {}
    config = AutoConfig.from_pretrained(source, trust_remote_code=False, local_files_only=offline)
    suffix = heads.get(head).model_class.removeprefix("AutoModel")
    placeholders = all(re.fullmatch(r"LABEL_\d+", str(name)) for name in (config.id2label or {}).values())
    if not placeholders or any(name.endswith(suffix) for name in config.architectures or ()):
        return {}
    return {"num_labels": len(labels), "id2label": dict(enumerate(labels)),
            "label2id": {name: k for k, name in enumerate(labels)}, "ignore_mismatched_sizes": True}


def seeded_load(model_class: str, source: str, **options):
    """`from_pretrained` of a transformers class (by name) with eager attention, no remote code, on the
    CPU in float32, with any newly initialised weights drawn from INIT_SEED: the same numbers on
    every load and every machine. Loads are serialised: `from_pretrained` is not thread-safe."""
    with _LOAD_LOCK, torch.random.fork_rng(devices=[]):
        torch.manual_seed(INIT_SEED)
        return getattr(transformers, model_class).from_pretrained(
            source, attn_implementation="eager", trust_remote_code=False, dtype=torch.float32, **options,
        )


def load_fresh(checkpoint: str, model_class: str, **options):
    """A private model and tokenizer of a checkpoint, seeded as `load_model` seeds, that the app's
    cache never shares: for training, which changes the weights."""
    source = checkpoints.resolve(checkpoint)
    model = seeded_load(model_class, source, **options)
    with _LOAD_LOCK:
        tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=False)
    return model, tokenizer


def max_length_of(model, tokenizer) -> int:
    limit = getattr(model.config, "max_position_embeddings", None) or 512
    positions = getattr(getattr(model.base_model, "embeddings", None), "position_embeddings", None)
    padding = getattr(positions, "padding_idx", None)
    if padding is not None:
        # RoBERTa-style positions start after the padding index: 514 positions read 512 tokens.
        limit -= padding + 1
    declared = getattr(tokenizer, "model_max_length", None)
    if declared and declared < 1_000_000:
        limit = min(limit, declared)
    return int(limit)


def _check_weights(checkpoint: str, source: str, offline: bool) -> tuple[str, int]:
    """The weights' format and bytes (0 when unknown); refuses a checkpoint over the size limit before anything
    is downloaded."""
    if is_folder(source):
        kind, size = checkpoint_files.local_weights(Path(source))
    else:
        try:
            if offline:
                return checkpoint_files.cached_weights_format(source) or "unknown", 0
            kind, size = checkpoint_files.hub_weights(source)
        except Exception:  # not a valid id, unknown, gated, no connection: from_pretrained says which
            return "unknown", 0
    limit = settings.max_checkpoint_bytes()
    if size > limit:
        raise CheckpointError(
            f"'{shown_name(checkpoint)}' has {size / 2**20:,.0f} MB of weights; this server loads at most "
            f"{limit / 2**20:,.0f} MB (BERT_EXPLORER_MAX_CHECKPOINT_MB)."
        )
    return kind or "unknown", size


def _tokenizer_for(source: str, offline: bool) -> SharedTokenizer:
    with _SHARED_LOCK:
        shared = _SHARED_TOKENIZERS.get(source)
    if shared is None:
        shared = SharedTokenizer(
            AutoTokenizer.from_pretrained(source, trust_remote_code=False, local_files_only=offline))
        with _SHARED_LOCK:
            shared = _SHARED_TOKENIZERS.setdefault(source, shared)
    return shared


def share_encoder(model: PreTrainedModel, key: tuple, missing: set[str]) -> None:
    """Make the encoder's checkpoint weights the very tensors of any head loaded
    before from the same checkpoint, device and dtype, so six heads hold one encoder.

    Newly initialised weights are never shared: they may differ between heads.
    Parameters tied to a replaced one (an MLM decoder) follow it.
    """
    prefix = model.base_model_prefix
    replaced: dict[int, torch.nn.Parameter] = {}
    with _SHARED_LOCK:
        for name, param in model.named_parameters(remove_duplicate=False):
            encoder_name = name[len(prefix) + 1:] if name.startswith(prefix + ".") else None
            if model.base_model is model:
                encoder_name = name
            if encoder_name is None or name in missing or id(param) in replaced:
                continue
            shared = _SHARED_ENCODERS.get((*key, encoder_name))
            if shared is not None and shared.shape == param.shape:
                replaced[id(param)] = shared
            else:
                _SHARED_ENCODERS[(*key, encoder_name)] = param
    if not replaced:
        return
    for module in model.modules():
        for attribute, kept in list(module._parameters.items()):
            if kept is not None and id(kept) in replaced:
                module._parameters[attribute] = replaced[id(kept)]


def is_folder(name: str) -> bool:
    """Whether a checkpoint name is an existing local folder; a name no file system takes (too long, a NUL) is not."""
    try:
        return Path(name).is_dir()
    except (OSError, ValueError):
        return False


def shown_name(checkpoint: str) -> str:
    """A checkpoint's name as a message repeats it: one line, at most NAME_SHOWN characters."""
    name = " ".join(checkpoint.split())
    return name if len(name) <= NAME_SHOWN else name[:NAME_SHOWN - 1] + "…"


def _explain(checkpoint: str, head: str, error: Exception, offline: bool) -> str:
    """One of a few plain causes. The exception's own text (paths, file names) goes to the server log only."""
    _LOG.info("could not load %r as %s", checkpoint, head, exc_info=error)
    text, source = str(error), checkpoints.resolve(checkpoint)
    if "Unrecognized configuration class" in text or "does not support" in text:
        cause = f"this architecture has no {head} head in transformers"
    elif is_folder(source):
        cause = "it is not a model folder that transformers can read (a config, weights and a tokenizer)"
    elif offline:
        cause = "it is not a local folder, not in the local Hugging Face cache, and the hub cannot be reached"
    elif "is not a local folder" in text or "not a valid model identifier" in text or "404" in text:
        cause = "no local folder or hub id has that name (or it is private or gated)"
    else:
        cause = "transformers could not load it"
    return f"Could not load '{shown_name(checkpoint)}' as {head}: {cause}."
