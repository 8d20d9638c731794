"""The command line: one module per command group, each command parsing its options, calling
the library (``integaudit.api``) and rendering what it returns."""

from __future__ import annotations

from typing import Annotated

import typer

from integaudit import __version__
from integaudit.cli import check, due, files, info, privacy, sampling
from integaudit.cli.common import app
from integaudit.memory import collect_less_often, release_freed_blocks

__all__ = ["app", "check", "due", "files", "info", "main", "privacy", "sampling"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"integaudit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Audit Danish integration contracts against the integration law's rules."""


def main() -> None:
    """Run the CLI (console script entry point)."""
    release_freed_blocks()
    collect_less_often()
    app()
