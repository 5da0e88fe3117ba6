"""The Evaluate page: a dataset through a sequence-classification head, its metrics and calibration."""

from urllib.parse import urlencode

import numpy as np
import pandas as pd
import streamlit as st

from bert_explorer import checkpoints, figures, heads
from bert_explorer.evaluation.calibration import BINS
from bert_explorer.evaluation.datasets import BUILT_IN, built_in, digest
from bert_explorer.evaluation.geometry import SATURATED, drawn_rows
from bert_explorer.evaluation.labels import align
from bert_explorer.evaluation.run import Evaluation, evaluate
from bert_explorer.loading import LoadedModel
from bert_explorer.training.data import LabelledTexts, read_upload
from components.sections import mistakes_view
from components.services import runs

UPLOAD = "Upload a CSV or JSONL file"
BY_NAME = "(by name)"


@st.cache_data(show_spinner="Reading the dataset…", max_entries=4)
def _built_in(name: str) -> LabelledTexts:
    return built_in(name)


def choose_data(key: str) -> LabelledTexts | None:
    source = st.selectbox("Dataset", [*BUILT_IN, UPLOAD], key=f"{key}_data", bind="query-params")
    if source != UPLOAD:
        st.caption(f"Held out from the training of `{BUILT_IN[source][1]}`: the zoo model never saw these rows.")
        return _built_in(source)
    upload = st.file_uploader("CSV or JSONL with columns text, label (and optionally text_pair)",
                              type=["csv", "jsonl", "json"], key=f"{key}_upload")
    if upload is None:
        return None
    return runs.checked(read_upload, upload.getvalue(), upload.name, for_training=False)


def map_labels(data: LabelledTexts, loaded: LoadedModel, key: str) -> dict[str, str]:
    """The user's label mapping: the dataset's names onto the model's id2label (by name unless chosen)."""
    chosen = {}
    with st.expander(f"Labels: {len(data.label_names)} in the data, {len(loaded.label_names)} in the model"):
        for name in data.label_names:
            pick = st.selectbox(f"Data label “{name}” is the model's", [BY_NAME, *loaded.label_names],
                                key=f"{key}_map_{name}")
            if pick != BY_NAME:
                chosen[name] = pick
    return chosen


def evaluation_for(loaded: LoadedModel, data: LabelledTexts, chosen: dict[str, str], key: str) -> Evaluation | None:
    """The kept evaluation for this model, data and mapping; or run it when the user asks."""
    if runs.checked(align, data.label_names, loaded.label_names, chosen) is None:
        return None
    return kept_or_run(loaded, (digest(data), tuple(sorted(chosen.items()))), len(data), key,
                       evaluate, loaded, data, chosen)


def kept_or_run(loaded: LoadedModel, data_key: tuple, count: int, key: str, function, *args):
    """An evaluation of this model on this data, kept for every session (the same model on the same data gives
    the same numbers): shown at once; else run with a progress bar when the user presses Evaluate, and kept."""
    asked = runs.request(loaded, "evaluation", *data_key)
    kept = runs.shared_if_kept(asked)
    if kept is not None:
        return kept
    st.caption(f"{count:,} examples; any click on the page while it runs stops it.")
    if not st.button("Evaluate", type="primary", key=f"{key}_run"):
        return None
    result = runs.with_progress(function, *args, label="Evaluating")
    if result is not None:
        runs.share(asked, result)
    return result


def show_metrics(result: Evaluation) -> None:
    metrics = result.metrics
    for note in result.notes:
        st.caption(note)
    a, b, c, d = st.columns(4)
    a.metric("Accuracy", f"{metrics.accuracy:.4f}")
    b.metric("Macro F1", f"{metrics.macro[2]:.4f}")
    c.metric("Micro F1", f"{metrics.micro[2]:.4f}")
    d.metric("Examples", f"{len(result.gold):,}")
    st.dataframe(pd.DataFrame({
        "label": result.label_names, "precision": metrics.precision, "recall": metrics.recall, "f1": metrics.f1,
        "support": metrics.support,
    }), hide_index=True)
    st.caption("Per-class precision, recall and F1 and their macro (unweighted mean over labels) and micro (over "
               "examples) averages, by scikit-learn; a label never predicted has precision 0.")


def show_confusion(result: Evaluation, checkpoint: str, key: str) -> None:
    st.subheader("Confusion matrix")
    names = result.label_names
    st.plotly_chart(figures.confusion(result.metrics.confusion, names, "Gold (rows) × predicted (columns)"),
                    key=f"{key}_confusion", on_select=lambda: _cell_clicked(key, names), selection_mode="points")
    st.caption("Click a cell, or pick it below, to list its examples.")
    left, right = st.columns(2)
    gold = left.selectbox("Gold", range(len(names)), format_func=names.__getitem__, key=f"{key}_cell_gold")
    predicted = right.selectbox("Predicted", range(len(names)), format_func=names.__getitem__,
                                key=f"{key}_cell_predicted")
    rows = result.cell(gold, predicted)
    st.caption(f"{len(rows):,} example(s), highest loss first.")
    _examples(result, rows[:50], checkpoint)


def _cell_clicked(key: str, names: list[str]) -> None:
    """A clicked cell becomes the picked one: its axes name the gold (y) and predicted (x) labels."""
    points = st.session_state[f"{key}_confusion"].selection.points
    if points and points[0].get("y") in names and points[0].get("x") in names:
        st.session_state[f"{key}_cell_gold"] = names.index(points[0]["y"])
        st.session_state[f"{key}_cell_predicted"] = names.index(points[0]["x"])


def show_losses(result: Evaluation, checkpoint: str, key: str) -> None:
    st.subheader("Loss per example")
    counts, centres = result.loss_histogram()
    st.plotly_chart(figures.bars([f"{c:.2f}" for c in centres], counts, "Cross-entropy of the gold label, per example",
                                 "examples", text_format=".0f"), key=f"{key}_loss_histogram")
    st.markdown("**The hardest examples** (highest loss): each opens on the sequence-classification page.")
    _examples(result, result.hardest(10), checkpoint)


def _examples(result: Evaluation, rows: np.ndarray, checkpoint: str) -> None:
    """A table of examples, each with a link that opens it on the sequence-classification page."""
    names = result.label_names
    probabilities = result.before.probabilities
    linked_table({
        "text": [result.texts[i] for i in rows],
        "gold": [names[result.gold[i]] for i in rows],
        "predicted": [names[result.predicted[i]] for i in rows],
        "p(gold)": [probabilities[i, result.gold[i]] for i in rows],
        "loss": result.losses[rows],
    }, [page_link("sequence_classification", checkpoint, text=result.texts[i],
                  **({"pair": result.pairs[i]} if result.pairs is not None and result.pairs[i] else {}))
        for i in rows])


def linked_table(columns: dict, links: list[str]) -> None:
    """A table whose last column opens each row on its page."""
    st.dataframe(pd.DataFrame({**columns, "open": links}), hide_index=True,
                 column_config={"open": st.column_config.LinkColumn("open", display_text="open")})


def page_link(head: str, checkpoint: str, **inputs: str) -> str:
    """The address of a head's page with this checkpoint and these inputs (by the head's input names) filled in."""
    named = {heads.get(head).param(name): value for name, value in inputs.items()}
    return f"/{head}?{urlencode({'checkpoint': checkpoints.display_name(checkpoint), **named})}"


def show_calibration(result: Evaluation, key: str) -> None:
    st.subheader("Calibration")
    before, after = result.before, result.after
    st.plotly_chart(figures.reliability({
        "T = 1 (as trained)": (before.reliability.confidence, before.reliability.accuracy),
        f"T = {after.temperature:.3f} (fitted)": (after.reliability.confidence, after.reliability.accuracy),
    }, "Reliability diagram"), key=f"{key}_reliability")
    st.dataframe(pd.DataFrame({
        "": ["as trained (T = 1)", f"temperature-scaled (T = {after.temperature:.4f})"],
        "ECE": [before.reliability.ece, after.reliability.ece], "NLL": [before.nll, after.nll],
        "Brier": [before.brier, after.brier], "accuracy": [before.accuracy, after.accuracy],
    }), hide_index=True)
    st.caption(
        f"ECE: the top probability is put in {BINS} equal-width bins over [0, 1]; "
        "ECE = Σ_b (n_b / N)·|accuracy_b − confidence_b|. NLL: the mean cross-entropy of the gold. "
        "Brier: the mean of Σ_k (p_k − 1[k = gold])². "
        "The temperature T divides every logit before the softmax; it is fitted on this same set by minimising "
        "the NLL (L-BFGS on log T), so the after-numbers are optimistic for new data. Dividing by T > 0 never "
        "changes the argmax, so accuracy stays the same.")


def show_geometry(result: Evaluation, key: str) -> None:
    st.subheader("Geometry of [CLS] and the head's input")
    shape = result.geometry
    if shape is None:
        st.info("At least 3 examples are needed to project anything.")
        return
    rows = drawn_rows(len(result.gold))
    left, right = st.columns(2)
    for column, projection, what in ((left, shape.cls, "[CLS] last hidden state"),
                                     (right, shape.head_input, shape.head_input_name)):
        if projection is None:
            column.info(f"The classifier's input is {what}, so only [CLS] is projected.")
            continue
        axes = tuple(f"PC{i + 1} ({projection.explained[i]:.1%} of the variance)" for i in range(2))
        column.plotly_chart(
            figures.projection(projection.points[rows], result.gold[rows], result.predicted[rows], result.label_names,
                               f"PCA of the {what}", axes),
            key=f"{key}_projection_{what}")
    st.caption(
        "Colour: the gold label. Marker: the predicted label. "
        + (f"{len(rows):,} of {len(result.gold):,} examples drawn (a fixed random sample); the projection is "
           "fitted on all of them. " if len(rows) < len(result.gold) else "")
        + "PCA keeps the two directions along which these vectors vary most, and the axis titles say how much of "
        "the variance that is. Classes apart here are apart in the full space too; classes that overlap here may "
        "still be separable along a direction PCA dropped, and the classifier is a linear map of the full vector, "
        "not of these two axes. Distances and cluster sizes in 2-D are not those of the full space.")
    if shape.values is not None:
        values = shape.values
        st.plotly_chart(figures.bars([f"{c:.2f}" for c in values.centres], values.counts,
                                     f"Every coordinate of the {shape.head_input_name}, all examples", "count",
                                     text_format=".0f"), key=f"{key}_pooler_values")
        if values.saturated is not None:
            st.caption(f"{values.saturated:.1%} of the values have |v| ≥ {SATURATED}: there tanh is saturated, its "
                       f"slope 1 − v² is below {1 - SATURATED ** 2:.2f}, so training barely moves them.")


def labels(loaded: LoadedModel, key: str) -> None:
    """A labelled dataset through a sequence classifier: metrics, confusion, losses, calibration, geometry and the
    common mistakes."""
    data = choose_data(key)
    if data is None:
        return
    chosen = map_labels(data, loaded, key)
    result = evaluation_for(loaded, data, chosen, key)
    if result is None:
        return
    show_metrics(result)
    show_confusion(result, loaded.checkpoint, key)
    show_losses(result, loaded.checkpoint, key)
    show_calibration(result, key)
    show_geometry(result, key)
    mistakes_view.for_dataset(result.logits, result.gold, result.label_names, key)
