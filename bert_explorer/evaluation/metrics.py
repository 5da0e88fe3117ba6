"""Classification metrics of a dataset, by scikit-learn."""

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support


@dataclass(frozen=True)
class ClassMetrics:
    accuracy: float
    precision: np.ndarray  # [labels]
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray  # gold examples per label
    macro: tuple[float, float, float]  # precision, recall, F1 averaged over labels
    micro: tuple[float, float, float]  # over examples (equal to accuracy for single-label data)
    confusion: np.ndarray  # [gold, predicted] counts


def classification_metrics(gold: np.ndarray, predicted: np.ndarray, num_labels: int) -> ClassMetrics:
    labels = list(range(num_labels))
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=labels, average=None, zero_division=0)
    averaged = {average: precision_recall_fscore_support(gold, predicted, labels=labels, average=average,
                                                         zero_division=0)[:3]
                for average in ("macro", "micro")}
    return ClassMetrics(
        accuracy=float(accuracy_score(gold, predicted)), precision=precision, recall=recall, f1=f1,
        support=support, macro=_three(averaged["macro"]), micro=_three(averaged["micro"]),
        confusion=confusion_matrix(gold, predicted, labels=labels),
    )


def _three(values) -> tuple[float, float, float]:
    precision, recall, f1 = (float(v) for v in values)
    return precision, recall, f1
