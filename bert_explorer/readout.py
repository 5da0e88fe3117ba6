"""The head a model really uses, applied to any layer's hidden states (for the logit lens).

The modules are the model's own, called as its forward calls them, so the last layer's reading
reproduces the model's output (to float rounding: every layer goes through in one batch). Only
the rows and positions the target reads are sent through, which keeps a vocabulary-sized head cheap.
"""

import torch
from transformers import PreTrainedModel

from .head_path import activation_function, find_module, path_of
from .targets import CHOICE, SEQUENCE, SPAN, TOKEN, VOCABULARY, Target

# model_type -> the modules, in order, from a sequence output to the masked-LM logits.
_VOCABULARY_HEADS = {
    "bert": ("cls.predictions",),
    "mobilebert": ("cls.predictions",),
    "deberta-v2": ("cls.predictions",),
    "albert": ("predictions",),
    "roberta": ("lm_head",),
    "xlm-roberta": ("lm_head",),
    "camembert": ("lm_head",),
    "mpnet": ("lm_head",),
    "distilbert": ("vocab_transform", "activation", "vocab_layer_norm", "vocab_projector"),
    "electra": ("generator_predictions", "generator_lm_head"),
    "convbert": ("generator_predictions", "generator_lm_head"),
}


def why_not(model: PreTrainedModel, target: Target) -> str | None:
    """Why this model's head cannot be applied to earlier layers here; None when it can."""
    if target.part in (SEQUENCE, CHOICE):
        path = path_of(model)
        return None if path.drawn else path.reason
    if target.part == VOCABULARY:
        if _modules(model, _VOCABULARY_HEADS.get(model.config.model_type, ())) is None:
            return (f"The masked-LM head of {type(model).__name__} ({model.config.model_type}) is not mapped here, "
                    "so earlier layers are not read through it.")
        return None
    name = "qa_outputs" if target.part == SPAN else "classifier"
    if not isinstance(find_module(model, name), torch.nn.Linear):
        return f"{type(model).__name__} has no Linear '{name}' to read earlier layers with."
    return None


def read(model: PreTrainedModel, target: Target, hidden: tuple[torch.Tensor, ...]) -> torch.Tensor:
    """[layers, K]: the target's distribution (labels, choices, positions or vocabulary logits) as the
    head computes it from each layer's hidden states ([rows, T, H] each), all layers in one call."""
    if target.part in (SEQUENCE, CHOICE):
        path = path_of(model)
        first = torch.stack([layer[:, 0] for layer in hidden])  # [layers, rows, H]
        if path.dense is not None:
            first = model.get_submodule(path.dense)(first)
        first = activation_function(path.activation)(first)
        logits = model.get_submodule(path.classifier or "")(first)  # [layers, rows, K]
        return logits[:, :, 0] if target.part == CHOICE else logits[:, target.row]
    if target.part == TOKEN:
        return model.get_submodule("classifier")(torch.stack([layer[target.row, target.position] for layer in hidden]))
    if target.part == SPAN:
        start, end = model.get_submodule("qa_outputs")(torch.stack([layer[target.row] for layer in hidden])).unbind(-1)
        return start if target.output == "start_logits" else end
    position = target.position or 0  # a vocabulary target always names its position
    value = torch.stack([layer[target.row, position:position + 1] for layer in hidden])
    for module in _modules(model, _VOCABULARY_HEADS[model.config.model_type]) or []:
        value = module(value)
    return value[:, 0]


def _modules(model: PreTrainedModel, names: tuple[str, ...]) -> list[torch.nn.Module] | None:
    modules = [module for name in names if (module := find_module(model, name)) is not None]
    return modules if modules and len(modules) == len(names) else None
