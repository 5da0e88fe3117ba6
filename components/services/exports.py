"""CSV and JSON downloads, generated only when clicked."""

import pandas as pd
import streamlit as st

from bert_explorer.export import to_json


def download_buttons(table: pd.DataFrame | None, result, name: str, key: str) -> None:
    row = st.container(horizontal=True)  # each button as wide as its label, at any window size
    if table is not None:
        row.download_button(
            "Table (CSV)", lambda: table.to_csv(index=False).encode(), f"{name}.csv", "text/csv", key=f"{key}_csv",
            on_click="ignore",
        )
    row.download_button(
        "All numbers (JSON)", lambda: to_json(result).encode(), f"{name}.json", "application/json",
        key=f"{key}_json", on_click="ignore",
    )
