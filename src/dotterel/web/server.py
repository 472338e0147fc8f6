"""Running the app: in the foreground (`serve`, what `dotterel serve` calls) or in a background
thread on a free port of 127.0.0.1 (`serve_in_thread`, for browser tests and screenshots)."""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dotterel.errors import DotterelError

if TYPE_CHECKING:
    from fastapi import FastAPI


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(app: "FastAPI", *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve `app` until interrupted (Ctrl-C)."""
    import gc

    import uvicorn

    # What is loaded by now lives as long as the server: keep it out of the collector's full
    # passes, which otherwise scan it all every few seconds and stall every request (about
    # 0.4 s on 2 cores; see docs/reliability.md, "Load").
    gc.freeze()
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False, proxy_headers=False)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def serve_in_thread(app: "FastAPI", *, host: str = "127.0.0.1", port: int | None = None,
                    timeout: float = 20.0) -> Iterator[str]:
    """Run `app` under uvicorn in a daemon thread; yields its base URL ("http://127.0.0.1:PORT")
    once it accepts connections, and stops it on exit."""
    import uvicorn

    config = uvicorn.Config(app, host=host, port=port or free_port(host), log_level="warning",
                            server_header=False, proxy_headers=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="dotterel-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise DotterelError(f"the web server did not start on {host}:{config.port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
