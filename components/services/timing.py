"""A one-line timing strip."""

import streamlit as st


def show(timings_ms: dict[str, float], device: str, dtype: str, render_ms: float | None) -> None:
    parts = [f"{name} {value:.1f} ms" for name, value in timings_ms.items()]
    if render_ms is not None:
        parts.append(f"render {render_ms:.1f} ms")
    st.caption("Time: " + " · ".join(parts) + f" · on {device} ({dtype})")
