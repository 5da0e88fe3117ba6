"""The story on the first screen of a scoring head's page: logits → softmax → loss for each possible gold, side by
side, the answer in words above them, the gold picker and the temperature under the charts they change, and the
path from the tokens to the loss in one line. The gold and T rerun only this fragment, never the model."""

import numpy as np
import streamlit as st

from bert_explorer import figures, formulas, glossary
from bert_explorer.head_path import LogitsByHand
from bert_explorer.story import Story, scoring_story
from components.sections.section_names import SECTIONS
from components.services import plain_text

PANELS = ("logits", "activation", "loss")  # also the lesson's steps that show them
HEIGHT = 230  # three panels and the answer above them fit a 1024×768 projector's first screen


@st.fragment
def scores(names: list[str], logits: np.ndarray, key: str, *, what: str = "label",
           titles: tuple[str, str] = ("Logits (index → id2label)", "softmax(logits)"), tokens: int | None = None,
           hand: LogitsByHand | None = None, unit: str = "", panels: tuple[str, ...] = PANELS) -> None:
    """`titles`: the logits chart's and the softmax chart's at T = 1. `panels`: which of PANELS to draw (a lesson
    draws its current step's only)."""
    headline = st.empty()
    columns = dict(zip(panels, st.columns(len(panels)), strict=True))
    charts = {panel: column.empty() for panel, column in columns.items()}  # drawn once the controls below say how
    temperature, gold = 1.0, None
    if "activation" in columns:
        temperature = columns["activation"].slider("Temperature T: softmax(logits / T)", 0.1, 5.0,
                                                   1.0, 0.05, key=f"{key}_temperature",
                                                   help=glossary.help_for("temperature"))
    if "loss" in columns:
        gold = columns["loss"].selectbox(f"Gold {what}", [None, *range(len(names))], key=f"{key}_gold",
                                         bind="query-params",
                                         format_func=lambda k: "none" if k is None else names[k])
    story = scoring_story(names, logits, temperature=temperature, gold=gold, tokens=tokens, hand=hand, unit=unit)
    headline.markdown(f"**{plain_text.markdown_literal(story.headline(what))}**",
                      help=glossary.help_for("logit", "softmax", "cross-entropy"))
    if "logits" in charts:
        charts["logits"].plotly_chart(figures.bars(names, story.logits, titles[0], "logit", highlight=story.predicted,
                                                   height=HEIGHT), key=f"{key}_logits")
    if "activation" in charts:
        title = titles[1] + ("" if temperature == 1 else f", at T = {temperature:g}")
        charts["activation"].plotly_chart(figures.bars(names, story.scaled.probabilities, title, "probability",
                                                       highlight=story.predicted, height=HEIGHT),
                                          key=f"{key}_probabilities")
    if "loss" in charts:
        title = "Cross-entropy if gold = k" + ("" if temperature == 1 else f", at T = {temperature:g}")
        charts["loss"].plotly_chart(figures.bars(names, story.scaled.loss_per_gold, title, "loss", highlight=gold,
                                                 height=HEIGHT), key=f"{key}_losses")
    st.caption(plain_text.markdown_literal(" → ".join(story.path)))
    if temperature != 1:
        st.caption(plain_text.markdown_literal(story.temperature_note()))
    formulas_box = st.expander(SECTIONS["formulas"], key=f"{key}_open_formulas", on_change="rerun",
                               bind="query-params")
    if formulas_box.open:
        with formulas_box:
            _formulas(story, what)


def _formulas(story: Story, what: str) -> None:
    shown = [(story.predicted, "predicted")] + ([] if story.gold in (None, story.predicted) else [(story.gold, "gold")])
    for k, role in shown:
        both = " (also the chosen gold)" if k == story.gold else ""
        st.caption(f"For the {role} {what} {plain_text.markdown_literal(story.names[k])}{both}, at T = 1:")
        st.latex(formulas.softmax(story.logits, story.plain.probabilities, k))
        st.latex(formulas.cross_entropy(story.plain.probabilities[k], story.plain.loss_per_gold[k], k))
