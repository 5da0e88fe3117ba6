"""How far apart two computations of one number may be, on any CPU.

Two computations agree to the last bit only when they run the same operations in the same order. Another
kernel, vector width or thread split reorders a sum, and a float32 result then moves by a few units of
float32's rounding (eps = 2**-23 ≈ 1.2e-7) times the size of the numbers involved, not by a fixed amount: at 23
one unit is 2e-6, more than an absolute 1e-6. So the tests compare

- the same computation on both sides: exactly, or with the default rtol of numpy's assert_allclose;
- float32 reached by two paths (the model's forward against a hook, a hand-written dot product, another batch
  shape): within `ULPS` units at the magnitude involved, `float32_close`;
- a number printed with d decimals: within half a unit of the last decimal plus the float32 term, `shown_close`;
- float64 on both sides: pytest.approx's defaults (rel 1e-6), far above float64's rounding.
"""

import numpy as np
import pytest

EPS32 = float(np.finfo(np.float32).eps)
# Units of float32 rounding two paths through a small network may differ by. A wrong index, a missing bias or a
# wrong activation moves a number by 1e-3 or more on the tests' checkpoints, far above 64 units (7.6e-6 of 1).
ULPS = 64


def float32_atol(*magnitudes, ulps: int = ULPS) -> float:
    """The absolute tolerance for float32 results whose inputs are as large as the largest of `magnitudes`
    (numbers or arrays; at least 1, the scale of a softmax's sum and of LayerNorm's output)."""
    scale = max([1.0] + [float(np.max(np.abs(np.asarray(m, dtype=np.float64)))) for m in magnitudes])
    return ulps * EPS32 * scale


def assert_float32_close(actual, expected, *magnitudes, ulps: int = ULPS) -> None:
    """`actual` and `expected` are float32 results of two paths to the same numbers; `magnitudes` are the sizes
    of the terms that were summed when they exceed the results (a dot product's products, say)."""
    np.testing.assert_allclose(np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64),
                               rtol=0, atol=float32_atol(expected, *magnitudes, ulps=ulps))


def float32_close(expected, *magnitudes, ulps: int = ULPS):
    """pytest.approx for one float32 result reached by another path."""
    return pytest.approx(float(expected), rel=0, abs=float32_atol(expected, *magnitudes, ulps=ulps))


def shown_close(expected, decimals: int, *magnitudes):
    """pytest.approx for a number printed with `decimals` decimals: half a unit of the last one, plus the
    float32 term (a value on a rounding edge may print either way on another CPU)."""
    return pytest.approx(float(expected), rel=0, abs=0.5 * 10.0 ** -decimals + float32_atol(expected, *magnitudes))
