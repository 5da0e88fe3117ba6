"""Figures are built without plotly's validation (components.figures._figure: three times faster), so a
misspelt property would reach the browser silently. Here every chart of every head page is validated."""

import json

import plotly.graph_objects as go
import pytest
from app_helpers import assert_no_exception, open_page

PAGES = ["sequence_classification", "token_classification", "question_answering", "multiple_choice",
         "next_sentence", "masked_lm", "pretraining"]


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_a_valid_plotly_figure(page, checkpoints):
    app = open_page(f"pages/{page}.py", checkpoint=str(checkpoints["bert-pretraining"]))
    assert_no_exception(app)
    charts = app.get("plotly_chart")
    assert charts
    for chart in charts:
        go.Figure(json.loads(chart.proto.spec))  # raises on any property plotly does not know


def test_the_check_refuses_a_misspelt_property():
    with pytest.raises(ValueError, match="colour"):
        go.Figure({"data": [{"type": "bar", "y": [1], "marker": {"colour": "red"}}], "layout": {}})
