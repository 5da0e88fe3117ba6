"""CSV and JSON downloads, generated only when clicked."""

import pandas as pd
import streamlit as st

from bert_explorer.export import to_json


def download_buttons(table: pd.DataFrame | None, result, name: str, key: str) -> None:
    left, right, _ = st.columns([1, 1, 3])
    if table is not None:
        left.download_button(
            "Table (CSV)", lambda: table.to_csv(index=False).encode(), f"{name}.csv", "text/csv", key=f"{key}_csv",
            on_click="ignore",
        )
    right.download_button(
        "All numbers (JSON)", lambda: to_json(result).encode(), f"{name}.json", "application/json",
        key=f"{key}_json", on_click="ignore",
    )
