from __future__ import annotations

import typer

from dotterel._version import __version__
from dotterel.cli import app


@app.command("version")
def version_cli() -> None:
    """Print the version."""
    typer.echo(__version__)
