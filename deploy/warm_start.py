"""The app's heavy imports (torch, transformers, the head pages' modules: about 6 s on a 2-core CPU), begun in a
background thread while the server starts and the browser loads Streamlit's front end, instead of after them.

`deploy.launch` starts it; app.py waits for it before importing anything of its own, so two threads never import
the same packages at once. Where nothing started it (AppTest, a bare `streamlit run app.py`), waiting returns at once.
"""

import importlib
import threading

# What every head page imports on its way to a model: the loading code (torch, transformers) and the views.
MODULES = ("bert_explorer.loading", "components.services.model_sidebar", "components.head_views.head_page",
           "components.head_views.sequence_classification_view")

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
