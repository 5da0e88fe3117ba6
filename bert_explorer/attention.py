"""Summaries of attention maps, so the views only draw."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AttentionMaps:
    weights: np.ndarray  # [layers, heads, T, T]; row = query token, column = key token
    mean_over_heads: np.ndarray  # [layers, T, T]
    entropy: np.ndarray  # [layers, heads], mean over query tokens, in nats
    to_first_token: np.ndarray  # [layers, heads], mean share of attention on token 0 ([CLS])
    to_special_tokens: np.ndarray  # [layers, heads], mean share on [CLS]/[SEP]/...

    @property
    def num_layers(self) -> int:
        return self.weights.shape[0]

    @property
    def num_heads(self) -> int:
        return self.weights.shape[1]


def summarise(weights: np.ndarray, special_tokens_mask: np.ndarray) -> AttentionMaps:
    weights = weights.astype(np.float32, copy=False)
    safe = np.clip(weights, 1e-12, 1.0)
    entropy = -(weights * np.log(safe)).sum(axis=-1).mean(axis=-1)
    special = special_tokens_mask.astype(bool)
    return AttentionMaps(
        weights=weights,
        mean_over_heads=weights.mean(axis=1),
        entropy=entropy,
        to_first_token=weights[..., 0].mean(axis=-1),
        to_special_tokens=weights[..., special].sum(axis=-1).mean(axis=-1),
    )
