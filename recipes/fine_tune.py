"""What the fine-tuned zoo entries share: which encoder layers they train, and the float16 round trip of
what they store."""

import torch


def top_layers(model, count: int) -> tuple[str, ...]:
    """State-dict prefixes of the top `count` encoder layers."""
    layers = model.config.num_hidden_layers
    return tuple(f"bert.encoder.layer.{k}." for k in range(layers - count, layers))


def store_as_float16(model: torch.nn.Module, prefixes: tuple[str, ...]) -> None:
    """Round the trained tensors through float16, as they are committed, so every metric is of the stored weights."""
    with torch.no_grad():
        for name, tensor in model.state_dict().items():
            if name.startswith(prefixes):
                tensor.copy_(tensor.half().float())
