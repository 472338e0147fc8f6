"""The web app: the REST API under /api, the explorer at /, its API reference at /docs.

    from dotterel import open
    from dotterel.web import create_app

    app = create_app(open("dotterel.duckdb", read_only=True))   # serve with uvicorn

The app only reads (every route is GET). Article text, titles and names are untrusted: the
explorer puts them in the page as text, never as markup, and every response carries a strict
Content-Security-Policy (scripts and styles only from the app's own files, no inline code, no
frames, no plugins). With `allowed_hosts`, requests naming another host are refused, which
stops a web page from reaching a server on 127.0.0.1 through a rebound DNS name. Errors are
JSON ({"error", "status"}) without stack traces.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dotterel._version import __version__
from dotterel.errors import DotterelError, InputError
from dotterel.store.base import EventStore
from dotterel.web.deps import SerializedStore
from dotterel.web.routers import actors, articles, events, mentions, places, stats

EXPLORER = Path(__file__).parent / "explorer"
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
)
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1", "[::1]")
log = logging.getLogger("dotterel.web")


def create_app(store: EventStore, *, allowed_hosts: Sequence[str] | None = None) -> FastAPI:
    """The FastAPI app over `store` (any EventStore: DuckDB or in memory).

    `allowed_hosts`: the host names requests may address (`Host` header), e.g.
    `LOOPBACK_HOSTS`; None accepts any (tests, or behind a proxy that checks)."""
    app = FastAPI(
        title="dotterel", version=__version__,
        description="PLOVER political events coded from news, with the evidence for each. Read-only. "
                    "Every list takes the shared filters: start_date, end_date, country, event_type, actor, "
                    "status, min_confidence.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.store = SerializedStore(store)
    for module in (events, mentions, articles, actors, places, stats):
        app.include_router(module.router, prefix="/api")
    _add_error_handlers(app)
    _add_explorer(app)
    if allowed_hosts is not None:
        app.add_middleware(HostCheck, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # outermost: every response gets the headers, errors too
    return app


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every HTTP response (and no-store to the API's);
    an unexpected exception becomes a JSON 500 (logged with its traceback, which the client never sees)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith("/api/")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in {name for name, _ in SECURITY_HEADERS}]
                headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]
                if api:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _problem(500, "internal server error (see the server's log)")(scope, receive, send_with_headers)


class HostCheck:
    """ASGI middleware refusing (400, JSON) a request whose Host header names none of `allowed_hosts`."""

    def __init__(self, app: ASGIApp, *, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit("]", 1)[0].lstrip("[") if host.startswith("[") else host.split(":", 1)[0]
            if name not in self.allowed:
                await _problem(400, "invalid host header")(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _problem(status: int, error: str, detail: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": error, "status": status}
    if detail is not None:
        body["detail"] = detail
    return JSONResponse(body, status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return _problem(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                  for e in exc.errors()]
        where = ".".join(detail[0]["loc"][1:] or detail[0]["loc"]) if detail else "request"
        return _problem(422, f"invalid {where}: {detail[0]['msg'] if detail else 'bad request'}", detail)

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> JSONResponse:
        return _problem(400, str(exc))

    @app.exception_handler(DotterelError)
    async def store_error(request: Request, exc: DotterelError) -> JSONResponse:
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return _problem(500, "the store could not be read (see the server's log)")


def _add_explorer(app: FastAPI) -> None:
    @app.get("/", include_in_schema=False)
    def explorer() -> FileResponse:
        return FileResponse(EXPLORER / "index.html", media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(EXPLORER / "docs.html", media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})

    app.mount("/assets", StaticFiles(directory=EXPLORER), name="assets")
