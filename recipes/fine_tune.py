"""What the fine-tuned zoo entries share: which encoder layers they train, the run they return, and the float16
round trip of what they store."""

from dataclasses import dataclass

import torch


@dataclass
class FineTuned:
    model: torch.nn.Module
    tokenizer: object
    trained_prefixes: tuple[str, ...]  # the state-dict names that were trained (and are stored)
    examples: int  # training rows the run read (sentences, question features, text chunks)
    seconds: float


def top_layers(model, count: int) -> tuple[str, ...]:
    """State-dict prefixes of the top `count` encoder layers."""
    layers = model.config.num_hidden_layers
    return tuple(f"bert.encoder.layer.{k}." for k in range(layers - count, layers))


def train_only(model: torch.nn.Module, prefixes: tuple[str, ...]) -> list[torch.nn.Parameter]:
    """Freeze every parameter but those under `prefixes`; the trainable ones, in the model's order."""
    trainable = []
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.startswith(prefixes)
        if parameter.requires_grad:
            trainable.append(parameter)
    return trainable


def store_as_float16(model: torch.nn.Module, prefixes: tuple[str, ...]) -> None:
    """Round the trained tensors through float16, as they are committed, so every metric is of the stored weights."""
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.startswith(prefixes):
                tensor.copy_(tensor.half().float())
