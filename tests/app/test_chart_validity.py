"""Figures are built without plotly's validation (bert_explorer.figures._figure: three times faster), so a
misspelt property would reach the browser silently. Here every chart of every head page is validated."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from app_helpers import assert_no_exception, attention_switch, open_page

PAGES = ["sequence_classification", "token_classification", "question_answering", "multiple_choice",
         "next_sentence", "masked_lm", "pretraining"]


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_a_valid_plotly_figure(page, checkpoints):
    app = open_page(f"pages/{page}.py", checkpoint=str(checkpoints["bert-pretraining"]))
    assert_no_exception(app)
    charts = app.get("plotly_chart")
    assert charts
    for chart in charts:
        spec = json.loads(chart.proto.spec)
        go.Figure(spec)  # raises on any property plotly does not know
        assert_colour_stops(spec)
        assert_no_si_prefixes(spec)
    # The attention switch's two figures, as the browser fills them in.
    header, maps = attention_switch(app)
    for name, values in (("head_chart", maps[0, 0]), ("mean_chart", maps[0, -1])):
        chart = header[name]
        go.Figure({"data": [{**chart["trace"], "z": values}], "layout": chart["layout"]})
        assert_colour_stops({"data": [chart["trace"]]})


def assert_colour_stops(spec: dict) -> None:
    """Colour scales go as stops: plotly.js reads some of plotly.py's names as other scales ("Blues") or
    not at all ("RdBu_r")."""
    for trace in spec["data"]:
        for scale in (trace.get("colorscale"), trace.get("marker", {}).get("colorscale")):
            assert scale is None or isinstance(scale, list), scale


def assert_no_si_prefixes(spec: dict) -> None:
    """Every axis writes small numbers as 1e-4: plotly's default would write a probability as "100μ"."""
    axes = [name for name in spec["layout"] if name.startswith(("xaxis", "yaxis"))]
    assert {"xaxis", "yaxis"} <= set(axes)
    for name in axes:
        assert spec["layout"][name].get("exponentformat") == "e", (spec["layout"]["title"], name)


def test_a_log_probability_axis_writes_powers_of_ten_as_e():
    from bert_explorer import figures

    spec = figures.lines({"p": np.logspace(-8, 0, 9)}, "t", "rank", "probability", log_y=True).to_plotly_json()
    assert spec["layout"]["yaxis"]["type"] == "log" and spec["layout"]["yaxis"]["exponentformat"] == "e"


def test_named_colour_scales_become_plotly_pys_stops():
    from bert_explorer import figures

    spec = figures.heatmap(np.eye(2), ["a", "b"], ["a", "b"], "t", "x", "y", colorscale=figures.DIVERGING)
    assert spec.data[0].colorscale[0] == (0.0, "rgb(5,48,97)")  # RdBu reversed: dark blue first


def test_the_check_refuses_a_misspelt_property():
    with pytest.raises(ValueError, match="colour"):
        go.Figure({"data": [{"type": "bar", "y": [1], "marker": {"colour": "red"}}], "layout": {}})
