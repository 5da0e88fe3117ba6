"""The UI-free core of the BERT Head Explorer.

Load a checkpoint, run one head, return a plain result of numpy arrays and
names. Nothing here imports streamlit or plotly.
"""
