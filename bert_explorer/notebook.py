"""The app's views in Jupyter, on a model already in memory or on any checkpoint:

    from bert_explorer.notebook import explore
    explore("zoo/sentiment-tweets", "The film was a delight.")          # a hub id, a folder or a zoo name
    explore(model, "The film was a delight.", tokenizer=tokenizer)      # your own transformers model

The cell shows the page's story (the prediction in words; logits, the activation, the loss for every gold; the
pooler against h_[CLS]; attention with a layer and head picker) with the app's own figures (bert_explorer.figures),
and returns an `Exploration`: `.result` is the plain result, `.to_json()` the page's JSON download, `.why(...)`
the "Why this logit?" section.

A model given in memory is used where it is, on its own device and dtype: it is never copied or moved. While a
call runs it is in eval mode with eager attention (the attention maps need it); both are set back after, and the
hooks the call adds are removed.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from . import checkpoints, figures, heads
from .export import to_json
from .literal import markdown_literal
from .loading import LoadedModel, LoadReport, SharedTokenizer, load_model, max_length_of
from .pipeline import HeadResult, Task
from .tasks import task_for
from .why.attribution import INTEGRATED_GRADIENTS
from .why.explain import Explanation, explain

MAX_ATTENTION_MAPS = 48  # the picker's entries: every layer × head of a small model, the last layers of a large one


def explore(model_or_checkpoint, *inputs, tokenizer=None, head: str | None = None, device: str = "cpu",
            dtype: str = "float32", **named_inputs) -> "Exploration":
    """Run a head on one input and show it as its page would. `inputs` follow the head's input names (text and
    pair; question and context; prompt and choices; sentence a and b), positionally or by name. The head is read
    from the model's class (or the checkpoint's config) unless given."""
    if isinstance(model_or_checkpoint, str):
        head = head or checkpoints.head_of(model_or_checkpoint)
        loaded = load_model(model_or_checkpoint, head, device, dtype)
    else:
        if tokenizer is None:
            raise ValueError("A model in memory needs its tokenizer: explore(model, text, tokenizer=tokenizer).")
        head = head or head_of_class(type(model_or_checkpoint).__name__)
        loaded = in_memory(model_or_checkpoint, tokenizer, head)
    names = heads.get(head).inputs
    unknown = sorted(set(named_inputs) - set(names))
    if unknown or len(inputs) > len(names):
        raise ValueError(f"The {heads.get(head).title} head reads {', '.join(names)}.")
    values = [*inputs, *[named_inputs.get(name) for name in names[len(inputs):]]]
    task = task_for(head)
    with prepared_for_a_call(loaded):
        result = task(loaded, *values)
    return Exploration(loaded, task, tuple(values), result)


def head_of_class(class_name: str) -> str:
    """The head a transformers class implements (BertForSequenceClassification: sequence_classification)."""
    head = heads.for_class(class_name)
    if head is None:
        raise ValueError(f"No page explains a {class_name}; pass head= one of {', '.join(heads.HEADS)}.")
    return head


def in_memory(model, tokenizer, head: str) -> LoadedModel:
    """A model and tokenizer the caller holds, as the app's loaded models look: nothing copied, nothing moved."""
    parameter = next(model.parameters())
    names = tuple(sorted(model.state_dict()))
    return LoadedModel(
        checkpoint=f"{type(model).__name__} in memory", head=head, model=model,
        device=parameter.device.type, dtype=str(parameter.dtype).removeprefix("torch."),
        report=LoadReport(loaded=names, missing=(), unexpected=(), mismatched=(), weights_format="in memory"),
        parameter_count=sum(p.numel() for p in model.parameters()), load_seconds=0.0,
        max_length=max_length_of(model, tokenizer), shared_tokenizer=SharedTokenizer(tokenizer),
    )


@contextmanager
def prepared_for_a_call(loaded: LoadedModel):
    """Eval mode and eager attention for the call; the model's own settings back afterwards."""
    model = loaded.model
    training, attention = model.training, getattr(model.config, "_attn_implementation", None)
    if attention not in (None, "eager"):
        model.set_attn_implementation("eager")
    model.eval()
    try:
        yield
    finally:
        model.train(training)
        if attention not in (None, "eager"):
            model.set_attn_implementation(attention)


@dataclass
class Exploration:
    loaded: LoadedModel
    task: Task
    inputs: tuple
    result: HeadResult

    def to_json(self) -> str:
        """The page's "All numbers (JSON)" download: strict JSON, no NaN."""
        return to_json(self.result)

    def summary(self) -> str:
        """The prediction in words, as the page's first line says it."""
        first = self.task.distributions(self.loaded, self.result)[0]
        k = int(np.argmax(first.logits))
        chance = f" with probability {first.probabilities[k]:.4f}" if first.activation != "identity" else ""
        return (f"{self.loaded.checkpoint} · {heads.get(self.loaded.head).title}: {first.key} → "
                f"{first.outcomes[k]}{chance} (logit {first.logits[k]:.4f})")

    def figures(self) -> list[go.Figure]:
        """The story's figures, in the page's order."""
        drawn = []
        result = self.result
        losses = getattr(result, "loss_per_gold", None)
        if losses is not None:  # a scoring head: logits → activation → loss for every gold, as on its page
            scores = self.task.distributions(self.loaded, result)[0]
            names = figures.index_names(list(scores.outcomes))
            top = int(np.argmax(scores.logits))
            drawn += [figures.bars(names, scores.logits, "Logits (index → name)", "logit", highlight=top),
                      figures.bars(names, scores.probabilities, f"{scores.activation}(logits)", "probability",
                                   highlight=top),
                      loss_figure(names, np.asarray(losses), top)]
        else:
            for distribution in self.task.distributions(self.loaded, result)[:3]:
                order = np.argsort(-distribution.probabilities)[:10]
                drawn.append(figures.bars([distribution.outcomes[k] for k in order],
                                          distribution.probabilities[order], f"Top 10: {distribution.key}",
                                          "probability", highlight=0))
        pooler = getattr(result, "pooler", None)
        if pooler is not None and pooler.drawn and pooler.pooler_output is not None:
            drawn.append(figures.lines({"h_CLS (last layer)": pooler.cls_hidden, "pooler output": pooler.pooler_output,
                                        f"{pooler.activation}(W·h_CLS + b), by hand": pooler.recomputed},
                                       "Pooler output against h_[CLS]", "dimension", "value"))
        drawn.append(attention_picker(result))
        return drawn

    def why(self, target: tuple[int, ...] | None = None, method: str | None = INTEGRATED_GRADIENTS,
            **options) -> "Why":
        """The page's "Why this logit?": `target` picks along the result's axes (default: the predicted one),
        `method` is an attribution method (None: the logit lens alone); `options` are explain's (baseline, steps,
        rule, edit)."""
        chosen = self.task.targets(self.loaded, self.result).target(target)
        with prepared_for_a_call(self.loaded):
            explanation = explain(self.loaded, self.task, self.inputs, chosen, method, **options)
        return Why(explanation)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display({"text/plain": self.summary(), "text/markdown": markdown_literal(self.summary(), limit=2000)}, raw=True)
        for figure in self.figures():
            display(figure)


@dataclass
class Why:
    explanation: Explanation

    def figures(self) -> list[go.Figure]:
        explanation = self.explanation
        drawn = []
        if explanation.per_token is not None:
            drawn.append(figures.signed_bars(figures.unique_labels(explanation.tokens), explanation.per_token,
                                             f"Attribution to {explanation.target.label}", "attribution"))
        if explanation.lens is not None:
            drawn.append(figures.lines({explanation.target.label: explanation.lens.logits},
                                       "Logit lens: the target's logit read at every layer", "layer", "logit",
                                       x=explanation.lens.layers))
        return drawn

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for figure in self.figures():
            display(figure)


def loss_figure(names: list[str], losses: np.ndarray, top: int) -> go.Figure:
    """The loss if each outcome were gold: cross-entropy per outcome, or (multi-label) BCE per label for a gold of
    0 and of 1."""
    if losses.ndim == 2:
        return figures.grouped_bars(names, {"gold 0": losses[:, 0], "gold 1": losses[:, 1]},
                                    "Binary cross-entropy per label, if its gold were 0 or 1", "loss")
    return figures.bars(names, losses, "Cross-entropy if gold = k", "loss", highlight=top)


def attention_picker(result: HeadResult) -> go.Figure:
    """The first row's attention, one map per layer and head, picked from a menu in the figure (no server)."""
    attention = result.attention
    tokens = figures.label_text(figures.unique_labels(list(result.encoding.tokens)))
    pairs = [(layer, head) for layer in range(attention.num_layers) for head in range(attention.num_heads)]
    pairs = pairs[-MAX_ATTENTION_MAPS:]
    traces = [{"type": "heatmap", "z": attention.weights[layer][head], "x": tokens, "y": tokens, "zmin": 0,
               "zmax": 1, "colorscale": "Viridis", "visible": k == len(pairs) - 1, "name": f"{layer + 1}.{head + 1}"}
              for k, (layer, head) in enumerate(pairs)]
    buttons = [{"label": f"layer {layer + 1}, head {head + 1}", "method": "update",
                "args": [{"visible": [j == k for j in range(len(pairs))]},
                         {"title.text": f"Layer {layer + 1}, head {head + 1}"}]}
               for k, (layer, head) in enumerate(pairs)]
    layer, head = pairs[-1]
    figure = go.Figure(data=traces)
    figure.update_layout(title={"text": f"Layer {layer + 1}, head {head + 1}"}, height=460,
                         yaxis={"autorange": "reversed", "title": {"text": "token (query)"}},
                         xaxis={"title": {"text": "attends to (key)"}},
                         updatemenus=[{"buttons": buttons, "x": 1.0, "y": 1.15, "xanchor": "right"}])
    return figure
