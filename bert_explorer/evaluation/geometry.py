"""Where a dataset's examples sit before the classifier: the [CLS] state and the vector the
classifier reads (BERT: the pooler output), each projected to 2-D, and how saturated a tanh
pooler is."""

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA

SATURATED = 0.95  # |tanh| at or above this: the gradient through tanh, 1 − v², is below 0.1
HISTOGRAM_BINS = 40


@dataclass(frozen=True)
class Projection:
    points: np.ndarray  # [N, 2] coordinates on the first two principal components
    explained: np.ndarray  # [2] share of the total variance each component keeps


@dataclass(frozen=True)
class Values:
    """Every coordinate of every example's head input, as a histogram."""

    counts: np.ndarray  # [bins]
    edges: np.ndarray  # [bins + 1]
    saturated: float | None  # share with |v| >= SATURATED; None unless the activation is tanh

    @property
    def centres(self) -> np.ndarray:
        return (self.edges[:-1] + self.edges[1:]) / 2


@dataclass(frozen=True)
class Geometry:
    cls: Projection
    head_input: Projection | None  # None when the head's path is not drawn for this architecture
    head_input_name: str  # what the classifier reads, in words
    activation: str | None  # the activation that made the head input
    values: Values | None


def project(vectors: np.ndarray) -> Projection:
    """PCA to two components (centred, not scaled), by scikit-learn."""
    pca = PCA(n_components=2, svd_solver="full")
    points = pca.fit_transform(np.asarray(vectors, dtype=np.float64))
    return Projection(points.astype(np.float32), pca.explained_variance_ratio_)


def values(head_input: np.ndarray, activation: str | None) -> Values:
    flat = np.asarray(head_input, dtype=np.float32).ravel()
    low, high = (-1.0, 1.0) if activation == "tanh" else (float(flat.min()), float(flat.max()))
    counts, edges = np.histogram(flat, bins=HISTOGRAM_BINS, range=(low, high) if high > low else None)
    saturated = float(np.mean(np.abs(flat) >= SATURATED)) if activation == "tanh" else None
    return Values(counts, edges, saturated)


def geometry(cls: np.ndarray, head_input: np.ndarray | None, head_input_name: str,
             activation: str | None) -> Geometry | None:
    """Both projections and the value histogram; None for fewer than 3 examples (nothing to project)."""
    if len(cls) < 3:
        return None
    if head_input is None:
        return Geometry(project(cls), None, head_input_name, None, None)
    return Geometry(project(cls), project(head_input), head_input_name, activation, values(head_input, activation))


def drawn_rows(count: int, limit: int = 2000) -> np.ndarray:
    """The rows a scatter plot draws: all of them up to `limit`, else a fixed random sample (a browser slows
    down with tens of thousands of markers; the projection itself is fitted on every row)."""
    if count <= limit:
        return np.arange(count)
    return np.sort(np.random.default_rng(0).choice(count, size=limit, replace=False))
