"""Plotly figure builders. They take arrays and names and draw them as given.

Names (tokens, labels, choices, a student's typed answer) come from users and models, and Plotly reads a
subset of HTML in every text it draws (`<b>`, `<a href>`, `<br>`): each name goes in through `label_text`,
so it shows as the characters it is.

Each figure is built from one dict, and without plotly's validation: it was a third of a page's
rerun, and every session of a class pays it. tests/app/test_chart_validity.py validates every
chart the pages draw instead.
"""

import functools
import html

import numpy as np
import plotly.colors
import plotly.graph_objects as go

# Okabe & Ito's colour-blind-safe palette: the highlighted bar against the others, and the order of
# the traces in charts with several series. tests/app/test_palette.py checks the contrasts
# under simulated protanopia, deuteranopia and tritanopia (the first three series stay apart).
HIGHLIGHT = "#D55E00"  # vermillion
BASE = "#0072B2"  # blue
COLORWAY = ["#0072B2", "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#D55E00", "#F0E442", "#000000"]
DIVERGING = "RdBu_r"  # ColorBrewer's colour-blind-safe diverging scale: blue below zero, red above


# Small numbers as 1e-4, never with SI prefixes: plotly's default writes a probability of 1e-4 as "100μ".
NUMBER_FORMAT = {"exponentformat": "e"}


def _layout(title: str, height: int = 340, **layout) -> dict:
    for name in ("xaxis", "yaxis"):
        layout[name] = {**NUMBER_FORMAT, **layout.get(name, {})}
    return {"title": {"text": title}, "height": height, "margin": {"t": 50, "b": 10}, "colorway": COLORWAY, **layout}


def _figure(traces: list[dict], title: str, height: int = 340, **layout) -> go.Figure:
    return go.Figure({"data": traces, "layout": _layout(title, height, **layout)}, _validate=False)


@functools.cache
def _colorscale(name: str) -> list:
    """A named scale as its colour stops. Unvalidated figures keep names as given, and plotly.js knows other
    scales by some of plotly.py's names ("Blues" is not ColorBrewer's there) and none reversed ("RdBu_r")."""
    return plotly.colors.get_colorscale(name)


def label_text(names) -> list[str]:
    """Names as Plotly shows them literally: &, < and > as character references."""
    return [html.escape(str(name), quote=False) for name in names]


def _axis(title: str, **settings) -> dict:
    return {"title": {"text": title}, **settings}


def bars(
    names: list[str],
    values: np.ndarray,
    title: str,
    value_title: str,
    highlight: int | None = None,
    text_format: str = ".4f",
    highlight_all: tuple[int, ...] = (),
    line: float | None = None,
    height: int = 340,
) -> go.Figure:
    """Bars, the `highlight` one (or all of `highlight_all`) in the highlight colour; `line` draws a
    dashed horizontal rule at that value (a threshold)."""
    lit = set(highlight_all) | ({highlight} if highlight is not None else set())
    trace = {
        "type": "bar",
        "x": label_text(names),
        "y": np.asarray(values, dtype=float),
        "marker": {"color": [HIGHLIGHT if i in lit else BASE for i in range(len(names))]},
        "text": [format(float(v), text_format) for v in values],
        "textposition": "outside",
    }
    rules = [] if line is None else [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": line, "y1": line,
                                      "line": {"dash": "dash", "color": "black"}}]
    return _figure([trace], title, height, yaxis=_axis(value_title), shapes=rules)


def guess_bars(names: list[str], probabilities: np.ndarray, guessed: int, title: str) -> go.Figure:
    """Probabilities, most probable first and highlighted, with the student's guess marked."""
    figure = bars(names, probabilities, title, "probability", highlight=0)
    figure.add_annotation(x=label_text(names)[guessed], y=float(probabilities[guessed]), text="your guess",
                          showarrow=True, arrowhead=2, ay=-36, yshift=18)  # above the bar's own value
    return figure


def signed_bars(names: list[str], values: np.ndarray, title: str, value_title: str,
                x_title: str = "token") -> go.Figure:
    """Bars coloured by sign: red pushes the value up, blue pulls it down."""
    values = np.asarray(values, dtype=float)
    trace = {"type": "bar", "x": label_text(names), "y": values,
             "marker": {"color": [HIGHLIGHT if v > 0 else BASE for v in values]},
             "text": [f"{v:+.4f}" for v in values], "textposition": "outside"}
    return _figure([trace], title, yaxis=_axis(value_title), xaxis=_axis(x_title, type="category", tickangle=-60))


def grouped_bars(names: list[str], series: dict[str, np.ndarray], title: str, value_title: str,
                 height: int = 340) -> go.Figure:
    traces = [{"type": "bar", "name": label, "x": label_text(names), "y": np.asarray(v, dtype=float)}
              for label, v in zip(label_text(series), series.values())]
    return _figure(traces, title, height, yaxis=_axis(value_title), barmode="group")


def heatmap(z: np.ndarray, *spec, **options) -> go.Figure:
    """The heatmap of `z`, drawn as heatmap_spec(*spec, **options) says."""
    z = np.asarray(z)
    # The model's float32 maps go as float32: half the bytes of float64 and no digit lost (a 512-token map is 1 MiB).
    trace, layout = heatmap_spec(*spec, **options)
    trace["z"] = z if z.dtype == np.float32 else z.astype(float)
    return go.Figure({"data": [trace], "layout": layout}, _validate=False)


def heatmap_spec(
    x: list[str],
    y: list[str],
    title: str,
    x_title: str,
    y_title: str,
    colorscale: str = "Blues",
    zmin: float | None = None,
    zmax: float | None = None,
    zmid: float | None = None,
) -> tuple[dict, dict]:
    """A heatmap's trace (without its z) and layout, as plain JSON; the attention switch fills z in the browser
    (components/attention_switch.py)."""
    x, y = label_text(x), label_text(y)
    trace = {"type": "heatmap", "x": x, "y": y, "colorscale": _colorscale(colorscale),
             "zmin": zmin, "zmax": zmax, "zmid": zmid}
    layout = _layout(
        title,
        height=max(320, min(900, 24 * len(y) + 120)),
        xaxis=_axis(x_title, type="category", tickangle=-60, automargin=True, **_sparse_ticks(x)),
        yaxis=_axis(y_title, type="category", autorange="reversed", automargin=True, **_sparse_ticks(y)),
    )
    return {k: v for k, v in trace.items() if v is not None}, layout


MAX_TICK_LABELS = 48
MAX_MARKED_POINTS = 100


def _sparse_ticks(labels: list[str]) -> dict:
    """Label every k-th category on long axes: hundreds of rotated labels cost the
    browser more than the heatmap itself, and overlap anyway. Hover still names every cell."""
    if len(labels) <= MAX_TICK_LABELS:
        return {}
    shown = list(labels)[:: -(-len(labels) // MAX_TICK_LABELS)]
    return {"tickmode": "array", "tickvals": shown, "ticktext": shown}


DASHES = ("solid", "dash", "dot", "dashdot")


def line_style(i: int) -> dict:
    """The i-th line's colour and dash: every colour once, then every colour again dashed, so up to 32 lines
    stay apart."""
    return {"color": COLORWAY[i % len(COLORWAY)], "dash": DASHES[i // len(COLORWAY) % len(DASHES)]}


def lines(series: dict[str, np.ndarray], title: str, x_title: str, y_title: str, log_y: bool = False,
          x=None, log_x: bool = False, height: int = 320) -> go.Figure:
    """One line per series; `x` names the points (markers too, when there are few), else they are 0, 1, …"""
    mode = "lines+markers" if x is not None and len(x) <= MAX_MARKED_POINTS else "lines"
    traces = [{"type": "scatter", "mode": mode, "name": name, "y": np.asarray(v, dtype=float), "line": line_style(i),
               **({} if x is None else {"x": x if isinstance(x, np.ndarray) else list(x)})}
              for i, (name, v) in enumerate(zip(label_text(series), series.values()))]
    return _figure(traces, title, height=height, xaxis=_axis(x_title, type="log" if log_x else "-"),
                   yaxis=_axis(y_title, type="log" if log_y else "linear"))


def index_names(names: list[str]) -> list[str]:
    """'k → name': the index is the id, always."""
    return [f"{k} → {name}" for k, name in enumerate(names)]


def unique_labels(tokens: list[str]) -> list[str]:
    """Axis labels that stay distinct when a token repeats ('the', 'the' -> '0 the', '5 the')."""
    return [f"{i} {token}" for i, token in enumerate(tokens)]


CELL_PX = 44  # a confusion-matrix row's height: the square markers must not overlap, or a click hits a neighbour


def confusion(matrix: np.ndarray, names: list[str], title: str) -> go.Figure:
    """A confusion matrix drawn as one square marker per cell, so a click selects a cell (Streamlit
    reports point clicks on scatter traces, not on heatmaps). Rows are gold, columns predicted."""
    count, names = len(names), label_text(names)
    gold, predicted = np.divmod(np.arange(count * count), count)
    values = np.asarray(matrix, dtype=float).ravel()
    trace = {"type": "scatter", "mode": "markers+text", "x": [names[k] for k in predicted],
             "y": [names[k] for k in gold], "text": [str(int(v)) for v in values],
             "marker": {"symbol": "square", "size": CELL_PX - 6, "color": values,
                        "colorscale": _colorscale("Blues"), "showscale": True,
                        "line": {"width": 1, "color": "#888888"}},
             "hovertemplate": "gold %{y}<br>predicted %{x}<br>%{text} examples<extra></extra>"}
    return _figure([trace], title, height=CELL_PX * count + 170,
                   xaxis=_axis("predicted", type="category", categoryorder="array", categoryarray=names),
                   yaxis=_axis("gold", type="category", categoryorder="array", categoryarray=names,
                               autorange="reversed"))


def reliability(curves: dict[str, tuple[np.ndarray, np.ndarray]], title: str) -> go.Figure:
    """Accuracy against mean confidence per bin, one series per curve, and the diagonal of perfect calibration."""
    traces = [{"type": "scatter", "mode": "lines", "name": "perfectly calibrated", "x": [0, 1], "y": [0, 1],
               "line": {"dash": "dot", "color": "#777777"}}]
    traces += [{"type": "scatter", "mode": "lines+markers", "name": name, "x": confidence, "y": accuracy}
               for name, (confidence, accuracy) in zip(label_text(curves), curves.values())]
    return _figure(traces, title, xaxis=_axis("mean confidence in the bin", range=[0, 1]),
                   yaxis=_axis("accuracy in the bin", range=[0, 1]))


SYMBOLS = ["circle", "x", "diamond", "square", "triangle-up", "cross", "star", "triangle-down", "pentagon",
           "hexagon"]


def projection(points: np.ndarray, gold: np.ndarray, predicted: np.ndarray, names: list[str], title: str,
               axis_titles: tuple[str, str]) -> go.Figure:
    """A 2-D scatter: the colour is the gold label, the marker's symbol the predicted one (a trace per pair that
    occurs, so the legend shows both)."""
    traces, names = [], label_text(names)
    for k, name in enumerate(names):
        for p, guess in enumerate(names):
            rows = np.flatnonzero((gold == k) & (predicted == p))
            if len(rows) == 0:
                continue
            traces.append({"type": "scatter", "mode": "markers", "name": f"gold {name}, predicted {guess}",
                           "x": points[rows, 0].astype(float), "y": points[rows, 1].astype(float),
                           "marker": {"size": 7, "opacity": 0.75, "color": COLORWAY[k % len(COLORWAY)],
                                      "symbol": SYMBOLS[p % len(SYMBOLS)]}})
    return _figure(traces, title, height=420, xaxis=_axis(axis_titles[0]), yaxis=_axis(axis_titles[1]),
                   legend={"orientation": "h", "y": -0.25})
