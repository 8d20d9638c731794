"""Reading files in worker processes: a process pool over the files, each file read whole by
one worker (``files.read_file``), the results handed back in the order the files were found,
so nothing depends on which worker finished first.

The pool is used when more than one worker is asked for and there are at least two files to
read; otherwise, and with ``workers=1``, the files are read in this process one after the
other, by the same function. A worker that dies (a crash in a library reading a damaged file,
the memory running out) makes the pool unusable: the files it had not finished are read again,
one worker at a time, so that the file that ends its worker is found, and that file alone
becomes a ``file-unreadable`` data issue. An interrupt (Ctrl-C) ends every worker before it
is passed on: workers ignore it themselves, so only this process decides.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import TYPE_CHECKING

from integaudit.ingest.discover import Found
from integaudit.ingest.files import FileResult, pseudonyms_made, read_file, unreadable
from integaudit.ingest.headers import AliasIndex

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

    from integaudit.ingest import LoadOptions

Advance = Callable[[str], None]
# Why a file is unreadable when the worker reading it ended without an answer.
WORKER_DIED = "the process reading it ended unexpectedly"
# How long a worker told to stop may take before it is killed, in seconds.
_STOP_TIMEOUT = 5.0


def available_cores() -> int:
    """Return the number of CPU cores this process may run on (at least 1)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return max(1, counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def read_files(
    items: Sequence[Found],
    options: LoadOptions,
    index: AliasIndex,
    advance: Advance | None = None,
) -> list[FileResult]:
    """Return what each of ``items`` gives, in their order, reading them in
    ``options.workers`` processes; ``advance(display)`` is called as each file is done."""
    workers = min(options.workers, len(items))
    if workers < 2:
        results = []
        for item in items:
            results.append(read_file(item.path, item.display, options, index))
            if advance:
                advance(item.display)
        return results
    done: dict[int, FileResult] = {}
    pending = list(range(len(items)))
    alone = False
    while pending:
        died = _run_pool(items, pending, 1 if alone else workers, options, index, done, advance)
        if died and alone:
            # One worker reads the files in order: the first it did not finish ended it.
            culprit = items[died[0]]
            done[died[0]] = unreadable(culprit.path, culprit.display, options, WORKER_DIED)
            if advance:
                advance(culprit.display)
            died = died[1:]
        alone = alone or bool(died)
        pending = died
    return [done[i] for i in range(len(items))]


def _read_in_worker(item: Found, options: LoadOptions, index: AliasIndex) -> FileResult:
    """Return what the file gives, read in a worker process, with the pseudonyms made."""
    result = read_file(item.path, item.display, options, index)
    result.pseudonyms = pseudonyms_made(options.pseudonymiser)
    return result


def _run_pool(
    items: Sequence[Found],
    indices: list[int],
    workers: int,
    options: LoadOptions,
    index: AliasIndex,
    done: dict[int, FileResult],
    advance: Advance | None,
) -> list[int]:
    """Read the files at ``indices`` in a pool of ``workers`` processes into ``done``; return
    the indices of those whose worker died, in order (empty when none did)."""
    executor = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_ignore_interrupt)
    died: list[int] = []
    try:
        with _interrupt_held():
            futures: dict[Future[FileResult], int] = {
                executor.submit(_read_in_worker, items[i], options, index): i for i in indices
            }
        for future in as_completed(futures):
            i = futures[future]
            try:
                done[i] = future.result()
            except BrokenProcessPool:
                died.append(i)
                continue
            except Exception as exc:  # the result could not be sent back, for one
                item = items[i]
                done[i] = unreadable(item.path, item.display, options, f"{exc}")
            if advance:
                advance(items[i].display)
    except BaseException:
        _stop(executor)
        raise
    executor.shutdown(wait=True)
    return sorted(died)


def _context() -> BaseContext:
    """Return how worker processes are started: forked on Linux while this process has one
    thread (fast, nothing to import again), else spawned afresh (safe anywhere)."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _ignore_interrupt() -> None:
    """Make a worker process ignore Ctrl-C: the main process stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold back Ctrl-C while worker processes start (they inherit the held signal and ignore
    it before letting it through); an interrupt meanwhile arrives when the block ends."""
    hold = (
        hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    )
    if hold:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if hold:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _stop(executor: ProcessPoolExecutor) -> None:
    """Cancel what the pool has not started and end its worker processes now."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(_STOP_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
