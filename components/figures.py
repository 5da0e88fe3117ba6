"""Plotly figure builders. They take arrays and names and draw them as given."""

import numpy as np
import plotly.graph_objects as go

HIGHLIGHT = "#d62728"
BASE = "#1f77b4"
MUTED = "#aec7e8"


def bars(
    names: list[str],
    values: np.ndarray,
    title: str,
    value_title: str,
    highlight: int | None = None,
    text_format: str = ".4f",
) -> go.Figure:
    colours = [HIGHLIGHT if i == highlight else BASE for i in range(len(names))]
    figure = go.Figure(
        go.Bar(
            x=names,
            y=np.asarray(values, dtype=float),
            marker_color=colours,
            text=[format(float(v), text_format) for v in values],
            textposition="outside",
        )
    )
    figure.update_layout(title=title, yaxis_title=value_title, margin=dict(t=50, b=10), height=340)
    return figure


def grouped_bars(names: list[str], series: dict[str, np.ndarray], title: str, value_title: str) -> go.Figure:
    figure = go.Figure([go.Bar(name=label, x=names, y=np.asarray(v, dtype=float)) for label, v in series.items()])
    figure.update_layout(title=title, yaxis_title=value_title, barmode="group", margin=dict(t=50, b=10), height=340)
    return figure


def heatmap(
    z: np.ndarray,
    x: list[str],
    y: list[str],
    title: str,
    x_title: str,
    y_title: str,
    colorscale: str = "Blues",
    zmin: float | None = None,
    zmax: float | None = None,
    zmid: float | None = None,
) -> go.Figure:
    figure = go.Figure(
        go.Heatmap(z=np.asarray(z, dtype=float), x=x, y=y, colorscale=colorscale, zmin=zmin, zmax=zmax, zmid=zmid)
    )
    size = max(320, min(900, 24 * len(y) + 120))
    figure.update_layout(title=title, height=size, margin=dict(t=50, b=10))
    figure.update_xaxes(title=x_title, type="category", tickangle=-60)
    figure.update_yaxes(title=y_title, type="category", autorange="reversed")
    return figure


def lines(series: dict[str, np.ndarray], title: str, x_title: str, y_title: str) -> go.Figure:
    figure = go.Figure(
        [go.Scatter(y=np.asarray(v, dtype=float), mode="lines", name=name) for name, v in series.items()]
    )
    figure.update_layout(title=title, xaxis_title=x_title, yaxis_title=y_title, height=320, margin=dict(t=50, b=10))
    return figure


def unique_labels(tokens: list[str]) -> list[str]:
    """Axis labels that stay distinct when a token repeats ('the', 'the' -> '0 the', '5 the')."""
    return [f"{i} {token}" for i, token in enumerate(tokens)]
