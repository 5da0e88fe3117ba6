"""Streamlit views and Plotly figures that draw core results; they compute nothing new."""
