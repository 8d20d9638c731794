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

import io
import os
import sys
from typing import IO, Any, cast

from rich.console import Console
from rich.text import Text

from integaudit.errors import IntegauditError, readable
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
    any text, ``width`` columns wide (None: the terminal's, or COLUMNS); writing to it when
    its stream is closed or full raises IntegauditError (:class:`Stream`)."""
    return Console(
        file=cast("IO[str]", Stream("stderr" if stderr else "stdout")),
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        _environ={k: v for k, v in os.environ.items() if _usable(k, v)},
    )


def _usable(name: str, value: str) -> bool:
    """Return False for a size variable Rich would fail to read as a whole number."""
    return name not in _NUMBERS_READ or (value.isascii() and value.isdigit())


class Stream(io.TextIOBase):
    """The process's stdout or stderr as the command writes to it (looked up at each write,
    as a test runner swaps them): a write or flush that fails — a full disk or /dev/full, a
    stream closed before the run began — raises IntegauditError naming the stream, instead of
    ending the run in a traceback; a pipe whose reader has gone raises BrokenPipeError, which
    ends the run quietly with 141 (cli.common)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.stream_name = name

    def _target(self) -> Any:
        found = getattr(sys, self.stream_name, None)
        if found is None:  # Python starts with no stdout when its descriptor is closed
            closed = IntegauditError(key="reason.stream-closed")
            raise IntegauditError(key="stream-failed", stream=self.stream_name, reason=closed)
        return found

    def write(self, text: str) -> int:
        """Write ``text`` to the stream."""
        target = self._target()
        try:
            target.write(text)
        except BrokenPipeError:
            raise  # the reader has gone (`| head`): the run ends quietly (cli.common)
        except (OSError, ValueError) as exc:
            raise _failed(self.stream_name, exc) from None
        return len(text)

    def flush(self) -> None:
        """Flush the stream."""
        target = self._target()
        try:
            target.flush()
        except BrokenPipeError:
            raise  # the reader has gone (`| head`): the run ends quietly (cli.common)
        except (OSError, ValueError) as exc:
            raise _failed(self.stream_name, exc) from None

    def isatty(self) -> bool:
        """Return whether the stream is a terminal (False when it cannot be told)."""
        try:
            return bool(self._target().isatty())
        except (IntegauditError, OSError, ValueError, AttributeError):
            return False

    def fileno(self) -> int:
        """Return the stream's file descriptor."""
        return int(self._target().fileno())

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """Return the stream's encoding."""
        try:
            return str(getattr(self._target(), "encoding", None) or "utf-8")
        except IntegauditError:
            return "utf-8"


def _failed(name: str, exc: Exception) -> IntegauditError:
    """Return the error of a stream that could not be written, and make the process's own
    last flush of it at exit harmless (its descriptor then leads nowhere)."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    try:
        target = getattr(sys, name)
        descriptor = target.fileno()
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, descriptor)
        os.close(nowhere)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        pass  # no descriptor of its own (a test runner's stream): nothing flushes it later
    return IntegauditError(key="stream-failed", stream=name, reason=reason)


def write_out(text: str) -> None:
    """Write ``text`` to stdout as it is (a JSON document, a Markdown page); raise
    IntegauditError when stdout is closed or full."""
    out = Stream("stdout")
    out.write(text)
