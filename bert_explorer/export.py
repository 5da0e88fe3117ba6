"""Results as plain, strictly valid JSON data."""

import dataclasses
import json
import math

import numpy as np

# Arrays too large to be useful in a JSON download; their summaries stay.
_LEFT_OUT = {"weights", "mean_over_heads"}
NULL_MEANS = "null = no number here (a value that is not finite, e.g. masked out)"


def to_plain(value):
    """Dataclasses, numpy arrays and scalars to dicts, lists and Python numbers; a value that is
    not a finite number (NaN, ±infinity) becomes None, since JSON has no such numbers."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in _LEFT_OUT}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            return np.where(np.isfinite(value), value, None).tolist()
        return value.tolist()
    if isinstance(value, (np.generic, float)):
        value = value.item() if isinstance(value, np.generic) else value
        return None if isinstance(value, float) and not math.isfinite(value) else value
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return value


def to_json(result) -> str:
    """The result as JSON that strict parsers accept (no NaN or Infinity), with what null means."""
    plain = to_plain(result)
    if isinstance(plain, dict):
        plain = {"null_means": getattr(result, "NULL_MEANS", NULL_MEANS), **plain}
    return json.dumps(plain, ensure_ascii=False, indent=1, allow_nan=False)
