"""The frame every head page shares: title, model pickers, loading report, one run, downloads and timing."""

import time
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from bert_explorer import heads
from bert_explorer.heads import Head
from bert_explorer.loading import LoadedModel

from . import exports, loading_report, model_sidebar, runs, shell, timing, tokens_view, why_view


@dataclass
class HeadPage:
    head: Head
    loaded: LoadedModel
    render_started: float = field(default_factory=time.perf_counter)
    task: object = None  # the task and inputs of the last run, for the "Why" section
    inputs: tuple = ()

    @property
    def key(self) -> str:
        """Prefix of this page's widget keys and URL parameters."""
        return self.head.key

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
        return result

    def why(self, result) -> None:
        """The "Why this logit?" section for the last run: attribution, logit lens, minimal pair."""
        why_view.show(self, self.task, self.inputs, result)

    def finish(self, result, table: pd.DataFrame | None = None, show_table: bool = True) -> None:
        """The numbers table, the CSV/JSON downloads and the timing strip."""
        if table is not None and show_table:
            st.subheader("Numbers")
            st.dataframe(table, hide_index=True)
        exports.download_buttons(table, result, self.head.name, self.key)
        timing.show(result.timings_ms, result.device, result.dtype, (time.perf_counter() - self.render_started) * 1000)


def open_page(name: str) -> HeadPage:
    """Frame the head's page and load its model; stops the page (after saying why) when it cannot load."""
    head = heads.get(name)
    shell.page_frame(head.title, head.caption)
    loaded = model_sidebar.model_for(head.name)
    if loaded is None:
        st.stop()
    loading_report.show(loaded)
    return HeadPage(head, loaded)
