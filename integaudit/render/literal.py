"""Text from inputs, paths and config as the terminal shows it: as written.

Everything printed goes through :func:`literal`, the one place that makes such text safe for
Rich: markup (``[/]``, ``[bold]``) and emoji codes (``:smile:``) in it are never read, lone
surrogates (the undecodable bytes of a file name or an argument) and control characters
other than tab and line breaks become U+FFFD (an ESC in a file name must not reach the
terminal as an escape sequence), and a CPR number, in a path or anywhere else, is shown by
its pseudonym (SPEC §4.4). Every console of the command line comes from
:func:`console`, which reads no markup or emoji codes in any text either, so text that does
not pass through :func:`literal` still prints as written.
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console
from rich.text import Text

from integaudit.errors import readable
from integaudit.privacy.run import run_pseudonymiser

# Environment variables Rich reads as numbers, with int(): a value of other digits ("²³")
# would end the run before anything is printed.
_NUMBERS_READ = ("COLUMNS", "LINES", "JUPYTER_COLUMNS", "JUPYTER_LINES")


def printable(value: Any) -> str:
    """Return ``value`` as text the terminal shows as written (see the module docstring),
    without markup of its own."""
    return run_pseudonymiser().scrub_text(readable(str(value)))


def literal(value: Any, style: str = "") -> Text:
    """Return ``value`` as a Rich Text printed as written, in ``style``: the one way text
    from inputs, paths and config reaches the terminal."""
    return Text(printable(value), style=style)


def console(stderr: bool = False, width: int | None = None) -> Console:
    """Return a console of the command line: no markup, emoji codes or highlighting read in
    any text, ``width`` columns wide (None: the terminal's, or COLUMNS)."""
    return Console(
        stderr=stderr,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        _environ={k: v for k, v in os.environ.items() if _usable(k, v)},
    )


def _usable(name: str, value: str) -> bool:
    """Return False for a size variable Rich would fail to read as a whole number."""
    return name not in _NUMBERS_READ or (value.isascii() and value.isdigit())
