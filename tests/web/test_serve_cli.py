"""`dotterel serve`: option parsing only (the app itself is tested through the ASGI client)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")

from dotterel.cli import app  # noqa: E402


def test_refuses_a_store_that_does_not_exist(tmp_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2
    assert "no such store" in result.output and "dotterel code" in result.output


@pytest.mark.parametrize(("args", "host", "hosts"), [
    ([], "127.0.0.1", ["127.0.0.1", "localhost", "::1", "[::1]"]),
    (["--host", "0.0.0.0"], "0.0.0.0", None),
    (["--host", "0.0.0.0", "--allow-host", "events.lan"], "0.0.0.0", ["events.lan", "0.0.0.0"]),
])
def test_serves_the_store_read_only_on_loopback_by_default(monkeypatch, store_path, args, host, hosts):
    import dotterel.web.app
    import dotterel.web.server

    seen = {}
    made = dotterel.web.app.create_app

    def fake_create_app(store, *, allowed_hosts=None):
        seen.update(read_only=store.read_only, hosts=allowed_hosts)
        return made(store, allowed_hosts=allowed_hosts)

    monkeypatch.setattr(dotterel.web, "create_app", fake_create_app)
    monkeypatch.setattr(dotterel.web.server, "serve", lambda a, *, host, port: seen.update(host=host, port=port))
    result = CliRunner().invoke(app, ["serve", "--db", str(store_path), "--port", "8123", *args])
    assert result.exit_code == 0, result.output
    assert seen == {"read_only": True, "hosts": hosts, "host": host, "port": 8123}
    assert f"http://{host}:8123/" in result.output
    assert ("anyone who can reach" in result.output) == (host != "127.0.0.1")
