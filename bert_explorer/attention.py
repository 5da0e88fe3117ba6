"""Summaries of attention maps, so the views only draw."""

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class AttentionMaps:
    weights: list[np.ndarray]  # per layer [heads, T, T]; row = query token, column = key token
    mean_over_heads: np.ndarray  # [layers, T, T]
    entropy: np.ndarray  # [layers, heads], mean over query tokens, in nats
    to_first_token: np.ndarray  # [layers, heads], mean share of attention on token 0 ([CLS])
    to_special_tokens: np.ndarray  # [layers, heads], mean share on [CLS]/[SEP]/...

    @property
    def num_layers(self) -> int:
        return len(self.weights)

    @property
    def num_heads(self) -> int:
        return self.weights[0].shape[0]


def summarise(per_layer: list[np.ndarray], special_tokens_mask: np.ndarray) -> AttentionMaps:
    """Summaries of each layer's [heads, T, T] maps, computed with torch: its elementwise
    kernels use every core, which matters at 512 tokens."""
    maps = [torch.from_numpy(layer) for layer in per_layer]
    special = torch.from_numpy(np.flatnonzero(special_tokens_mask))

    def each(summary) -> np.ndarray:
        return torch.stack([summary(layer) for layer in maps]).numpy()

    return AttentionMaps(
        weights=list(per_layer),
        mean_over_heads=each(lambda m: m.mean(dim=0)),
        entropy=each(lambda m: torch.special.entr(m).sum(dim=-1).mean(dim=-1)),
        to_first_token=each(lambda m: m[..., 0].mean(dim=-1)),
        to_special_tokens=each(lambda m: m.index_select(-1, special).sum(dim=-1).mean(dim=-1)),
    )
