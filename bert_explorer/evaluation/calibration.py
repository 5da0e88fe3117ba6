"""How far a head's confidence can be trusted: reliability bins, ECE, NLL, Brier, and temperature
scaling fitted by minimising the NLL."""

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

BINS = 15  # equal-width bins of the top probability over [0, 1], as Guo et al. (2017)


@dataclass(frozen=True)
class Reliability:
    edges: np.ndarray  # [BINS + 1]
    confidence: np.ndarray  # [BINS] mean top probability in each bin (nan where empty)
    accuracy: np.ndarray  # [BINS] share of correct predictions in each bin (nan where empty)
    counts: np.ndarray  # [BINS]

    @property
    def ece(self) -> float:
        """Expected calibration error: Σ_b (n_b / N) |accuracy_b − confidence_b| over non-empty bins."""
        filled = self.counts > 0
        gaps = np.abs(self.accuracy[filled] - self.confidence[filled])
        return float(np.sum(self.counts[filled] / self.counts.sum() * gaps))


@dataclass(frozen=True)
class Calibration:
    temperature: float  # 1 before scaling
    probabilities: np.ndarray  # [N, labels], softmax(logits / T)
    reliability: Reliability
    nll: float  # mean cross-entropy of the gold
    brier: float  # mean Σ_k (p_k − 1[k = gold])²
    accuracy: float


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return torch.softmax(torch.from_numpy(np.asarray(logits, dtype=np.float64)) / temperature, dim=-1).numpy()


def reliability(probabilities: np.ndarray, gold: np.ndarray, bins: int = BINS) -> Reliability:
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold
    edges = np.linspace(0.0, 1.0, bins + 1)
    # Bin b holds confidences in (edges[b], edges[b+1]]; a confidence of exactly 0 cannot occur.
    which = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, bins - 1)
    counts = np.bincount(which, minlength=bins)
    with np.errstate(invalid="ignore"):
        mean_confidence = np.bincount(which, weights=confidence, minlength=bins) / counts
        accuracy = np.bincount(which, weights=correct.astype(float), minlength=bins) / counts
    return Reliability(edges, mean_confidence, accuracy, counts)


def calibration(logits: np.ndarray, gold: np.ndarray, temperature: float = 1.0) -> Calibration:
    probabilities = softmax(logits, temperature)
    one_hot = np.eye(probabilities.shape[1])[gold]
    nll = F.cross_entropy(torch.from_numpy(np.asarray(logits, dtype=np.float64)) / temperature,
                          torch.from_numpy(np.asarray(gold))).item()
    return Calibration(
        temperature=temperature, probabilities=probabilities, reliability=reliability(probabilities, gold),
        nll=nll, brier=float(np.mean(np.sum((probabilities - one_hot) ** 2, axis=1))),
        accuracy=float(np.mean(probabilities.argmax(axis=1) == gold)),
    )


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The T > 0 that minimises the mean NLL of softmax(logits / T): L-BFGS on log T, from T = 1."""
    z = torch.from_numpy(np.asarray(logits, dtype=np.float64))
    y = torch.from_numpy(np.asarray(gold))
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimiser = torch.optim.LBFGS([log_t], lr=0.5, max_iter=200, tolerance_grad=1e-10, tolerance_change=1e-12,
                                  line_search_fn="strong_wolfe")

    def closure():
        optimiser.zero_grad()
        loss = F.cross_entropy(z / log_t.exp(), y)
        loss.backward()
        return loss

    optimiser.step(closure)
    return float(log_t.exp().item())
