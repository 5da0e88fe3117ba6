"""Logits recomputed by hand from the classification head's own weights."""

from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class HandComputation:
    covered: bool
    head_input: str  # what vector the head reads
    formula: str
    input_vector: np.ndarray | None  # [H]
    logits: np.ndarray | None  # [labels], recomputed
    max_abs_diff: float | None  # against the model's own logits


# model_type -> the activation between the dense and out_proj layers of its classification head.
_FIRST_TOKEN_HEADS = {
    "roberta": ("tanh", torch.tanh),
    "xlm-roberta": ("tanh", torch.tanh),
    "camembert": ("tanh", torch.tanh),
    "electra": ("gelu", torch.nn.functional.gelu),
}


def _weights(linear: torch.nn.Linear) -> tuple[torch.Tensor, torch.Tensor]:
    return (
        linear.weight.detach().to("cpu", torch.float32),
        linear.bias.detach().to("cpu", torch.float32),
    )


def sequence_logits_by_hand(
    model: torch.nn.Module, last_hidden: np.ndarray, pooler_output: np.ndarray | None, logits: np.ndarray
) -> HandComputation:
    """Recompute the classifier's logits for the architectures whose head we know.

    Dropout is the identity in eval mode, so it is left out.
    """
    classifier = getattr(model, "classifier", None)
    first_token = torch.from_numpy(last_hidden[0].astype(np.float32))
    if isinstance(classifier, torch.nn.Linear) and pooler_output is not None:
        # BERT-style: the pooler output, then one Linear.
        return linear_by_hand(
            classifier, pooler_output, logits, "pooler output (tanh(W_p·h_CLS + b_p))", "logits = pooler_output · Wᵀ + b"
        )
    activation = _FIRST_TOKEN_HEADS.get(model.config.model_type)
    if activation is not None and isinstance(getattr(classifier, "dense", None), torch.nn.Linear):
        # RoBERTa/ELECTRA-style: the head's own dense + activation on the first token, no pooler.
        name, function = activation
        w1, b1 = _weights(classifier.dense)
        w2, b2 = _weights(classifier.out_proj)
        recomputed = function(first_token @ w1.T + b1) @ w2.T + b2
        return _done(
            "first token's last hidden state", f"logits = {name}(h₀ · W₁ᵀ + b₁) · W₂ᵀ + b₂", first_token, recomputed, logits
        )
    pre = getattr(model, "pre_classifier", None)
    if isinstance(pre, torch.nn.Linear) and isinstance(classifier, torch.nn.Linear):
        # DistilBERT-style: pre_classifier + ReLU on the first token.
        w1, b1 = _weights(pre)
        w2, b2 = _weights(classifier)
        recomputed = torch.relu(first_token @ w1.T + b1) @ w2.T + b2
        return _done("first token's last hidden state ([CLS])", "logits = relu(h₀ · W₁ᵀ + b₁) · W₂ᵀ + b₂", first_token, recomputed, logits)
    return HandComputation(
        covered=False,
        head_input="not covered",
        formula=f"The head of {type(model).__name__} is not recomputed here; its logits are shown as the model returned them.",
        input_vector=None,
        logits=None,
        max_abs_diff=None,
    )


def linear_by_hand(
    linear: torch.nn.Linear, x: np.ndarray, logits: np.ndarray, head_input: str, formula: str
) -> HandComputation:
    """x · Wᵀ + b from a Linear layer's own weights."""
    weight, bias = _weights(linear)
    vector = torch.from_numpy(np.asarray(x, dtype=np.float32))
    return _done(head_input, formula, vector, vector @ weight.T + bias, logits)


def _done(head_input: str, formula: str, x: torch.Tensor, recomputed: torch.Tensor, logits: np.ndarray) -> HandComputation:
    recomputed = recomputed.numpy()
    return HandComputation(
        covered=True,
        head_input=head_input,
        formula=formula,
        input_vector=x.numpy(),
        logits=recomputed,
        max_abs_diff=float(np.max(np.abs(recomputed - logits))),
    )
