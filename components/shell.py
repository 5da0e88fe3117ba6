"""What every page shares: page config, title and the links between pages."""

import streamlit as st

HOME = ("pages/home.py", "Home", ":material/home:")
HEAD_PAGES = [
    ("pages/sequence_classification.py", "Sequence classification", ":material/label:"),
    ("pages/token_classification.py", "Token classification (NER)", ":material/format_color_text:"),
    ("pages/question_answering.py", "Extractive QA span", ":material/quiz:"),
    ("pages/multiple_choice.py", "Multiple choice", ":material/checklist:"),
    ("pages/next_sentence.py", "Next-sentence prediction", ":material/arrow_forward:"),
    ("pages/masked_lm.py", "Masked fill-in", ":material/edit_note:"),
    ("pages/pretraining.py", "Pre-training (MLM + NSP)", ":material/school:"),
    ("pages/training.py", "Training", ":material/model_training:"),
]


def page_frame(title: str, caption: str) -> None:
    """Set up a page. Each page does this itself: on a fresh server's first visit
    Streamlit may run a file of pages/ without app.py."""
    st.set_page_config(page_title=f"{title} · BERT Head Explorer", page_icon="🔎", layout="wide")
    with st.sidebar:
        st.page_link(HOME[0], label=HOME[1], icon=HOME[2])
        st.caption("Heads")
        for path, label, icon in HEAD_PAGES:
            st.page_link(path, label=label, icon=icon)
        st.divider()
    st.title(title)
    st.caption(caption)
