"""A head's outputs for many examples: tokenised once, sorted by length, run in padded batches."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from ..forward import to_numpy
from ..head_path import path_of
from ..loading import LoadedModel

BATCH_SIZE = 64


@dataclass(frozen=True)
class BatchOutputs:
    logits: np.ndarray  # [N, labels]
    cls: np.ndarray  # [N, H] the first token's last hidden state
    head_input: np.ndarray | None  # [N, H'] what the classifier read (BERT: the pooler output); None if not drawn


def batched_outputs(loaded: LoadedModel, texts: list[str], pairs: list[str] | None = None,
                    batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> BatchOutputs:
    """Float32 outputs in the order of `texts`. Examples of similar length share a batch, so little padding is
    computed. The checkpoint's lock is held per batch, so other sessions interleave; `progress(done, total)` runs
    between batches (a caller may raise there to cancel)."""
    with loaded.lock:
        encoded = loaded.tokenizer(texts, pairs, truncation=True, max_length=loaded.max_length)
    lengths = np.array([len(ids) for ids in encoded["input_ids"]])
    order = np.argsort(-lengths, kind="stable")  # longest first: a memory problem shows at once
    path = path_of(loaded.model)
    classifier = loaded.model.get_submodule(path.classifier) if path.drawn and path.classifier else None
    logits = cls = head_input = None
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        features = [{key: values[i] for key, values in encoded.items()} for i in rows]
        captured: dict[str, torch.Tensor] = {}
        with loaded.lock:
            batch = loaded.tokenizer.pad(features, return_tensors="pt")
            hook = None if classifier is None else classifier.register_forward_pre_hook(
                lambda _m, args: captured.__setitem__("input", args[0]))
            try:
                with torch.inference_mode():
                    output = loaded.model(**{k: v.to(loaded.device) for k, v in batch.items()},
                                          output_hidden_states=True)
            finally:
                if hook is not None:
                    hook.remove()
        if logits is None:
            logits = np.zeros((len(texts), output.logits.shape[-1]), dtype=np.float32)
            cls = np.zeros((len(texts), output.hidden_states[-1].shape[-1]), dtype=np.float32)
            if "input" in captured:
                head_input = np.zeros((len(texts), captured["input"].shape[-1]), dtype=np.float32)
        assert logits is not None and cls is not None  # allocated on the first batch
        logits[rows] = to_numpy(output.logits)
        cls[rows] = to_numpy(output.hidden_states[-1][:, 0])
        if head_input is not None:
            head_input[rows] = to_numpy(captured["input"])
        if progress is not None:
            progress(min(start + batch_size, len(order)), len(order))
    if logits is None or cls is None:
        raise ValueError("No texts to run.")
    return BatchOutputs(logits, cls, head_input)
