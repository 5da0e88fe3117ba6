"""The heavy libraries every head page imports (torch, safetensors, pandas, Plotly: about 2.5 s on a 2-core CPU),
begun in a background thread while the server starts and the browser loads Streamlit's front end, instead of after.

`deploy.launch` starts it. Only third-party packages that never import our code are warmed: a page's own import of
one simply waits for the warm thread to finish it. Our modules and transformers are left to the page: on a fresh
server's first visit Streamlit may run a page file before app.py, and two threads resolving transformers' lazy
attributes at once can each hold a module lock the other needs (Python then fails one import; seen on the Training
page). app.py still waits for the thread before its own imports.
"""

import importlib
import threading

MODULES = ("torch", "safetensors.torch", "pandas", "plotly.graph_objects")

_done = threading.Event()
_done.set()


def start() -> None:
    _done.clear()
    threading.Thread(target=_import_all, name="warm-start", daemon=True).start()


def _import_all() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
    except Exception:  # noqa: BLE001 - the page's own import of the module says what is wrong, where it is seen
        pass
    finally:
        _done.set()


def wait() -> None:
    _done.wait()
