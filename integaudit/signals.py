"""Stopping a run from outside: SIGTERM (``kill PID``, a CI job cancelled) and SIGHUP (the
terminal closed) stop a command the way Ctrl-C does, every worker process ended and no output
half-written, with the shell's exit code for the signal (143, 129). A worker process whose
parent has died, however it died, ends by itself."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

# The signals that stop a run as Ctrl-C does (SIGHUP does not exist on Windows).
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
# prctl(2): ask the kernel to send a signal to this process when its parent dies.
_PR_SET_PDEATHSIG = 1
# How often a worker without prctl looks whether its parent is still there, in seconds.
_WATCH_SECONDS = 1.0


class Stopped(BaseException):
    """The run was stopped by ``signum`` (SIGTERM, SIGHUP). Like KeyboardInterrupt it is no
    Exception, so nothing on the way mistakes it for an error of one file."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = int(signum)


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def stop_on_signals() -> None:
    """Make SIGTERM and SIGHUP raise Stopped in this (main) thread; elsewhere do nothing."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in STOP_SIGNALS:
        signal.signal(signum, _stop)


def as_worker(parent: int) -> None:
    """Make this process a worker of ``parent``: SIGTERM and SIGHUP end it at once (the
    default), and it ends when ``parent`` dies (on Linux the kernel sends it SIGTERM; elsewhere
    a thread looks every second)."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    if sys.platform == "linux":
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            _watch(parent)
    else:
        _watch(parent)
    if os.getppid() != parent:  # the parent died before it could be watched
        os._exit(1)


def _watch(parent: int) -> None:
    """End this process when its parent is no longer ``parent``."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="integaudit-parent-watch", daemon=True).start()
