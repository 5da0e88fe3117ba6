"""The chart colours stay apart for readers with colour-vision deficiencies: each pair that has
to be told apart is simulated (Machado et al. 2009, full severity, via colorspacious) and its
perceptual distance measured in CAM02-UCS."""

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from bert_explorer import figures

DEFICIENCIES = ["protanomaly", "deuteranomaly", "tritanomaly"]
FAR_APART = 20  # ΔE in CAM02-UCS; about 2 is a just-noticeable difference


def rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255


def seen_with(deficiency: str, colour: np.ndarray) -> np.ndarray:
    space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
    return np.clip(cspace_convert(colour, space, "sRGB1"), 0, 1)


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_highlighted_bar_stands_out(deficiency):
    a, b = (seen_with(deficiency, rgb(c)) for c in (figures.HIGHLIGHT, figures.BASE))
    assert deltaE(a, b, input_space="sRGB1") > FAR_APART


@pytest.mark.parametrize("deficiency", DEFICIENCIES)
def test_the_first_series_colours_stay_apart(deficiency):
    """Charts draw at most three series side by side (model vs by hand; start vs end; h_CLS, pooler, by hand)."""
    seen = [seen_with(deficiency, rgb(c)) for c in figures.COLORWAY[:3]]
    for a, b in itertools.combinations(seen, 2):
        assert deltaE(a, b, input_space="sRGB1") > FAR_APART


def test_the_old_red_and_green_would_fail_the_same_check():
    """The check has teeth: plotly's default red and green merge for a deuteranope."""
    a, b = (seen_with("deuteranomaly", rgb(c)) for c in ("#d62728", "#2ca02c"))
    assert deltaE(a, b, input_space="sRGB1") < FAR_APART


def test_every_chart_uses_the_palette():
    bars = figures.bars(["a", "b"], np.array([1.0, 2.0]), "t", "v", highlight=1)
    assert list(bars.data[0].marker.color) == [figures.BASE, figures.HIGHLIGHT]
    assert list(bars.layout.colorway) == figures.COLORWAY
