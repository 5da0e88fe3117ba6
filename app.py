import streamlit as st

from components.services.shell import PAGES

pages = [st.Page(path, title=title, icon=icon, default=path == PAGES[0][0]) for path, title, icon in PAGES]
# Pages draw their own links (components.services.shell), so Streamlit's menu stays hidden.
st.navigation(pages, position="hidden").run()
