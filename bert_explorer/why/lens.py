"""The logit lens through the real head: every layer's hidden states read by the head the model
uses, as if that layer were the last.

Earlier layers were never trained to be read this way; the lens shows where the target's logit
takes shape, not what those layers "mean". The last layer's reading is the model's own output.
"""

from dataclasses import dataclass

import numpy as np
import torch

from ..loading import LoadedModel
from ..readout import read
from ..targets import VOCABULARY, Target

TOP_TOKENS = 5


@dataclass(frozen=True)
class Lens:
    layers: list[str]  # embeddings, layer 1, ..., layer L
    logits: np.ndarray  # [L + 1]: the target's logit read at each layer
    probabilities: np.ndarray | None  # [L + 1]: its probability (softmax, sigmoid); None for a score (identity)
    ranks: np.ndarray  # [L + 1]: the target's rank in its distribution (1 = the top)
    top: list[list[tuple[str, float]]] | None  # fill-in: per layer, the top tokens and their probabilities
    last_layer_difference: float  # |lens at the last layer − the model's own distribution|, max over it


def logit_lens(loaded: LoadedModel, target: Target, outputs) -> Lens:
    """Read the target at every layer of one forward pass (`outputs`, run with output_hidden_states).
    Hold `loaded.lock`."""
    own = target.distribution(getattr(outputs, target.output)).float()
    hidden = outputs.hidden_states
    with torch.inference_mode():
        read_layers = read(loaded.model, target, hidden).float()
        probabilities = target.probabilities(read_layers)
    logits = read_layers[:, target.index]
    ranks = (read_layers > logits[:, None]).sum(-1) + 1
    top = None
    if target.part == VOCABULARY:
        values, ids = probabilities.topk(TOP_TOKENS, dim=-1)
        words = [loaded.tokenizer.convert_ids_to_tokens(row.tolist()) for row in ids.cpu()]
        top = [list(zip(w, v.tolist())) for w, v in zip(words, values.cpu())]
    return Lens(
        layers=["embeddings"] + [f"layer {i}" for i in range(1, len(hidden))],
        logits=logits.cpu().numpy(),
        probabilities=probabilities[:, target.index].cpu().numpy() if target.has_probabilities else None,
        ranks=ranks.cpu().numpy(),
        top=top,
        last_layer_difference=float((read_layers[-1] - own).abs().max()),
    )
