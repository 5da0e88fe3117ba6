"""The class pulse's owner in the app: the one class store of this process (every worker shares what it holds),
this browser session's anonymous student id, and the URL names a class travels under."""

import secrets
from pathlib import Path

import streamlit as st

from bert_explorer.classroom import open_store
from bert_explorer.classroom.classes import Classes

CODE = "class"  # ?class=CODE: the class this page belongs to (students' join link)
TOKEN = "class_token"  # ?class_token=…: the presenter's secret, only in the presenter's link
EXAMPLE_PLANS = Path(__file__).resolve().parents[2] / "examples" / "plans"  # lesson plans offered as examples
# How often a page asks the store whether the class has moved on. A student's poll costs the server about 2 ms of
# Streamlit's own rerun work even when nothing changed, so a class's hundred pages poll slowly (bench/class_loadtest.py:
# 100 waiting students, 14–18% of one core at 1.5 s); the presenter's one page polls often.
STUDENT_POLL_S = 2.5
PRESENTER_POLL_S = 1.0


@st.cache_resource
def classes() -> Classes:
    return Classes(open_store())


def student_id() -> str:
    """A random id for this browser session: no name, nothing else kept about the student."""
    if "class_student" not in st.session_state:
        st.session_state["class_student"] = secrets.token_urlsafe(12)
    return st.session_state["class_student"]


def join_link(code: str) -> str:
    """The students' link to the class page, on the address this server was reached at."""
    base = (st.context.url or "").split("?")[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.count("/") > 2 else base  # the server's root, not this page's path
    return f"{base}/class?{CODE}={code}"
