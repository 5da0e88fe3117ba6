"""One forward pass that keeps what the views need: attentions, hidden states, pooler."""

import time
from dataclasses import dataclass

import numpy as np
import torch

from .encoding import Encoding, encode
from .loading import LoadedModel


@dataclass(frozen=True)
class ForwardPass:
    outputs: object  # the model's own ModelOutput, tensors on the model's device
    hidden_states: np.ndarray  # [batch, layers + 1, T, H], float32
    attentions: tuple[np.ndarray, ...]  # per layer [batch, heads, T, T], float32; views, not copies
    pooler_output: np.ndarray | None  # [batch, H], what the model's pooler returned, if it has one
    seconds: float

    def attention_of(self, row: int, length: int | None = None) -> list[np.ndarray]:
        """Per layer, the [heads, T, T] maps of one batch row, cut to its first `length` tokens."""
        return [layer[row, :, :length, :length] for layer in self.attentions]

    def output(self, name: str) -> np.ndarray:
        """One of the model's outputs (logits, start_logits, ...) as float32 numpy."""
        return to_numpy(getattr(self.outputs, name))


def pooler_of(model: torch.nn.Module):
    """The BertPooler-style module of a model, or None when it has none."""
    return getattr(model.base_model, "pooler", None)


def run_forward(loaded: LoadedModel, tensors: dict) -> ForwardPass:
    """Run the model once, in eval mode, without gradients. Hold `loaded.lock`."""
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
        hidden_states=np.stack([to_numpy(layer) for layer in outputs.hidden_states], axis=1),
        # Per layer, without stacking: a stacked copy costs more than the forward pass at 512 tokens.
        attentions=tuple(to_numpy(layer) for layer in outputs.attentions),
        pooler_output=to_numpy(captured["pooler"]) if "pooler" in captured else None,
        seconds=seconds,
    )


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    return tensor.detach().to("cpu", torch.float32).numpy()


def stage_timings(started: float, tokenised: float, forward: ForwardPass) -> dict[str, float]:
    """Milliseconds spent tokenising, in the forward pass, and deriving everything else."""
    return {
        "tokenise": (tokenised - started) * 1000,
        "forward": forward.seconds * 1000,
        "derive": (time.perf_counter() - tokenised - forward.seconds) * 1000,
    }


@dataclass(frozen=True)
class TextRun:
    """A text (or pair) tokenised and run through the model, with when each stage began."""

    encoding: Encoding
    forward: ForwardPass
    started: float
    tokenised: float

    def timings(self) -> dict[str, float]:
        """Call once everything is derived: that time counts as 'derive'."""
        return stage_timings(self.started, self.tokenised, self.forward)


def run_text(loaded: LoadedModel, text: str, text_pair: str | None = None) -> TextRun:
    with loaded.lock:
        started = time.perf_counter()
        encoding, tensors = encode(loaded, text, text_pair)
        tokenised = time.perf_counter()
        forward = run_forward(loaded, tensors)
    return TextRun(encoding, forward, started, tokenised)
