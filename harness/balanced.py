"""`deploy/serve.py --workers 2`: two Streamlit processes behind HAProxy, each browser kept on one by a cookie."""

import contextlib
import sys
import time
import urllib.request

from harness.server import free_port, streamlit_server

COOKIE = "EXPLORER_BACKEND"


@contextlib.contextmanager
def two_workers(run_dir, env: dict[str, str] | None = None):
    """Yield (url, run dir, stats url) once HAProxy sees both workers up; `env` adds to their environment."""
    port, stats_port = free_port(), free_port()
    command = [sys.executable, "-m", "deploy.serve", "--workers", "2", "--port", str(port),
               "--stats-port", str(stats_port), "--backend-ports", f"{free_port()},{free_port()}",
               "--run-dir", str(run_dir)]
    stats = f"http://127.0.0.1:{stats_port}/stats;csv"
    with streamlit_server(command, port=port, timeout=120, env=env) as (url, _):
        deadline = time.monotonic() + 60
        while _status_while_starting(stats) != {"s1": "UP", "s2": "UP"}:
            assert time.monotonic() < deadline, _status_while_starting(stats)
            time.sleep(0.5)
        yield url, run_dir, stats


def _status_while_starting(stats_url: str) -> dict[str, str]:
    """On a busy machine HAProxy's stats page may not answer in time at first: that is "not up yet"."""
    try:
        return backend_status(stats_url)
    except OSError:  # a timeout, a refused connection
        return {}


def backend_status(stats_url: str) -> dict[str, str]:
    with urllib.request.urlopen(stats_url, timeout=5) as reply:
        rows = [line.split(",") for line in reply.read().decode().splitlines()[1:]]
    return {row[1]: row[17].split()[0] for row in rows if row[0] == "streamlit" and row[1].startswith("s")}


def backend_of(context) -> str:
    """The worker HAProxy keeps this browser context on."""
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
