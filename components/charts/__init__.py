"""Plotly figures built from plain results, and the attention switch that draws maps in the browser."""
