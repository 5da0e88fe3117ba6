"""The server's warm start: the app's heavy imports begin beside the server, and app.py waits for them."""

import subprocess
import sys

from deploy.serve import ROOT, streamlit_command


def test_the_server_starts_through_the_warm_start():
    assert streamlit_command(8501)[1:4] == ["-m", "deploy.launch", "run"]


def test_waiting_returns_once_every_module_is_imported_and_at_once_where_nothing_started():
    script = ("import sys; from deploy import warm_start; warm_start.wait(); "
              "assert not any(m in sys.modules for m in warm_start.MODULES); "
              "warm_start.start(); warm_start.wait(); "
              "assert all(m in sys.modules for m in warm_start.MODULES), warm_start.MODULES")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
