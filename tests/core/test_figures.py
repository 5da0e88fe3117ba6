"""User and model text in charts shows as its characters: Plotly reads a subset of HTML in every text it draws."""

import html

import numpy as np

from bert_explorer import figures

MARKUP = ["<b>bold</b>", "<a href='https://example.org'>link</a>", "fish & chips", "plain", "x<br>y"]


def _texts(figure) -> list[str]:
    """Every string a figure draws from its names: categories, trace names, annotations."""
    data = figure.to_plotly_json()
    found = [a["text"] for a in data["layout"].get("annotations", [])]
    for trace in data["data"]:
        found += [str(trace.get("name", ""))]
        found += [v for axis in ("x", "y") if isinstance(trace.get(axis), list) for v in trace[axis]
                  if isinstance(v, str)]
    return found


def _shows_literally(figure) -> None:
    texts = _texts(figure)
    assert not any("<" in text or ">" in text for text in texts), texts
    shown = [html.unescape(text) for text in texts]
    assert all(any(name in text for text in shown) for name in MARKUP), shown


def test_markup_in_names_is_escaped_in_every_figure():
    values = np.arange(len(MARKUP), dtype=float)
    count = len(MARKUP)
    _shows_literally(figures.bars(MARKUP, values, "t", "v"))
    _shows_literally(figures.guess_bars(MARKUP, values / values.sum(), 0, "t"))
    _shows_literally(figures.signed_bars(MARKUP, values - 1, "t", "v"))
    _shows_literally(figures.grouped_bars(MARKUP, {MARKUP[0]: values}, "t", "v"))
    _shows_literally(figures.heatmap(np.eye(count), MARKUP, MARKUP, "t", "x", "y"))
    _shows_literally(figures.confusion(np.eye(count), MARKUP, "t"))
    _shows_literally(figures.projection(np.zeros((count, 2)), np.arange(count), np.arange(count), MARKUP, "t",
                                        ("a", "b")))
    _shows_literally(figures.lines({name: values for name in MARKUP}, "t", "x", "y"))
    _shows_literally(figures.reliability({name: (values, values) for name in MARKUP}, "t"))


def test_a_guess_annotation_sits_on_its_escaped_category():
    figure = figures.guess_bars(MARKUP, np.full(len(MARKUP), 0.2), 1, "t")
    annotation = figure.to_plotly_json()["layout"]["annotations"][0]
    assert annotation["x"] == figure.to_plotly_json()["data"][0]["x"][1] == html.escape(MARKUP[1], quote=False)


def test_plain_names_are_unchanged():
    assert figures.label_text(["[CLS]", "##ing", "0 → positive", 3]) == ["[CLS]", "##ing", "0 → positive", "3"]
