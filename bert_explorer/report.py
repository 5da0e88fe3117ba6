"""`bert-explorer report`: a head's result for one input, as the strict JSON a page's "All numbers (JSON)"
download holds, for scripts and CI (diff two checkpoints' logits in a pipeline)."""

from dataclasses import dataclass

import numpy as np

from . import checkpoints, heads
from .errors import InputError
from .export import to_json
from .loading import load_model
from .tasks import task_for


@dataclass(frozen=True)
class Report:
    head: str
    result: object
    gold_loss: tuple[str, float] | None  # (the gold label, its loss) when one was named

    def to_json(self) -> str:
        return to_json(self.result)


def report(checkpoint: str, inputs: dict[str, object], head: str | None = None, gold: str | None = None,
           device: str = "cpu", dtype: str = "float32") -> Report:
    """Run `checkpoint` on `inputs` (the head's input names: text, pair, question, …) through its page's task.
    The head is the checkpoint's own (from its config) unless given."""
    head = head or checkpoints.head_of(checkpoint)
    expected = heads.get(head).inputs
    unknown = sorted(set(inputs) - set(expected))
    if unknown:
        raise InputError(f"The {heads.get(head).title} head reads {', '.join(expected)}; not {', '.join(unknown)}.")
    loaded = load_model(checkpoint, head, device, dtype)
    task = task_for(head)
    result = task(loaded, *[inputs.get(name) for name in expected])
    names = list(task.distributions(loaded, result)[0].outcomes) if gold is not None else []
    return Report(head, result, _gold_loss(result, names, gold) if gold is not None else None)


def _gold_loss(result, names: list[str], gold: str) -> tuple[str, float]:
    """The loss the page shows for a gold outcome, named as the page names it (a label, NSP's answer, a choice)
    or by its index."""
    losses = getattr(result, "loss_per_gold", None)
    if losses is None or not names:
        raise InputError("This head's result has no loss per gold label to pick from.")
    if gold not in names and not (gold.isdigit() and int(gold) < len(names)):
        raise InputError(f"No label {gold!r}; the labels are {', '.join(names)}.")
    index = names.index(gold) if gold in names else int(gold)
    return names[index], float(np.asarray(losses)[index])
