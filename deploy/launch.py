"""`python -m deploy.launch run app.py …`: `streamlit run`, with the app's heavy imports started beside the server
(deploy.warm_start)."""

import sys

from streamlit.web.cli import main

from deploy import warm_start

if __name__ == "__main__":
    warm_start.start()
    sys.exit(main(prog_name="streamlit"))
