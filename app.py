import streamlit as st

from components.shell import HEAD_PAGES, HOME

pages = [st.Page(HOME[0], title=HOME[1], icon=HOME[2], default=True)]
pages += [st.Page(path, title=title, icon=icon) for path, title, icon in HEAD_PAGES]
# Pages draw their own links (components.shell), so Streamlit's menu stays hidden.
st.navigation(pages, position="hidden").run()
