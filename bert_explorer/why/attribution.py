"""Which input tokens moved the target logit: Integrated Gradients, gradient × input and
occlusion, each by Captum, over the model's token embeddings.

Every method reads one row of the input (rows of one input never see each other) and returns one
number per token of that row. The model is the shared, cached one: Captum's hooks live only for
the call, nothing is trained, and gradients are taken with torch.autograd.grad, so no parameter
keeps a .grad. The caller holds the checkpoint's lock.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from captum.attr import FeatureAblation, LayerGradientXActivation, LayerIntegratedGradients
from transformers import PreTrainedModel

from ..errors import InputError
from ..loading import LoadedModel
from ..targets import Target

INTEGRATED_GRADIENTS = "integrated_gradients"
GRADIENT_X_INPUT = "gradient_x_input"
OCCLUSION = "occlusion"
METHODS = {
    INTEGRATED_GRADIENTS: "Integrated Gradients",
    GRADIENT_X_INPUT: "Gradient × input",
    OCCLUSION: "Occlusion",
}
# How Integrated Gradients approximates its path integral, by Captum's names: Gauss–Legendre (Captum's default)
# places its points unevenly and weights them, the Riemann rules take equal steps.
INTEGRATION_RULES = {
    "gausslegendre": "Gauss–Legendre quadrature",
    "riemann_left": "left Riemann sum",
    "riemann_right": "right Riemann sum",
    "riemann_middle": "midpoint Riemann sum",
    "riemann_trapezoid": "trapezoidal Riemann sum",
}
DEFAULT_RULE = "gausslegendre"
BASELINES = ("pad", "mask", "unk")  # the token that stands in for every word in the reference input
MIN_STEPS, MAX_STEPS = 20, 300
# Steps chosen from the gap (steps=None): from MIN_STEPS, doubled (at most MAX_STEPS) until the completeness gap is
# within AUTO_GAP of |f(x) − f(baseline)|. Gauss–Legendre on these smooth paths is usually there at 20 or 40.
AUTO_GAP = 0.01
TOKENS_PER_BATCH = 4096  # bounds the memory of one Integrated Gradients batch: steps × tokens


@dataclass(frozen=True)
class Attribution:
    method: str
    per_token: np.ndarray  # [T] of the target's row, padding included; sums the embedding dimensions
    target_value: float  # f(x): the target logit on the input
    baseline_value: float | None  # f(baseline): the target logit on the reference input
    convergence_delta: float | None  # Captum's: Σ attributions − (f(x) − f(baseline)), IG only
    steps: int | None
    rule: str | None  # a key of INTEGRATION_RULES, IG only
    baseline: str | None  # pad, mask or unk; None for gradient × input
    tried: tuple[int, ...] = ()  # IG with steps chosen from the gap: each step count run, the last one kept

    @property
    def total(self) -> float:
        return float(np.sum(self.per_token, dtype=np.float64))

    @property
    def expected_total(self) -> float | None:
        """What the attributions should add up to: f(x) − f(baseline) (IG's completeness)."""
        return None if self.baseline_value is None else self.target_value - self.baseline_value

    @property
    def gap(self) -> float | None:
        """Σ attributions − (f(x) − f(baseline)): 0 for an exact integral."""
        return None if self.expected_total is None else self.total - self.expected_total


def baseline_id(loaded: LoadedModel, baseline: str) -> int:
    """The id of the reference token: [PAD], [MASK] or [UNK] as this tokenizer spells them."""
    if baseline not in BASELINES:
        raise InputError(f"Unknown baseline '{baseline}'; choose one of {', '.join(BASELINES)}.")
    token_id = getattr(loaded.tokenizer, f"{baseline}_token_id", None)
    if token_id is None:
        raise InputError(f"This tokenizer has no {baseline} token; choose another baseline.")
    return int(token_id)


def reference_ids(input_ids: torch.Tensor, special: torch.Tensor, token_id: int) -> torch.Tensor:
    """The input with every token but the special ones ([CLS], [SEP], padding) replaced by `token_id`."""
    return torch.where(special.bool(), input_ids, torch.full_like(input_ids, token_id))


def auto_steps() -> list[int]:
    """The step counts tried when they are chosen from the gap: MIN_STEPS, doubled, then MAX_STEPS."""
    schedule = [MIN_STEPS]
    while schedule[-1] * 2 < MAX_STEPS:
        schedule.append(schedule[-1] * 2)
    return [*schedule, MAX_STEPS]


def attribute(loaded: LoadedModel, tensors: dict, special: torch.Tensor, target: Target, method: str,
              baseline: str = "pad", steps: int | None = 50, rule: str = DEFAULT_RULE,
              progress: Callable[[float], None] | None = None) -> Attribution:
    """Attribute the target logit to the tokens of its row. `tensors` are the whole input's;
    `special` [T] marks the row's special tokens (kept as they are in the reference input). `steps` None:
    Integrated Gradients takes as many as its completeness gap needs (auto_steps, AUTO_GAP)."""
    if method not in METHODS:
        raise InputError(f"Unknown method '{method}'; choose one of {', '.join(METHODS)}.")
    if method == INTEGRATED_GRADIENTS and steps is not None and not MIN_STEPS <= int(steps) <= MAX_STEPS:
        raise InputError(f"Steps must be between {MIN_STEPS} and {MAX_STEPS} ({steps} given).")
    if method == INTEGRATED_GRADIENTS and rule not in INTEGRATION_RULES:
        raise InputError(f"Unknown integration rule '{rule}'; choose one of {', '.join(INTEGRATION_RULES)}.")
    row = _with_fixed_positions(loaded.model, target.row_of(tensors))
    names = [name for name in row if name != "input_ids"]
    ids = row["input_ids"]
    others = tuple(row[name] for name in names)
    model = loaded.model

    def logit(input_ids, *rest):
        outputs = model(input_ids=input_ids, **dict(zip(names, rest)), return_dict=True)
        return target.values(getattr(outputs, target.output)).float()

    reference = None
    if method != GRADIENT_X_INPUT:
        reference = reference_ids(ids, special.to(ids.device).reshape(ids.shape), baseline_id(loaded, baseline))
    schedule = (auto_steps() if steps is None else [int(steps)]) if method == INTEGRATED_GRADIENTS else [0]
    expected_calls = sum(_expected_calls(method, n, ids.shape[-1]) for n in schedule)
    tried: list[int] = []
    with _counting_calls(model, progress, expected_calls):
        with torch.no_grad():
            value = float(logit(ids, *others)[0])
            reference_value = None if reference is None else float(logit(reference, *others)[0])
        if method == INTEGRATED_GRADIENTS:
            layer = _embeddings(model)
            expected_total = value - (reference_value or 0.0)  # IG always has a reference
            for count in schedule:
                batch = max(1, min(count, TOKENS_PER_BATCH // ids.shape[-1]))
                values, delta = LayerIntegratedGradients(logit, layer).attribute(
                    ids, baselines=reference, additional_forward_args=others, n_steps=count, method=rule,
                    internal_batch_size=batch, return_convergence_delta=True,
                )
                per_token, delta = values.sum(-1), float(delta.reshape(-1)[0])
                tried.append(count)
                gap = float(per_token.detach().double().sum()) - expected_total
                if abs(gap) <= AUTO_GAP * abs(expected_total):
                    break
        elif method == GRADIENT_X_INPUT:
            per_token, delta = LayerGradientXActivation(logit, _embeddings(model)).attribute(
                ids, additional_forward_args=others).sum(-1), None
        else:
            mask = torch.arange(ids.shape[-1], device=ids.device).expand_as(ids)
            per_token, delta = FeatureAblation(logit).attribute(
                ids, baselines=reference, additional_forward_args=others, feature_mask=mask,
                perturbations_per_eval=max(1, min(ids.shape[-1], TOKENS_PER_BATCH // ids.shape[-1])),
            ), None
    integrated = method == INTEGRATED_GRADIENTS
    return Attribution(
        method=method,
        per_token=per_token.detach().reshape(-1).to("cpu", torch.float32).numpy(),
        target_value=value,
        baseline_value=reference_value,
        convergence_delta=delta,
        steps=tried[-1] if integrated else None,
        rule=rule if integrated else None,
        baseline=None if method == GRADIENT_X_INPUT else baseline,
        tried=tuple(tried) if integrated and steps is None else (),
    )


def _with_fixed_positions(model: PreTrainedModel, row: dict) -> dict:
    """Pin the input's position ids for models that derive them from the token ids (RoBERTa, MPNet:
    a padding token gets no position). Otherwise a [PAD] baseline, or a token occluded by [PAD], would
    also move the other tokens' positions, and f(baseline) would not be the end of the path integrated."""
    embeddings = getattr(model.base_model, "embeddings", None)
    padding = getattr(getattr(embeddings, "position_embeddings", None), "padding_idx", None)
    if padding is None or "position_ids" in row:
        return row
    real = row["input_ids"].ne(padding).long()
    return {**row, "position_ids": torch.cumsum(real, dim=-1) * real + padding}


def _embeddings(model: PreTrainedModel) -> torch.nn.Module:
    """The token-embedding table Captum attributes through."""
    try:
        layer = model.get_input_embeddings()
    except (NotImplementedError, AttributeError):
        layer = None
    if not isinstance(layer, torch.nn.Embedding):
        raise InputError(f"{type(model).__name__} does not expose its token embeddings as one embedding table "
                         "(get_input_embeddings), so gradient methods cannot reach them; occlusion still works.")
    return layer


def _expected_calls(method: str, steps: int, length: int) -> int:
    """Forward passes a method makes, for the progress bar."""
    if method == INTEGRATED_GRADIENTS:
        return -(-int(steps) // max(1, min(int(steps), TOKENS_PER_BATCH // length))) + 2
    if method == OCCLUSION:
        return -(-length // max(1, min(length, TOKENS_PER_BATCH // length))) + 3
    return 3


class _counting_calls:
    """Report progress as forward passes happen; the hook is removed on the way out."""

    def __init__(self, model: PreTrainedModel, progress, expected: int):
        self.model, self.progress, self.expected, self.calls, self.hook = model, progress, expected, 0, None

    def __enter__(self):
        if self.progress is not None:
            self.hook = self.model.register_forward_pre_hook(self._called)
        return self

    def _called(self, *_):
        self.calls += 1
        self.progress(min(1.0, self.calls / self.expected))

    def __exit__(self, *_):
        if self.hook is not None:
            self.hook.remove()
