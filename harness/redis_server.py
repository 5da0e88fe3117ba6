"""A throwaway `redis-server` (Debian's) on a free port of 127.0.0.1, in memory only, answering before it is handed
over; stopped after."""

import contextlib
import os
import subprocess
import time

from harness.server import free_port, stop

REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")


@contextlib.contextmanager
def redis_server(timeout: float = 30):
    """Yield the redis:// URL of a fresh server."""
    import redis

    port = free_port()
    process = subprocess.Popen([REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not answer on port {port}") from None
                time.sleep(0.1)
        yield url
    finally:
        stop(process, grace=5)
