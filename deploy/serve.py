"""K Streamlit processes on one machine behind HAProxy, each browser kept on its own process.

    python -m deploy.serve --workers 2 --port 8501      (make serve WORKERS=2)

A Streamlit session lives in one process: its websocket, and the HTTP requests that follow it
(downloads, uploads, media), must all reach that process. HAProxy inserts a cookie naming the
backend on a browser's first response and routes on it; a class behind one campus NAT shares
an IP address, so affinity by client IP would send the whole class to one process. Backends
are checked on /_stcore/health; a stopped one is taken out and its browsers reconnect to a
live one (with a fresh session).
"""

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bert_explorer import settings
from bert_explorer.settings import is_loopback, public_mode

ROOT = Path(__file__).resolve().parents[1]

CONFIG = """\
global
    maxconn 4096

defaults
    mode http
    option httplog
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # A student's open page is one long-lived websocket: keep it while the lecture lasts.
    timeout tunnel 4h
    timeout client-fin 30s

frontend explorer
    bind {address}:{port}
    default_backend streamlit

backend streamlit
    balance leastconn
    cookie EXPLORER_BACKEND insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect string ok
    option redispatch
    retries 2
{servers}

listen stats
    bind 127.0.0.1:{stats_port}
    stats enable
    stats uri /stats
"""


def haproxy_config(address: str, port: int, backend_ports: list[int], stats_port: int) -> str:
    servers = "\n".join(f"    server s{i} 127.0.0.1:{p} check inter 1s fall 2 rise 2 cookie s{i}"
                        for i, p in enumerate(backend_ports, start=1))
    return CONFIG.format(address=address, port=port, servers=servers, stats_port=stats_port)


def streamlit_command(port: int, address: str = "127.0.0.1") -> list[str]:
    """`streamlit run app.py` on `address`:`port`, its heavy imports begun as the server starts (deploy.launch); also
    how the tests and benchmarks start the app."""
    command = [sys.executable, "-m", "deploy.launch", "run", "app.py", "--server.headless=true",
               f"--server.address={address}", f"--server.port={port}", "--server.fileWatcherType=none",
               "--browser.gatherUsageStats=false"]
    if not is_loopback(address):
        # Else Streamlit asks checkip.amazonaws.com for this machine's address at start, to print it: a class
        # server calls no one, and offline that lookup blocks the start for as long as the resolver waits.
        command.append(f"--browser.serverAddress={address}")
    return command


def startup_line(address: str, port: int, public: bool) -> str:
    """Where the app listens, who can reach it, and what public mode then allows: one line for the log."""
    reach = ("this machine only; ADDRESS=0.0.0.0 opens it to the network" if is_loopback(address)
             else "reachable from other machines")
    mode = ("Public mode on: only the zoo, the embedded default and the checkpoints the operator allows load "
            "(BERT_EXPLORER_PUBLIC=0 turns it off)" if public
            else "Public mode off: any hub id or local folder loads")
    return f"BERT Head Explorer on http://{address}:{port} ({reach}). {mode}."


MIB = 2**20
# Measured on the 2-core CPU box: a worker holds ~550 MiB once torch, transformers and Streamlit are imported, and
# each connected session adds under 1 MiB; the default training run (frozen encoder) peaks ~630 MiB above that.
PROCESS_BYTES = 1024 * MIB
TRAINING_BYTES = 1024 * MIB


def worker_memory() -> dict[str, int]:
    """What one worker may hold at most, by part: its caches are bounded by bytes, one training run at a time."""
    return {"process and sessions": PROCESS_BYTES, "model cache": settings.model_cache_bytes(),
            "shared results": settings.result_cache_bytes(), "one training run": TRAINING_BYTES}


def machine_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def memory_refusal(workers: int, available: int) -> str | None:
    """Why `workers` workers do not fit `available` bytes, with the arithmetic; None when they fit."""
    parts = worker_memory()
    need = workers * sum(parts.values())
    if need <= available:
        return None
    each = " + ".join(f"{size // MIB:,} MiB {name}" for name, size in parts.items())
    return (f"{workers} workers need up to {need // MIB:,} MiB: {workers} × ({each}), more than this machine's "
            f"{available // MIB:,} MiB. Use fewer workers, or lower BERT_EXPLORER_MODEL_CACHE_MB and "
            "BERT_EXPLORER_RESULT_CACHE_MB.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument("--address", default="127.0.0.1", help="where HAProxy listens (0.0.0.0 for a lecture hall)")
    parser.add_argument("--backend-ports", help="comma-separated, one per worker (default: port+100 onwards)")
    parser.add_argument("--stats-port", type=int, help="HAProxy's stats page (default: port+99)")
    parser.add_argument("--run-dir", type=Path, help="where the config and each worker's pid file go")
    args = parser.parse_args()

    refusal = memory_refusal(args.workers, machine_memory())
    if refusal:
        sys.exit(refusal)
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        sys.exit("make serve needs HAProxy: run 'sudo apt-get install haproxy'.")
    backend_ports = ([int(p) for p in args.backend_ports.split(",")] if args.backend_ports
                     else [args.port + 100 + i for i in range(args.workers)])
    if len(backend_ports) != args.workers:
        sys.exit(f"--backend-ports names {len(backend_ports)} ports for {args.workers} workers.")
    run_dir = args.run_dir or Path(tempfile.mkdtemp(prefix="bert-explorer-serve-"))
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "haproxy.cfg"
    config.write_text(haproxy_config(args.address, args.port, backend_ports, args.stats_port or args.port + 99))

    # One cookie secret for every worker: a browser moved to another worker after a failure keeps a valid
    # XSRF cookie, so uploads still work there. The workers listen on loopback behind HAProxy: public mode
    # follows HAProxy's address, the one students reach.
    public = public_mode(args.address)
    env = dict(os.environ, HF_HUB_DISABLE_TELEMETRY="1", STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_hex(16),
               BERT_EXPLORER_PUBLIC="1" if public else "0")
    children = []
    for index, port in enumerate(backend_ports, start=1):
        worker = subprocess.Popen(streamlit_command(port), cwd=ROOT, env=env)
        (run_dir / f"s{index}.pid").write_text(str(worker.pid))
        children.append(worker)
    children.append(subprocess.Popen([haproxy, "-db", "-f", str(config)]))
    print(f"{startup_line(args.address, args.port, public)} {args.workers} workers behind HAProxy "
          f"(stats: http://127.0.0.1:{args.stats_port or args.port + 99}/stats; run dir {run_dir})", flush=True)

    def stop(*_):
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            child.wait(timeout=30)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children[-1].poll() is None:  # a worker may stop (and be taken out); HAProxy stopping ends the service
        time.sleep(0.5)
    stop()


if __name__ == "__main__":
    main()
