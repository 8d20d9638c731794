"""Reading files in worker processes: a process pool over batches of consecutive files, each
batch read and parsed whole by one worker (``files.read_batch``), the results put together in
the order the files were found, so nothing depends on which worker finished first.

The files are cut into BATCHES_PER_WORKER batches per worker of about the same size in bytes:
enough to keep every worker busy to the end and to hold only part of the cells in memory at
a time, few enough that parsing costs little more than in one pass. The pool is used when
more than one worker is asked for and there are at least two files to read; otherwise, and
with ``workers=1``, the batches are read in this process one after the other, by the same
function — except a file whose reading the checks before it cannot bound (an xls, xlsb or
ods: ``container.read_within_checks``), which is read in a worker process of its own.

A worker reads each file under limits (README "Limits"): its memory may grow by
``LoadOptions.read_memory`` (RLIMIT_AS), and each file may take READ_SECONDS of processor
time (RLIMIT_CPU, moved on before each file). A worker that dies (over a limit, a crash in a
library reading a damaged file) makes the pool unusable: the files it had not finished
are read again, one file at a time in one worker, so that the file that ends its worker is
found, and that file alone becomes a ``file-over-read-limits`` data issue. An interrupt
(Ctrl-C, or SIGTERM and SIGHUP, which the command turns into signals.Stopped) ends every
worker before it is passed on: workers ignore Ctrl-C themselves, so only this process
decides, and a worker whose parent died ends by itself. Other work done file by file
(anonymise's copies) goes through the same pool, batches and limits (``run_each``).
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from integaudit.ingest import limits
from integaudit.ingest.batching import batches, by_size
from integaudit.ingest.container import read_within_checks
from integaudit.ingest.discover import Found
from integaudit.ingest.files import (
    UNREADABLE,
    Batch,
    Parsed,
    over_limits,
    pseudonyms_made,
    read_batch,
    unreadable,
)
from integaudit.ingest.headers import AliasIndex
from integaudit.memory import collect_less_often, release_freed_blocks
from integaudit.signals import STOP_SIGNALS, as_worker

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

    from integaudit.ingest import LoadOptions

Advance = Callable[[str], None]
T = TypeVar("T")
Item = TypeVar("Item")
Done = TypeVar("Done")
# Batches of files per worker: see the module's docstring.
BATCHES_PER_WORKER = 6
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


@dataclass(frozen=True)
class Work(Generic[Item, Done]):
    """What the pool's processes do with a batch of consecutive items (files to read, copies
    to make): ``batch(items)``, run in a worker whose memory may grow by ``memory`` bytes at
    most (None: no limit), a function of a module or a partial of one (it is pickled for a
    spawned worker); ``ended(item)``, what an item becomes that ends its worker when done
    alone; ``failed(items, error)``, what a batch becomes whose worker raised an error a file
    may cause (UNREADABLE) or whose result could not be sent back (None: the error is raised
    here); ``finished(items)`` is called as each batch is done."""

    batch: Callable[[list[Item]], Done]
    memory: int | None
    ended: Callable[[Item], Done]
    failed: Callable[[list[Item], BaseException], Done] | None = None
    finished: Callable[[list[Item]], None] | None = None


def read_files(
    items: Sequence[Found],
    options: LoadOptions,
    index: AliasIndex,
    advance: Advance | None = None,
) -> list[Batch]:
    """Return ``items`` read and parsed, as batches in their order, reading them in
    ``options.workers`` processes; ``advance(display)`` is called as each file is read."""
    workers = min(options.workers, len(items))
    groups = batches(items, max(workers, 1) * BATCHES_PER_WORKER)
    work = _reading(options, index, advance)
    if workers < 2:
        return [_read_here(group, options, index, work, advance) for group in groups]
    done: dict[int, Batch] = {}
    for i in _run_pool(groups, range(len(groups)), workers, work, done):
        done[i] = _joined(_one_by_one(groups[i], work))
    return [done[i] for i in range(len(groups))]


def _reading(
    options: LoadOptions, index: AliasIndex, advance: Advance | None
) -> Work[Found, Batch]:
    """Return the work of reading files in worker processes: a batch read and parsed whole
    (``_read_in_worker``); a file that ends its worker alone, or a batch whose worker raised
    an error a file may cause, made data issues of the files."""

    def finished(items: list[Found]) -> None:
        for item in items:
            if advance:
                advance(item.display)

    def ended(item: Found) -> Batch:
        return Batch([Parsed([over_limits(item.path, item.display, options)])])

    def failed(items: list[Found], exc: BaseException) -> Batch:
        return Batch([Parsed([unreadable(f.path, f.display, options, f"{exc}") for f in items])])

    task = functools.partial(_read_in_worker, options=options, index=index)
    return Work(task, options.read_memory, ended, failed, finished)


def _read_here(
    items: list[Found],
    options: LoadOptions,
    index: AliasIndex,
    work: Work[Found, Batch],
    advance: Advance | None,
) -> Batch:
    """Return a batch read in this process, but for its files whose reading the checks
    before it cannot bound: each of those is read by a worker process of its own."""
    parts: list[Parsed] = []
    pseudonyms: dict[str, str] = {}
    run: list[Found] = []
    for item in [*items, None]:
        if item is not None and read_within_checks(item.path):
            run.append(item)
            continue
        if run:
            parts.extend(read_batch(run, options, index, advance).parts)
            run = []
        if item is not None:
            alone = _joined(_one_by_one([item], work))
            parts.extend(alone.parts)
            pseudonyms.update(alone.pseudonyms)
    return Batch(parts, pseudonyms)


def _joined(done: list[Batch]) -> Batch:
    """Return batches read one after the other as one batch."""
    parts = [part for batch in done for part in batch.parts]
    return Batch(parts, {k: v for batch in done for k, v in batch.pseudonyms.items()})


def _one_by_one(items: list[Item], work: Work[Item, Done]) -> list[Done]:
    """Return the items of a batch whose worker died, done again one at a time by one worker,
    each as a batch of its own: an item that ends its worker again becomes ``work.ended``."""
    singles = [[item] for item in items]
    done: dict[int, Done] = {}
    pending: Sequence[int] = range(len(singles))
    while pending:
        died = _run_pool(singles, pending, 1, work, done)
        if died:
            # The worker does the items in order: the first it did not finish ended it.
            (culprit,) = singles[died[0]]
            done[died[0]] = work.ended(culprit)
            if work.finished:
                work.finished([culprit])
        pending = died[1:]
    return [done[i] for i in range(len(singles))]


def run_each(
    task: Callable[[Item], T],
    items: Sequence[Item],
    sizes: Sequence[int],
    workers: int,
    memory: int,
) -> list[T | None]:
    """Return ``task(item)`` for each of ``items``, in their order, done in ``workers`` worker
    processes as the files are read: in BATCHES_PER_WORKER batches per worker of consecutive
    items of about the same ``sizes`` (in bytes), each worker under the limits of reading one
    file (``memory`` bytes more, READ_SECONDS of processor time per item). A batch whose
    worker died is done again one item at a time by one worker; an item that ends that worker
    too is None. An error ``task`` raises is raised here, the workers stopped. ``task`` is a
    function of a module, or a partial of one."""
    groups = by_size(items, sizes, workers * BATCHES_PER_WORKER)
    work: Work[Item, list[T | None]] = Work(
        functools.partial(_each_in_worker, task), memory, lambda _: [None]
    )
    done: dict[int, list[T | None]] = {}
    for i in _run_pool(groups, range(len(groups)), workers, work, done):
        done[i] = [found for one in _one_by_one(groups[i], work) for found in one]
    return [found for i in range(len(groups)) for found in done[i]]


def _each_in_worker(task: Callable[[Item], T], items: list[Item]) -> list[T | None]:
    """Return ``task(item)`` for each item, in a worker process: each may take READ_SECONDS
    of processor time."""
    found: list[T | None] = []
    for item in items:
        limits.allow_time(limits.READ_SECONDS)
        found.append(task(item))
    return found


def _read_in_worker(items: list[Found], options: LoadOptions, index: AliasIndex) -> Batch:
    """Return the files read and parsed in a worker process, with the pseudonyms made; each
    file (and then the parsing of the batch) may take READ_SECONDS of processor time."""
    limits.allow_time(limits.READ_SECONDS)
    batch = read_batch(items, options, index, lambda _: limits.allow_time(limits.READ_SECONDS))
    batch.pseudonyms = pseudonyms_made(options.pseudonymiser)
    return batch


def _run_pool(
    groups: Sequence[list[Item]],
    indices: Sequence[int],
    workers: int,
    work: Work[Item, Done],
    done: dict[int, Done],
) -> list[int]:
    """Do the batches at ``indices`` in a pool of ``workers`` processes into ``done``; return
    the indices of those whose worker died, in order (empty when none did)."""
    before = set(multiprocessing.active_children())
    executor = ProcessPoolExecutor(
        workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(os.getpid(), work.memory),
    )
    died: list[int] = []
    try:
        with _interrupt_held():
            futures: dict[Future[Done], int] = {
                executor.submit(work.batch, groups[i]): i for i in indices
            }
        let_go_of_results(executor, workers)
        for future in as_completed(futures):
            i = futures[future]
            try:
                done[i] = future.result()
            except BrokenProcessPool:
                died.append(i)
                continue
            except (*UNREADABLE, pickle.PickleError) as exc:  # e.g. the result not sent back
                if work.failed is None:
                    raise
                done[i] = work.failed(groups[i], exc)
            if work.finished:
                work.finished(groups[i])
    except BaseException:
        _stop(executor, before)
        raise
    executor.shutdown(wait=True)
    return sorted(died)


def let_go_of_results(executor: ProcessPoolExecutor, workers: int) -> None:
    """Close this process's write end of the pipe the pool's workers send results through,
    once all ``workers`` have started (they have their own).

    A worker that ends while it sends a batch (killed, out of memory) leaves part of it in
    the pipe, and the pool's thread would wait for the rest for ever, as would this process
    (and its exit, which joins that thread). With no write end left open here, the thread
    reads the end of the pipe instead, and the pool counts as broken: the batches not done
    are read again one file at a time (``_one_by_one``)."""
    results = getattr(executor, "_result_queue", None)
    started = getattr(executor, "_processes", None) or {}
    if results is not None and len(started) == workers:
        results._writer.close()


def _context() -> BaseContext:
    """Return how worker processes are started: forked on Linux while this process has one
    thread (fast, nothing to import again), else spawned afresh (safe anywhere)."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(parent: int, memory: int | None = None) -> None:
    """Make a worker process ignore Ctrl-C (the main process stops the workers itself), end at
    SIGTERM and SIGHUP and when its parent dies (signals.as_worker), use and hand back memory
    and collect garbage as the main process does (a spawned worker starts afresh), and let
    its memory grow by ``memory`` bytes at most (a reading worker's; None for other work)."""
    release_freed_blocks()
    collect_less_often()
    if memory is not None:
        limits.allow_memory(memory)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    as_worker(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, *STOP_SIGNALS})


@contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP while worker processes start (they inherit the held
    signals and set their own handling before letting them through); a signal meanwhile
    arrives when the block ends."""
    hold = (
        hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    )
    held = {signal.SIGINT, *STOP_SIGNALS}
    if hold:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if hold:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def _stop(executor: ProcessPoolExecutor, before: set[BaseProcess]) -> None:
    """Cancel what the pool has not started and end its worker processes now: those the pool
    lists and any child process started since ``before`` was taken. Return when every one
    has ended and the pool's own thread has let go of them."""
    listed = (getattr(executor, "_processes", None) or {}).values()
    processes = {*listed, *(set(multiprocessing.active_children()) - before)}
    manager = getattr(executor, "_executor_manager_thread", None)
    results = getattr(executor, "_result_queue", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(_STOP_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
    if results is not None:
        results._writer.close()  # see let_go_of_results
    # The pool's thread joins the ended workers too; two threads waiting for the same process
    # can leave it counted as alive, so this one waits until that thread is done.
    if manager is not None:
        manager.join(_STOP_TIMEOUT)


def run_alone(function: Callable[..., T], *args: Any, memory: int) -> T | None:
    """Return ``function(*args)`` run in a worker process of its own under the limits of
    reading one file (``memory`` bytes more, READ_SECONDS of processor time); None when the
    worker ended without an answer (over a limit, or a crash in a reader)."""
    before = set(multiprocessing.active_children())
    executor = ProcessPoolExecutor(
        1, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(), memory)
    )
    found: T | None = None
    try:
        with _interrupt_held():
            future = executor.submit(_timed, function, *args)
        let_go_of_results(executor, 1)
        with contextlib.suppress(BrokenProcessPool):
            found = future.result()
    except BaseException:
        _stop(executor, before)
        raise
    executor.shutdown(wait=True)
    return found


def _timed(function: Callable[..., T], *args: Any) -> T:
    """Return ``function(*args)`` with READ_SECONDS of processor time allowed."""
    limits.allow_time(limits.READ_SECONDS)
    return function(*args)


def side_pool(workers: int, fork: bool = False) -> ProcessPoolExecutor:
    """Return a pool of ``workers`` processes for other work of this program, started as the
    reading pool's are (see _context; forked with ``fork``, for work that the processes find
    in this one's memory) and, like them, ignoring Ctrl-C."""
    context = multiprocessing.get_context("fork") if fork else _context()
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )
