"""Shared fixtures: one pipeline per test session (the spaCy model loads once)."""
from __future__ import annotations

import pytest

from dotterel.model import Mention


@pytest.fixture(scope="session")
def pipeline():
    from dotterel.api import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def code(pipeline):
    """Code a text; returns its mentions."""
    from dotterel.model import Article

    def run(text: str, published: str = "2021-03-10", title: str | None = None) -> list[Mention]:
        coded = pipeline(Article(doc_id="t", text=text, published=published, title=title))
        assert coded.error is None, coded.error
        return coded.mentions

    return run


def only(mentions: list[Mention], type_: str) -> list[Mention]:
    return [m for m in mentions if m.type == type_]


@pytest.fixture
def http_server(monkeypatch):
    """A web server on 127.0.0.1 in a background thread, for readers that fetch URLs.

    `add(path, body, content_type, delay=0.0)` serves `body` at `path` and returns its URL;
    every other path answers 404. The server stops when the test ends.
    """
    import http.server
    import threading
    import time

    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    routes: dict[str, tuple[bytes, str, float]] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            if self.path not in routes:
                self.send_error(404, "Not Found")
                return
            body, content_type, delay = routes[self.path]
            time.sleep(delay)
            try:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests)

        def log_message(self, *args) -> None:  # keep test output clean
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False  # a handler still sleeping must not hold the test up
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    def add(path: str, body: bytes, content_type: str, delay: float = 0.0) -> str:
        routes[path] = (body, content_type, delay)
        return f"http://127.0.0.1:{server.server_port}{path}"

    yield add
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
