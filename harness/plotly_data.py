"""Read the numbers out of a Plotly figure as Streamlit sends it."""

import base64
import json

import numpy as np


def decode(value):
    """Plotly packs arrays as {"dtype", "bdata", "shape"}; turn those back into numpy."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            shape = value["shape"]
            shape = [int(n) for n in shape.split(",")] if isinstance(shape, str) else shape
            array = array.reshape(shape)
        return array
    if isinstance(value, list):
        return np.asarray(value)
    return value


def figure(chart) -> dict:
    """The figure JSON of an AppTest plotly_chart element."""
    return json.loads(chart.proto.spec)


def trace(chart, index: int = 0) -> dict:
    data = figure(chart)["data"][index]
    return {key: decode(value) for key, value in data.items()}


def title(chart) -> str:
    layout = figure(chart)["layout"]
    heading = layout.get("title", {})
    return heading.get("text", "") if isinstance(heading, dict) else str(heading)
