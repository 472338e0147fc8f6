"""The command line: thin over `dotterel.api`; only this package prints or exits.

One module per command (or command group); each registers itself on `app` here.
"""
from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="dotterel: news in, PLOVER event data out.")


def _register() -> None:
    from dotterel.cli import (  # noqa: F401  (registration on import)
        actors, code, dedup, evaluate, events, export, serve, version,
    )


def main() -> None:
    _register()
    app()


_register()
