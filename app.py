import streamlit as st

from components.services.shell import PAGES, opening_page

first = opening_page()
pages = [st.Page(path, title=title, icon=icon, default=path == first) for path, title, icon in PAGES]
# Pages draw their own links (components.services.shell), so Streamlit's menu stays hidden.
st.navigation(pages, position="hidden").run()
