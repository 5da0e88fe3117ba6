"""The path from the last hidden states to a pooled head's logits, per architecture family.

Heads that score a whole sequence (sequence classification, multiple choice, next sentence)
read one vector made from the first token. How it is made differs by family, so it is data
here rather than BERT's shape assumed everywhere:

- a pooler, then one Linear: BERT (dense + tanh inside the pooler), ALBERT (a bare Linear, the
  tanh applied outside it), DeBERTa (ContextPooler: dense + the config's activation), MobileBERT,
  and the multiple-choice heads of RoBERTa and MPNet;
- no pooler, the head's own layers on the first token: RoBERTa, XLM-R, CamemBERT and MPNet
  (dense + tanh + out_proj), ELECTRA (gelu), ConvBERT (the config's activation), DistilBERT
  (pre_classifier + ReLU + classifier).

Anything else is reported as not drawn, with the reason, never guessed. Dropout is the
identity in eval mode, so it is left out of every formula.
"""

from dataclasses import dataclass

import numpy as np
import torch
from transformers import PreTrainedModel
from transformers.activations import ACT2FN

_FUNCTIONS = {"tanh": torch.tanh, "relu": torch.relu, "gelu": torch.nn.functional.gelu, "identity": lambda x: x}


@dataclass(frozen=True)
class _Family:
    pooler: tuple[str, str] | None = None  # (dense module, activation) of the pooler a Linear classifier reads
    first_token: tuple[str, str, str] | None = None  # (dense, activation, out_proj) of a head with its own layers


# RoBERTa's classifier: its own dense + tanh on the first token, then out_proj; the pooler is not used.
_ROBERTA_LIKE = _Family(pooler=("{base}.pooler.dense", "tanh"),
                        first_token=("classifier.dense", "tanh", "classifier.out_proj"))
# model_type -> its family. "{base}" is the encoder's attribute (bert, albert, ...); an activation
# in angle brackets is read from the config attribute of that name.
_FAMILIES = {
    "bert": _Family(pooler=("{base}.pooler.dense", "tanh")),
    "albert": _Family(pooler=("{base}.pooler", "tanh")),
    "mobilebert": _Family(pooler=("{base}.pooler.dense", "tanh")),
    "deberta": _Family(pooler=("pooler.dense", "<pooler_hidden_act>")),
    "deberta-v2": _Family(pooler=("pooler.dense", "<pooler_hidden_act>")),
    "roberta": _ROBERTA_LIKE,
    "xlm-roberta": _ROBERTA_LIKE,
    "camembert": _ROBERTA_LIKE,
    "mpnet": _ROBERTA_LIKE,
    "electra": _Family(first_token=("classifier.dense", "gelu", "classifier.out_proj")),
    "convbert": _Family(first_token=("classifier.dense", "<hidden_act>", "classifier.out_proj")),
    "distilbert": _Family(first_token=("pre_classifier", "relu", "classifier")),
}


@dataclass(frozen=True)
class HeadPath:
    """How one model's head turns the first token's last hidden state into logits."""

    drawn: bool
    reason: str  # why the path is not drawn, when it is not
    dense: str | None = None  # module applied to the first token (None: the identity)
    activation: str = "identity"
    classifier: str | None = None  # the Linear that produces the logits
    reads_pooler: bool = False  # the classifier reads a pooler's output (else the head's own dense layer)

    @property
    def head_input(self) -> str:
        if self.reads_pooler:
            return f"pooler output ({self.activation}(W_p·h_CLS + b_p))"
        return "first token's last hidden state ([CLS])"

    @property
    def formula(self) -> str:
        if self.reads_pooler:
            return "logits = pooler_output · Wᵀ + b"
        return f"logits = {self.activation}(h₀ · W₁ᵀ + b₁) · W₂ᵀ + b₂"


@dataclass(frozen=True)
class PoolerComparison:
    cls_hidden: np.ndarray  # [H] last layer, first token
    pooler_output: np.ndarray | None  # [H] the pooler's output as the model computed it (its classifier's input)
    recomputed: np.ndarray | None  # [H] activation(W·h_CLS + b) from the pooler's weights
    max_abs_diff: float | None  # |recomputed - pooler_output|, max over H
    cls_norm: float
    pooler_norm: float | None
    pre_activation_norm: float | None  # ‖W·h_CLS + b‖, before the activation
    cosine: float | None  # cosine(pooler_output, cls_hidden)
    activation: str | None  # the pooler's activation, as a name
    drawn: bool  # whether this architecture's path is drawn at all
    note: str  # which vector the head reads, in words; or why the path is not drawn


@dataclass(frozen=True)
class LogitsByHand:
    covered: bool
    head_input: str  # what vector the head reads
    formula: str
    input_vector: np.ndarray | None  # [H]
    logits: np.ndarray | None  # [labels], recomputed
    max_abs_diff: float | None  # against the model's own logits
    bias: np.ndarray | None = None  # [labels], the final Linear's bias (None: it has none)

    def terms(self, k: int) -> tuple[float, float | None, float]:
        """Logit k split as (w_k · x, b_k, their sum), from the recomputation."""
        bias = None if self.bias is None else float(self.bias[k])
        logits = np.asarray(self.logits)
        return float(logits[k]) - (bias or 0.0), bias, float(logits[k])


def path_of(model: PreTrainedModel) -> HeadPath:
    """The head's path for this model, or a HeadPath with drawn=False and the reason."""
    family = _FAMILIES.get(model.config.model_type)
    name = type(model).__name__
    if family is None:
        return HeadPath(False, f"The path from hidden state to logits of {name} ({model.config.model_type}) is not "
                               "drawn here; its logits are shown as the model returned them.")
    nsp = find_module(model, "cls.seq_relationship")
    classifier_name = "cls.seq_relationship" if nsp is not None else "classifier"
    classifier = find_module(model, classifier_name)
    if family.first_token is not None:
        dense, activation, out = family.first_token
        if all(isinstance(find_module(model, name), torch.nn.Linear) for name in (dense, out)):
            return HeadPath(True, "", dense, _activation_name(model, activation), out, reads_pooler=False)
    if isinstance(classifier, torch.nn.Linear) and family.pooler is not None:
        dense, activation = family.pooler
        dense = dense.format(base=model.base_model_prefix)
        if isinstance(find_module(model, dense), torch.nn.Linear):
            return HeadPath(True, "", dense, _activation_name(model, activation), classifier_name, reads_pooler=True)
        if model.config.model_type == "mobilebert" and not getattr(model.config, "classifier_activation", True):
            return HeadPath(True, "", None, "identity", classifier_name, reads_pooler=True)
    return HeadPath(False, f"The path from hidden state to logits of {name} is not drawn here (its head is not a "
                           "pooler and one Linear, nor a known first-token head); its logits are shown as the "
                           "model returned them.")


def compare_pooler(model: PreTrainedModel, path: HeadPath, cls_hidden: np.ndarray,
                   classifier_input: np.ndarray | None) -> PoolerComparison:
    """The pooler's output (as the model computed it) against the [CLS] hidden state, and the
    pooler recomputed by hand from its own weights."""
    cls_hidden = np.asarray(cls_hidden, dtype=np.float32)
    cls_norm = float(np.linalg.norm(cls_hidden))
    if not (path.drawn and path.reads_pooler) or classifier_input is None:
        note = path.head_input if path.drawn else path.reason
        return PoolerComparison(cls_hidden, None, None, None, cls_norm, None, None, None, None, path.drawn, note)
    pooled = np.asarray(classifier_input, dtype=np.float32)
    pre_activation = _apply(model, path.dense, "identity", torch.tensor(cls_hidden))
    recomputed = activation_function(path.activation)(pre_activation).numpy()
    return PoolerComparison(
        cls_hidden=cls_hidden,
        pooler_output=pooled,
        recomputed=recomputed,
        max_abs_diff=float(np.max(np.abs(recomputed - pooled))),
        cls_norm=cls_norm,
        pooler_norm=float(np.linalg.norm(pooled)),
        pre_activation_norm=float(np.linalg.norm(pre_activation.numpy())),
        cosine=float(np.dot(pooled, cls_hidden) / (np.linalg.norm(pooled) * cls_norm)),
        activation=path.activation,
        drawn=True,
        note=path.head_input,
    )


def logits_by_hand(model: PreTrainedModel, path: HeadPath, cls_hidden: np.ndarray,
                   classifier_input: np.ndarray | None, logits: np.ndarray) -> LogitsByHand:
    """The logits recomputed from the head's own weights: from the pooler output for pooled
    heads, from the first token's hidden state through the head's own layers otherwise."""
    if not path.drawn or (path.reads_pooler and classifier_input is None):
        return LogitsByHand(False, "not covered", path.reason or "No pooler output was computed.", None, None, None)
    if path.reads_pooler:
        vector = torch.tensor(classifier_input, dtype=torch.float32)
        head_vector = vector
    else:
        vector = torch.tensor(cls_hidden, dtype=torch.float32)
        head_vector = _apply(model, path.dense, path.activation, vector)
    recomputed = _apply(model, path.classifier, "identity", head_vector).numpy()
    bias = _linear(model, path.classifier).bias
    return LogitsByHand(
        covered=True, head_input=path.head_input, formula=path.formula, input_vector=vector.numpy(),
        logits=recomputed, max_abs_diff=float(np.max(np.abs(recomputed - logits))),
        bias=None if bias is None else bias.detach().to("cpu", torch.float32).numpy(),
    )


def explain_pooled(model: PreTrainedModel, path: HeadPath, forward, row: int,
                   logits: np.ndarray) -> tuple[LogitsByHand, PoolerComparison]:
    """Logits by hand and the pooler comparison for one row of a forward pass that captured
    the classifier's input."""
    cls_hidden = forward.hidden_states[row, -1, 0]
    head_input = None if forward.captured is None else forward.captured[row]
    return (logits_by_hand(model, path, cls_hidden, head_input, logits),
            compare_pooler(model, path, cls_hidden, head_input))


def _apply(model: PreTrainedModel, linear_name: str | None, activation: str, x: torch.Tensor) -> torch.Tensor:
    """activation(x · Wᵀ + b) from a Linear's weights, in float32 on the CPU."""
    if linear_name is not None:
        linear = _linear(model, linear_name)
        weight = linear.weight.detach().to("cpu", torch.float32)
        x = x @ weight.T
        if linear.bias is not None:
            x = x + linear.bias.detach().to("cpu", torch.float32)
    return activation_function(activation)(x)


def activation_function(name: str):
    """The function an activation name stands for, as the model's own modules apply it."""
    return _FUNCTIONS.get(name) or ACT2FN[name]


def _linear(model: PreTrainedModel, name: str | None) -> torch.nn.Linear:
    """The head's Linear layer called `name` (a drawn path names only Linear layers)."""
    linear = model.get_submodule(name or "")
    if not isinstance(linear, torch.nn.Linear):
        raise TypeError(f"{name} is not a Linear layer")
    return linear


def _activation_name(model: PreTrainedModel, activation: str) -> str:
    if activation.startswith("<"):
        return str(getattr(model.config, activation.strip("<>")))
    return activation


def find_module(model: PreTrainedModel, name: str) -> torch.nn.Module | None:
    try:
        return model.get_submodule(name)
    except AttributeError:
        return None
