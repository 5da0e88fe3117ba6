"""One forward pass that keeps what the views need: attentions, hidden states, the head's input."""

import time
from dataclasses import dataclass

import numpy as np
import torch

from .loading import LoadedModel


@dataclass(frozen=True)
class ForwardPass:
    outputs: object  # the model's own ModelOutput, tensors on the model's device
    hidden_states: np.ndarray  # [batch, layers + 1, T, H], float32
    attentions: tuple[np.ndarray, ...]  # per layer [batch, heads, T, T], float32; views, not copies
    captured: np.ndarray | None  # [batch, H]: the input of the module named by `capture`, as the model computed it
    seconds: float

    def attention_of(self, row: int, length: int | None = None) -> list[np.ndarray]:
        """Per layer, the [heads, T, T] maps of one batch row, cut to its first `length` tokens."""
        return [layer[row, :, :length, :length] for layer in self.attentions]

    def output(self, name: str) -> np.ndarray:
        """One of the model's outputs (logits, start_logits, ...) as float32 numpy."""
        return to_numpy(getattr(self.outputs, name))


def run_forward(loaded: LoadedModel, tensors: dict, capture: str | None = None) -> ForwardPass:
    """Run the model once, in eval mode, without gradients. Hold `loaded.lock`.

    `capture` names a module (e.g. the classifier) whose input is kept: what the head really read.
    """
    captured: dict[str, torch.Tensor] = {}
    hook = None
    if capture is not None:
        module = loaded.model.get_submodule(capture)
        hook = module.register_forward_pre_hook(lambda _m, args: captured.__setitem__("input", args[0]))
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
        hidden_states=np.stack([to_numpy(layer) for layer in outputs.hidden_states], axis=1),
        # Per layer, without stacking: a stacked copy costs more than the forward pass at 512 tokens.
        attentions=tuple(to_numpy(layer) for layer in outputs.attentions),
        captured=to_numpy(captured["input"]) if "input" in captured else None,
        seconds=seconds,
    )


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().to("cpu", torch.float32).numpy()
