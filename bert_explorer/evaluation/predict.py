"""Logits for many examples: tokenised once, sorted by length, run in padded batches."""

from collections.abc import Callable

import numpy as np
import torch

from ..forward import to_numpy
from ..loading import LoadedModel

BATCH_SIZE = 64


def batched_logits(loaded: LoadedModel, texts: list[str], pairs: list[str] | None = None,
                   batch_size: int = BATCH_SIZE, progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """[N, labels] float32 logits in the order of `texts`. Examples of similar length share a batch, so
    little padding is computed. The checkpoint's lock is held per batch, so other sessions interleave;
    `progress(done, total)` runs between batches (a caller may raise there to cancel)."""
    with loaded.lock:
        encoded = loaded.tokenizer(texts, pairs, truncation=True, max_length=loaded.max_length)
    lengths = np.array([len(ids) for ids in encoded["input_ids"]])
    order = np.argsort(-lengths, kind="stable")  # longest first: a memory problem shows at once
    logits = np.zeros((len(texts), loaded.config.num_labels), dtype=np.float32)
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        features = [{key: values[i] for key, values in encoded.items()} for i in rows]
        with loaded.lock:
            batch = loaded.tokenizer.pad(features, return_tensors="pt")
            with torch.inference_mode():
                output = loaded.model(**{k: v.to(loaded.device) for k, v in batch.items()})
        logits[rows] = to_numpy(output.logits)
        if progress is not None:
            progress(min(start + batch_size, len(order)), len(order))
    return logits
