"""AdamW's weight-decay groups and the learning-rate schedules of transformers.get_scheduler."""

import functools
from dataclasses import dataclass

import numpy as np
import torch
import transformers
from transformers import PreTrainedModel

# Every schedule get_scheduler knows, with the extra arguments some of them need.
SCHEDULES: dict[str, dict] = {
    "linear": {}, "cosine": {}, "cosine_with_restarts": {"num_cycles": 2}, "polynomial": {"power": 2.0},
    "constant": {}, "constant_with_warmup": {}, "inverse_sqrt": {}, "reduce_lr_on_plateau": {},
    "cosine_with_min_lr": {"min_lr_rate": 0.1}, "cosine_warmup_with_min_lr": {"min_lr_rate": 0.1},
    "warmup_stable_decay": {"num_decay_steps": None}, "greedy": {},
}
# These react to the loss: step(metrics=loss). Their preview curve assumes a flat loss.
LOSS_DRIVEN = ("reduce_lr_on_plateau", "greedy")
NO_DECAY = ("bias", "LayerNorm.weight", "layer_norm.weight", "norm.weight")


@dataclass(frozen=True)
class ParameterGroup:
    weight_decay: float
    names: list[str]
    count: int  # number of values


def parameter_groups(model: PreTrainedModel, weight_decay: float,
                     freeze_encoder: bool | None = None) -> list[ParameterGroup]:
    """Biases and LayerNorm weights get no weight decay; every other trainable weight does.

    `freeze_encoder` plans for a frozen (True) or trained (False) encoder; None reads requires_grad.
    """
    encoder = model.base_model_prefix + "."
    decay: list[tuple[str, int]] = []  # (name, values)
    no_decay: list[tuple[str, int]] = []
    for name, param in model.named_parameters():
        trainable = param.requires_grad if freeze_encoder is None else not (freeze_encoder and name.startswith(encoder))
        if trainable:
            (no_decay if name.endswith(NO_DECAY) else decay).append((name, param.numel()))
    return [
        ParameterGroup(weight_decay, [n for n, _ in decay], sum(c for _, c in decay)),
        ParameterGroup(0.0, [n for n, _ in no_decay], sum(c for _, c in no_decay)),
    ]


def adamw(model: PreTrainedModel, learning_rate: float, weight_decay: float) -> torch.optim.AdamW:
    params = dict(model.named_parameters())
    groups = [{"params": [params[n] for n in g.names], "weight_decay": g.weight_decay}
              for g in parameter_groups(model, weight_decay) if g.names]
    return torch.optim.AdamW(groups, lr=learning_rate)


def scheduler(name: str, optimizer: torch.optim.Optimizer, warmup_steps: int, total_steps: int):
    extra = dict(SCHEDULES[name])
    if name == "warmup_stable_decay":
        extra["num_decay_steps"] = max(1, total_steps // 5)
    if name in LOSS_DRIVEN:
        return transformers.get_scheduler(name, optimizer)
    return transformers.get_scheduler(name, optimizer, num_warmup_steps=warmup_steps, num_training_steps=total_steps,
                                      scheduler_specific_kwargs=extra or None)


def learning_rates(name: str, learning_rate: float, warmup_steps: int, total_steps: int) -> list[float]:
    """The learning rate at each step of a schedule, as training would see it."""
    optimizer = torch.optim.AdamW([torch.nn.Parameter(torch.zeros(1))], lr=learning_rate)
    schedule = scheduler(name, optimizer, warmup_steps, total_steps)
    rates = []
    for _ in range(total_steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        step_schedule(schedule, name, loss=1.0)
    return rates


MAX_DRAWN_STEPS = 4000  # a longer plan is drawn at this many evenly spaced steps


def drawn_steps(total_steps: int) -> np.ndarray:
    """The steps a plan's curves are drawn at: every one, or MAX_DRAWN_STEPS from the first to the last."""
    if total_steps <= MAX_DRAWN_STEPS:
        return np.arange(total_steps)
    return np.unique(np.linspace(0, total_steps - 1, MAX_DRAWN_STEPS).round().astype(int))


@functools.lru_cache(maxsize=8)
def schedule_curves(learning_rate: float, warmup_steps: int,
                    total_steps: int) -> tuple[np.ndarray, dict[str, tuple[float, ...]]]:
    """(steps, every step-driven schedule's learning rate at those steps). Each rate is the schedule's own
    multiplier at that step times the base rate, as its LambdaLR computes it, so a plan of millions of steps
    costs no more than one of thousands."""
    steps = drawn_steps(total_steps)
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=learning_rate)
    curves = {}
    for name in SCHEDULES:
        if name not in LOSS_DRIVEN:
            schedule = scheduler(name, optimizer, warmup_steps, total_steps)
            assert isinstance(schedule, torch.optim.lr_scheduler.LambdaLR), name
            multiplier = schedule.lr_lambdas[0]
            curves[name] = tuple(learning_rate * multiplier(int(k)) for k in steps)
    return steps, curves


def step_schedule(schedule, name: str, loss: float) -> None:
    if name in LOSS_DRIVEN:
        schedule.step(loss)
    else:
        schedule.step()
