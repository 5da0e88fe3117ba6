"""Training views: the data's label mapping, the optimiser plan, live progress, the outcome."""

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from bert_explorer import figures
from bert_explorer.loading import LoadedModel
from bert_explorer.training.data import LabelledTexts
from bert_explorer.training.limits import TrainingLimits
from bert_explorer.training.masking import MaskingDraw
from bert_explorer.training.optim import LOSS_DRIVEN, ParameterGroup
from bert_explorer.training.train import Step, TrainingRun, TrainOptions
from components.services import runs, trained_models


def label_mapping(data: LabelledTexts) -> None:
    st.markdown("**Labels → ids** (saved as `id2label` / `label2id`; ids follow the sorted label names, "
                "never the order of the rows)")
    st.dataframe(pd.DataFrame({"id": range(len(data.label_names)), "label": data.label_names,
                               "rows": data.label_counts()}), hide_index=True)


def may_train(limits: TrainingLimits | None, options: TrainOptions, train: LabelledTexts, held: LabelledTexts,
              base: LoadedModel, count: int = 1) -> bool:
    """Whether `count` runs fit this server's bounds (the public limits when given, the room for trained
    checkpoints); when not, the page says why."""
    return ((limits is None or runs.passes(limits.check, options, len(train), len(held), count))
            and runs.passes(trained_models.check_room, base, count))


def optimiser_plan(groups: list[ParameterGroup], steps: Sequence[int], curves: dict[str, tuple[float, ...]],
                   chosen: str, key: str) -> None:
    st.subheader("AdamW parameter groups")
    st.dataframe(pd.DataFrame([
        {"weight decay": g.weight_decay, "tensors": len(g.names), "values": g.count,
         "examples": ", ".join(g.names[:4]) + (" …" if len(g.names) > 4 else "")} for g in groups
    ]), hide_index=True)
    st.caption("Biases and LayerNorm weights get no weight decay: shrinking them toward zero does not "
               "regularise anything useful.")
    st.subheader("Learning rate over the planned steps")
    drawn = dict(curves)
    series = ({chosen: drawn.pop(chosen)} if chosen in drawn else {}) | drawn
    title = (f"{chosen} (first) and every other schedule" if chosen in series
             else "Every schedule that follows the step count")
    st.plotly_chart(figures.lines(series, title, "step", "learning rate", x=steps), key=f"{key}_schedules")
    st.caption(f"Not drawn: {' and '.join(LOSS_DRIVEN)} change the rate when the loss stops improving, so they "
               "have no curve before training" + (f" ({chosen} is the one chosen)." if chosen in LOSS_DRIVEN else "."))


class LiveProgress:
    """A progress bar and a loss chart that follow the training loop."""

    def __init__(self, total_steps: int, device: str, runs: int = 1):
        self.total = total_steps * runs  # a run's steps, times the runs drawn one after the other
        self.device = device
        self.every = max(25, total_steps // 30)  # redrawing costs more than a frozen-encoder step
        self.bar = st.progress(0.0, text="Starting…")
        self.chart = st.empty()
        self.losses: list[float] = []

    def __call__(self, step: Step) -> None:
        self.losses.append(step.loss)
        done = len(self.losses)
        if done % self.every == 0 or done == self.total:
            self.bar.progress(min(1.0, done / self.total),
                              text=f"step {done}/{self.total} · epoch {step.epoch} · loss {step.loss:.4f} · "
                                   f"lr {step.learning_rate:.2e} · {step.examples_per_second:,.0f} examples/s · "
                                   f"on {self.device}")
            self.chart.plotly_chart(figures.lines({"training loss": self.losses}, "Training loss",
                                                  "step", "loss"), key=f"live_{done}")


def outcome(run: TrainingRun, key: str) -> None:
    a, b, c = st.columns(3)
    a.metric("Held-out accuracy", f"{run.accuracy:.4f}")
    b.metric("Steps", f"{len(run.steps)}")
    speed = run.median_examples_per_second
    c.metric("Examples/s (median)", "–" if speed is None else f"{speed:,.0f}")
    left, right = st.columns(2)
    left.plotly_chart(figures.lines({"training loss": [s.loss for s in run.steps]}, "Training loss per step",
                                    "step", "loss"), key=f"{key}_loss")
    right.plotly_chart(figures.lines({"held-out loss": run.held_out_loss}, "Held-out loss per epoch",
                                     "epoch", "loss"), key=f"{key}_held_out")
    left.plotly_chart(figures.lines({"learning rate": [s.learning_rate for s in run.steps]},
                                    "Learning rate per step", "step", "learning rate"), key=f"{key}_rates")
    names = figures.index_names(run.label_names)
    right.plotly_chart(figures.heatmap(run.confusion, names, names, "Confusion matrix (held-out)", "predicted",
                                       "gold"), key=f"{key}_confusion")


def masking(draw: MaskingDraw) -> None:
    st.dataframe(pd.DataFrame({"token": draw.tokens, "model reads": draw.masked_tokens, "selected": draw.selected,
                               "what happened": draw.roles, "labels": draw.labels}).astype(str).T, width="stretch")
    st.caption(f"{int(draw.selected.sum())} of {len(draw.tokens)} tokens selected (15% of the non-special ones on "
               "average); labels hold the original id there and −100 everywhere else.")


def label_order(runs: dict[str, TrainingRun], key: str) -> None:
    st.plotly_chart(figures.lines({name: [s.loss for s in run.steps] for name, run in runs.items()},
                                  "Training loss: sorted data against shuffled data", "step", "loss"),
                    key=f"{key}_order_losses")
    st.dataframe(pd.DataFrame([
        {"run": name, "id2label": str(run.model.config.id2label), "held-out accuracy": run.accuracy}
        for name, run in runs.items()
    ]), hide_index=True)
    st.caption("Both models map logit index k to the same label: ids come from the sorted label names. The order "
               "of the rows only changes the path the loss takes (sorted data swings it from one label to the other).")
