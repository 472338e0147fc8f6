from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from dotterel.cli import app
from dotterel.cli._store import DbOption, open_db
from dotterel.cli._util import fail, warn


@app.command("serve")
def serve_cli(
    db: DbOption = Path("dotterel.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on; anything but 127.0.0.1 (or ::1, localhost) "
                                           "lets other machines read the store.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_host: Annotated[Optional[list[str]], typer.Option(
        "--allow-host", help="Host name clients may use to reach the server (repeatable). Default: the "
                             "loopback names, or any name when --host is not a loopback address.")] = None,
) -> None:
    """Serve the store to a browser (the explorer at /) and to programs (the REST API at /api, docs at /docs)."""
    try:
        from dotterel.web import LOOPBACK_HOSTS, create_app
        from dotterel.web.server import is_loopback, serve
    except ImportError as e:
        fail(f"the web explorer needs the web extra: pip install 'dotterel[web]' ({e})", 2)
    store = open_db(db, read_only=True)
    loopback = is_loopback(host)
    hosts = list(allow_host) if allow_host else (list(LOOPBACK_HOSTS) if loopback else None)
    if hosts is not None and not loopback and host not in hosts:
        hosts.append(host)
    if not loopback:
        warn(f"serving {db} on {host}: anyone who can reach this address can read the store")
    shown = f"[{host}]" if ":" in host else host
    typer.secho(f"dotterel explorer: http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs; Ctrl-C stops)",
                err=True)
    try:
        serve(create_app(store, allowed_hosts=hosts), host=host, port=port)
    finally:
        store.close()
