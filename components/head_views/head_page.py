"""The frame every head page shares: title, model pickers, loading report, one run, downloads and timing."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from bert_explorer import heads
from bert_explorer.heads import Head
from bert_explorer.loading import LoadedModel
from components.sections import class_view, compare_view, guess_view, lesson_view, story_view, tokens_view
from components.sections.section_names import SECTIONS, section_param
from components.services import (
    class_modes,
    class_room,
    exports,
    loading_report,
    model_sidebar,
    runs,
    share_link,
    shell,
    timing,
)


@dataclass
class HeadPage:
    head: Head
    loaded: LoadedModel
    render_started: float = field(default_factory=time.perf_counter)
    lesson: lesson_view.Lesson | None = None  # lesson mode: one section at a time
    task: object = None  # the task and inputs of the last run, for the "Why" and "Compare" sections
    inputs: tuple = ()
    other: LoadedModel | None = None  # a second checkpoint to set against the first, when the reader asks

    @property
    def key(self) -> str:
        """Prefix of this page's widget keys and URL parameters."""
        return self.head.key

    def input_area(self):
        """Where the page's input form goes: on the page, except in a lesson past its input step, where it folds
        into a closed expander so the step's question, its buttons and what Reveal shows share the first screen."""
        if self.lesson is None or self.lesson.step.name == "input":
            return st.container()
        return st.expander("The input (open it to change it)")

    def run(self, task, *inputs):
        """The task's result for these inputs (computed once per distinct input), with what the input
        went through (truncation, removed characters) said first; or stop the page after showing why
        there is none."""
        result = runs.run_once(task, self.loaded, *inputs)
        if result is None:
            st.stop()
        self.task, self.inputs = task, inputs
        self.render_started = time.perf_counter()
        tokens_view.show_notices(result.encoding)
        if guess_view.requested():
            guess_view.gate(self, task, result)
        if class_modes.presenting() and st.query_params.get(class_room.CODE):
            with st.container(border=True):  # a live class comes first: its answers arrive while the lecturer talks
                class_view.presenter_panel(self, task, result)
        return result

    def shows(self, section: str) -> bool:
        """Whether to draw a part of the story: always, except in lesson mode, where only the current step's is."""
        return self.lesson is None or self.lesson.shows(section)

    def story(self, draw: Callable[..., None], result) -> None:
        """The head's story, first on the page: `draw(result, key, panels)` with the panels of story_view.PANELS
        to draw (in lesson mode only the current step's; none, and nothing is drawn, on other steps)."""
        panels = tuple(panel for panel in story_view.PANELS if self.shows(panel))
        if panels:
            draw(result, self.key, panels)

    def section(self, name: str, draw: Callable[..., None], *args, step: str | tuple[str, ...] | None = None,
                detail: str = "") -> None:
        """A section the reader opens: `draw(*args)` runs only while it is open, so a closed section builds no
        figure and runs no model. Whether it is open is in the URL (`<key>_open_<name>`), so a copied link
        reopens it. In lesson mode it belongs to the lesson's step `step` (or steps; default: `name`), and is drawn
        open while that step is current."""
        if self.lesson is not None:
            steps = (step or name,) if isinstance(step or name, str) else step
            if any(self.lesson.shows(each) for each in steps):
                draw(*args)
            return
        box = st.expander(SECTIONS[name] + detail, key=section_param(self.head, name), on_change="rerun",
                          bind="query-params")
        if box.open:
            with box:
                draw(*args)

    def tokens(self, encoding) -> None:
        self.section("tokens", tokens_view.show, encoding, detail=f" ({len(encoding.tokens)} tokens)")

    def why(self, result) -> None:
        """The "Why this logit?" section for the last run: attribution, logit lens, minimal pair."""
        self.section("why", self._why, result)

    def _why(self, result) -> None:
        from components.sections import why_view  # Captum and the plotting stack it pulls in: 0.5 s, on first use

        why_view.show(self, self.task, self.inputs, result)

    def compare(self, result) -> None:
        """The same input through the second checkpoint, side by side with this result."""
        if self.other is not None:
            self.section("compare", self._compare, result)

    def _compare(self, result) -> None:
        theirs = runs.run_once(self.task, self.other, *self.inputs, slot=f"{self.head.name}-compare")
        if theirs is not None:
            compare_view.show(self.task, (self.loaded, self.other), (result, theirs), self.key)

    def finish(self, result, table: Callable[..., pd.DataFrame] | None = None, show_table: bool = True) -> None:
        """The numbers table (`table(result)`, built only when its section is open) and the CSV/JSON downloads, then
        the timing strip (in lesson mode: the step's point and the timing strip)."""
        if self.lesson is not None:
            self.lesson.point()
            if class_modes.presenting() and not st.query_params.get(class_room.CODE):
                with st.expander(class_view.TITLE):
                    class_view.presenter_panel(self, self.task, result)
        else:
            loading_report.show_about(self.loaded)
            self.section("numbers", self._numbers, result, table, show_table)
        timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - self.render_started) * 1000)

    def _numbers(self, result, make_table: Callable[..., pd.DataFrame] | None, show_table: bool) -> None:
        table = None if make_table is None else make_table(result)
        if table is not None and show_table:
            st.dataframe(table, hide_index=True)
        exports.download_buttons(table, result, self.head.name, self.key)


def open_page(name: str) -> HeadPage:
    """Frame the head's page and load its model; stops the page (after saying why) when it cannot load."""
    head = heads.get(name)
    shell.page_frame(head.title, head.caption, beside=share_link.show)
    device, dtype = model_sidebar.runtime_settings()
    loaded = model_sidebar.picked_model(head.name, device, dtype)
    if loaded is None:
        st.stop()
    other = model_sidebar.second_model(head.name, device, dtype)
    loading_report.show_warnings(loaded)
    lesson = lesson_view.lesson_or_none(head.name, head.key)
    if lesson is not None:
        lesson.header()
    return HeadPage(head, loaded, lesson=lesson, other=other)
