"""What came from the checkpoint, what is new, what was dropped."""

import streamlit as st

from bert_explorer.loading import INIT_SEED, LoadedModel


def show(loaded: LoadedModel) -> None:
    report = loaded.report
    if report.head_is_random:
        st.warning(
            f"**Random head.** {len(report.missing)} weight(s) of this head are not in the checkpoint and were "
            f"newly initialised (seed {INIT_SEED}, so the same numbers on every load). "
            "The mechanics shown here are real; the predictions are not.",
            icon="⚠️",
        )
    with st.expander(
        f"Loading report: {len(report.loaded)} loaded · {len(report.missing)} newly initialised · "
        f"{len(report.unexpected)} dropped"
    ):
        st.markdown(f"`{type(loaded.model).__name__}` from `{loaded.checkpoint}`; weights: {report.weights_format}. "
                    "Never loaded with `trust_remote_code`.")
        for title, names in (
            ("Newly initialised (missing from the checkpoint)", report.missing),
            ("In the checkpoint but unused by this head (unexpected)", report.unexpected),
            ("Shape mismatch (re-initialised)", report.mismatched),
            ("Loaded from the checkpoint", report.loaded),
        ):
            st.markdown(f"**{title}: {len(names)}**")
            if names:
                st.code("\n".join(names), language=None)
