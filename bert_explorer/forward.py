"""One forward pass that keeps what the views need: attentions, hidden states, pooler."""

import time
from dataclasses import dataclass

import numpy as np
import torch

from .loading import LoadedModel


@dataclass(frozen=True)
class ForwardPass:
    outputs: object  # the model's own ModelOutput, tensors on the model's device
    hidden_states: np.ndarray  # [layers + 1, T, H], float32, batch 0
    attentions: np.ndarray  # [layers, heads, T, T], float32, batch 0
    pooler_output: np.ndarray | None  # [H], what the model's pooler returned, if it has one
    seconds: float


def pooler_of(model: torch.nn.Module):
    """The BertPooler-style module of a model, or None when it has none."""
    return getattr(model.base_model, "pooler", None)


def run_forward(loaded: LoadedModel, tensors: dict, batch_index: int = 0) -> ForwardPass:
    """Run the model once, in eval mode, without gradients."""
    captured = {}
    pooler = pooler_of(loaded.model)
    hook = None
    if pooler is not None:
        hook = pooler.register_forward_hook(lambda _m, _i, out: captured.__setitem__("pooler", out))
    started = time.perf_counter()
    try:
        with torch.inference_mode():
            outputs = loaded.model(**tensors, output_attentions=True, output_hidden_states=True, return_dict=True)
    finally:
        if hook is not None:
            hook.remove()
    if loaded.device == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    return ForwardPass(
        outputs=outputs,
        hidden_states=_stack(outputs.hidden_states, batch_index),
        attentions=_stack(outputs.attentions, batch_index),
        pooler_output=_to_numpy(captured["pooler"][batch_index]) if "pooler" in captured else None,
        seconds=seconds,
    )


def _stack(per_layer, batch_index: int) -> np.ndarray:
    return np.stack([_to_numpy(layer[batch_index]) for layer in per_layer])


def _to_numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().to("cpu", torch.float32).numpy()
