"""Evaluate a sequence-classification head on a labelled dataset."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..errors import InputError
from ..head_path import path_of
from ..loading import LoadedModel
from ..scores import SOFTMAX, activation_for
from ..training.data import LabelledTexts
from .calibration import Calibration, calibration, fit_temperature
from .geometry import Geometry, geometry
from .labels import LabelMap, align
from .metrics import ClassMetrics, classification_metrics
from .predict import batched_outputs


@dataclass(frozen=True)
class Evaluation:
    texts: list[str]
    pairs: list[str] | None
    gold: np.ndarray  # [N] the model's label ids
    logits: np.ndarray  # [N, labels]
    label_names: list[str]  # the model's id2label
    losses: np.ndarray  # [N] cross-entropy of each example's gold
    metrics: ClassMetrics
    before: Calibration  # at T = 1
    after: Calibration  # at the fitted temperature
    labels: LabelMap
    notes: tuple[str, ...]
    geometry: Geometry | None  # None for fewer than 3 examples

    @property
    def predicted(self) -> np.ndarray:
        return self.logits.argmax(axis=1)

    def hardest(self, count: int = 10) -> np.ndarray:
        """Indices of the examples with the highest loss, highest first."""
        return np.argsort(-self.losses, kind="stable")[:count]

    def loss_histogram(self, bins: int = 30) -> tuple[np.ndarray, np.ndarray]:
        """(counts [bins], bin centres [bins]) of the per-example losses."""
        counts, edges = np.histogram(self.losses, bins=bins)
        return counts, (edges[:-1] + edges[1:]) / 2

    def cell(self, gold: int, predicted: int) -> np.ndarray:
        """Indices of the examples in one cell of the confusion matrix, highest loss first."""
        rows = np.flatnonzero((self.gold == gold) & (self.predicted == predicted))
        return rows[np.argsort(-self.losses[rows], kind="stable")]


def evaluate(loaded: LoadedModel, data: LabelledTexts, chosen: dict[str, str] | None = None,
             progress: Callable[[int, int], None] | None = None) -> Evaluation:
    activation = activation_for(loaded.config)
    if activation.name != SOFTMAX:
        raise InputError(f"This head uses {activation.name}, not softmax: the Evaluate page measures "
                         "single-label classifiers.")
    if len(data) == 0:
        raise InputError("The dataset has no rows.")
    labels = align(data.label_names, loaded.label_names, chosen)
    gold = labels.to_model[np.asarray(data.labels)]
    outputs = batched_outputs(loaded, data.texts, data.pairs, progress=progress)
    logits = outputs.logits
    losses = F.cross_entropy(torch.from_numpy(logits).double(), torch.from_numpy(gold), reduction="none").numpy()
    notes = [labels.note]
    if len(set(gold.tolist())) == 1:
        notes.append(f"Every example has the gold label {loaded.label_names[gold[0]]}: precision and recall of "
                     "the other labels are 0 by convention, and a confusion matrix has one row.")
    return Evaluation(
        texts=data.texts, pairs=data.pairs, gold=gold, logits=logits, label_names=loaded.label_names,
        losses=losses, metrics=classification_metrics(gold, logits.argmax(axis=1), len(loaded.label_names)),
        before=calibration(logits, gold), after=calibration(logits, gold, fit_temperature(logits, gold)),
        labels=labels, notes=tuple(notes), geometry=_geometry(loaded, outputs),
    )


def _geometry(loaded: LoadedModel, outputs) -> Geometry | None:
    path = path_of(loaded.model)
    name = path.head_input if path.drawn else "not drawn for this architecture"
    return geometry(outputs.cls, outputs.head_input, name, path.activation if path.drawn else None)
