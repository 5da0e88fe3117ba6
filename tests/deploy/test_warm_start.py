"""The server's warm start: the heavy libraries every head page imports begin loading beside the server."""

import subprocess
import sys

from deploy.serve import ROOT, streamlit_command


def test_the_server_starts_through_the_warm_start():
    assert streamlit_command(8501)[1:4] == ["-m", "deploy.launch", "run"]


def test_the_warm_thread_imports_every_module_and_only_third_party_ones():
    script = ("import sys; from deploy import warm_start; "
              "assert not any(m in sys.modules for m in warm_start.MODULES); "
              "warm_start.start().join(); "
              "assert not any(m.startswith(('bert_explorer', 'components', 'transformers')) for m in sys.modules); "
              "assert all(m in sys.modules for m in warm_start.MODULES), warm_start.MODULES")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
