"""What every page shares: page config, title and the links between pages."""

from collections.abc import Callable

import streamlit as st

from bert_explorer import checkpoints
from bert_explorer.heads import HEADS
from components.services import class_modes

HOME = ("pages/home.py", "Home", ":material/home:")
EVALUATE = ("pages/evaluate.py", "Evaluate", ":material/fact_check:")
TRAINING = ("pages/training.py", "Training", ":material/model_training:")
CLASS = ("pages/class.py", "Class", ":material/groups:")
HEAD_PAGES = [(head.page, head.title, f":material/{head.icon}:") for head in HEADS.values()]  # from the registry
TOOLS = [EVALUATE, TRAINING, CLASS]
# Every page in navigation order: home, one per head, then the tools; the sidebar groups them so.
PAGES = [HOME, *HEAD_PAGES, *TOOLS]
SIDEBAR_GROUPS = {"Heads": HEAD_PAGES, "Tools": TOOLS}


def opening_page() -> str:
    """The page the app opens on: the served checkpoint's head page (`bert-explorer serve CHECKPOINT`), else home."""
    head = checkpoints.served_head()
    return HEADS[head].page if head is not None else HOME[0]


# Presenter mode (`?presenter=1`): type a back row can read on a 1024×768 projector. Streamlit sizes its
# text in rem, so one root size scales all of it; the charts keep their own.
# Its title keeps a tight line, so a lesson step's question, buttons and what Reveal shows fit under it.
PROJECTOR_STYLE = ("<style>html { font-size: 21px; } "
                   "h1 { font-size: 2.2rem !important; line-height: 1.15 !important; }</style>")


# Every page: the first screen is for the story, so Streamlit's 6rem above the title and its 2.75rem title shrink.
COMPACT_STYLE = ("<style>[data-testid='stMainBlockContainer'] { padding-top: 3.5rem; } "
                 "h1 { font-size: 2.1rem !important; padding: 0 0 0.25rem 0 !important; }</style>")


def page_frame(title: str, caption: str, beside: Callable[[], None] | None = None) -> None:
    """Set up a page. Each page does this itself: on a fresh server's first visit
    Streamlit may run a file of pages/ without app.py."""
    sidebar = "collapsed" if class_modes.lesson() else "auto"  # a lesson wants the projector's whole width
    st.set_page_config(page_title=f"{title} · BERT Head Explorer", page_icon="🔎", layout="wide",
                       initial_sidebar_state=sidebar)
    st.html(COMPACT_STYLE + (PROJECTOR_STYLE if class_modes.presenting() else ""))
    with st.sidebar:
        st.page_link(HOME[0], label=HOME[1], icon=HOME[2])
        for group, pages in SIDEBAR_GROUPS.items():
            st.caption(group)
            for path, label, icon in pages:
                st.page_link(path, label=label, icon=icon)
        st.divider()
    if beside is None:
        st.title(title, anchor=False)
    else:  # e.g. the link bar: on the title's line, not a line of its own
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.title(title, anchor=False)  # no link icon: beside the bar, it would wrap to a second line
        with right:
            beside()
    if not class_modes.presenting():  # on the projector, the lesson's step line says what the page is doing
        st.caption(caption)
