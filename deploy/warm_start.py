"""The heavy libraries every head page imports (torch, safetensors, pandas, Plotly: about 2.5 s on a 2-core CPU),
begun in a background thread while the server starts and the browser loads Streamlit's front end, instead of after.

`deploy.launch` starts it. Only third-party packages that never import our code are warmed, so a page's own import
of one simply waits on that module until the thread has finished it: nothing else has to wait. Our modules and
transformers are left to the page: two threads resolving transformers' lazy attributes at once can each hold a
module lock the other needs, and Python then fails one of the imports (seen on the Training page, which a fresh
server may run before app.py).
"""

import importlib
import threading

MODULES = ("torch", "safetensors.torch", "pandas", "plotly.graph_objects")


def start() -> threading.Thread:
    thread = threading.Thread(target=_import_all, name="warm-start", daemon=True)
    thread.start()
    return thread


def _import_all() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - the page's own import of the module says what is wrong, where it is seen
        pass
