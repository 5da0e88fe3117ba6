"""`streamlit run app.py` on a free port of 127.0.0.1, healthy before it is handed over."""

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from deploy.serve import streamlit_command

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, deadline: float, process: subprocess.Popen | None = None) -> None:
    """Poll /_stcore/health until it answers ok; raise once `deadline` (time.monotonic) passes or the process dies."""
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the Streamlit server at {url} did not become healthy")


@contextlib.contextmanager
def streamlit_server(command: list[str] | None = None, port: int | None = None, timeout: float = 120,
                     env: dict[str, str] | None = None):
    """Yield (url, process) of a healthy server; by default `streamlit run app.py`, or `command`
    (e.g. `make run PORT=…`), which must listen on `port`; `env` adds to the environment.
    The whole process group is stopped after."""
    port = port or free_port()
    env = dict(os.environ, HF_HUB_OFFLINE=os.environ.get("HF_HUB_OFFLINE", "1"), TRANSFORMERS_VERBOSITY="error",
               PORT=str(port), **(env or {}))
    process = subprocess.Popen(command or streamlit_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, time.monotonic() + timeout, process)
        yield url, process
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 20) -> None:
    """Stop a server started in its own session, and everything it started: SIGTERM to the group, then SIGKILL if
    it is still there after `grace` seconds (Uvicorn's graceful shutdown waits, unbounded, for open WebSockets)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
            return


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
