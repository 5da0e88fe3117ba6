import streamlit as st

from components import shell

shell.page_frame("BERT Head Explorer", "What a BERT head does with its input, number by number.")
st.markdown(
    """
See what a BERT head does with its input, number by number. Each page runs a real
`transformers` model and shows its raw logits, the activation its config implies, the loss for
every possible gold label, its attention maps, and the pooler output against the [CLS] hidden state.

Offline, each page opens on a checkpoint that works without the hub: where the project's zoo has a
trained one for that head (sentiment and news-topic classifiers, a small BERT pre-trained on BBC News
for fill-in, next-sentence and pre-training, a "which sentence comes next" multiple-choice head), it
opens on that, with its held-out metrics; otherwise on the embedded all-MiniLM-L6-v2 encoder. Pick any
other in the sidebar: a well-known hub checkpoint, or any Hugging Face id or local folder. Heads that a
checkpoint does not contain are initialised from a fixed seed and marked with a banner.
"""
)
for path, title, icon in shell.PAGES[1:]:
    st.page_link(path, label=title, icon=icon)
