"""The last-layer [CLS] hidden state against the pooler output."""

from dataclasses import dataclass

import numpy as np
import torch

from .forward import pooler_of


@dataclass(frozen=True)
class PoolerComparison:
    cls_hidden: np.ndarray  # [H] last layer, first token
    pooler_output: np.ndarray | None  # [H] as the model computed it
    recomputed: np.ndarray | None  # [H] tanh(W·h_CLS + b) from the pooler's weights
    max_abs_diff: float | None  # |recomputed - pooler_output|, max over H
    cls_norm: float
    pooler_norm: float | None
    cosine: float | None  # cosine(pooler_output, cls_hidden)
    activation: str | None  # the pooler's activation, as a name


def compare_pooler(model: torch.nn.Module, last_hidden: np.ndarray, pooler_output: np.ndarray | None) -> PoolerComparison:
    """Recompute the pooler by hand from its weights and compare it with [CLS]."""
    cls_hidden = last_hidden[0].astype(np.float32)
    cls_norm = float(np.linalg.norm(cls_hidden))
    pooler = pooler_of(model)
    if pooler is None or pooler_output is None:
        return PoolerComparison(cls_hidden, None, None, None, cls_norm, None, None, None)
    weight = pooler.dense.weight.detach().to("cpu", torch.float32)
    bias = pooler.dense.bias.detach().to("cpu", torch.float32)
    recomputed = torch.tanh(torch.from_numpy(cls_hidden) @ weight.T + bias).numpy()
    cosine = float(np.dot(pooler_output, cls_hidden) / (np.linalg.norm(pooler_output) * cls_norm))
    return PoolerComparison(
        cls_hidden=cls_hidden,
        pooler_output=pooler_output,
        recomputed=recomputed,
        max_abs_diff=float(np.max(np.abs(recomputed - pooler_output))),
        cls_norm=cls_norm,
        pooler_norm=float(np.linalg.norm(pooler_output)),
        cosine=cosine,
        activation=type(pooler.activation).__name__,
    )
