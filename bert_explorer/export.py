"""Results as plain JSON-ready data."""

import dataclasses
import json

import numpy as np

# Arrays too large to be useful in a JSON download; their summaries stay.
_LEFT_OUT = {"weights", "mean_over_heads"}


def to_plain(value):
    """Dataclasses, numpy arrays and scalars to dicts, lists and Python numbers."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in _LEFT_OUT}
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def to_json(result) -> str:
    return json.dumps(to_plain(result), ensure_ascii=False, indent=1)
