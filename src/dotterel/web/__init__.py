"""The REST API and the web explorer (`pip install 'dotterel[web]'`; `dotterel serve`).

`create_app(store)` builds the FastAPI app over any EventStore; `serve_in_thread` runs it on
127.0.0.1 in the background (tests, screenshots). See docs/web.md.
"""
from __future__ import annotations

from dotterel.web.app import LOOPBACK_HOSTS, create_app
from dotterel.web.server import serve_in_thread

__all__ = ["LOOPBACK_HOSTS", "create_app", "serve_in_thread"]
