import streamlit as st

from components.sections import class_view
from components.services import shell

shell.page_frame("Class", "Answer your lecturer's question before the model does, then see the class beside it.")
st.caption("Anonymous: the class keeps a random id for this browser tab and your answers, nothing else.")
class_view.student_page()
