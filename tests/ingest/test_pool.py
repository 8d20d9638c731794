"""How files are cut into batches for the worker processes (ingest.pool.batches)."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from integaudit.ingest.discover import Found
from integaudit.ingest.pool import batches


def _files(folder: Path, sizes: list[int]) -> list[Found]:
    found = []
    for i, size in enumerate(sizes):
        path = folder / f"{i:03d}.csv"
        path.write_bytes(b"x" * size)
        found.append(Found(path, path.name))
    return found


@pytest.mark.parametrize("count", [1, 2, 6, 12, 50])
def test_batches_are_runs_of_consecutive_files_in_order(tmp_path: Path, count: int) -> None:
    items = _files(tmp_path, [1000, 10, 5000, 300, 300, 300, 2000, 0, 700, 40])
    cut = batches(items, count)
    assert [item for batch in cut for item in batch] == items
    assert all(cut) and len(cut) <= min(count, len(items))


def test_batches_hold_about_the_same_bytes(tmp_path: Path) -> None:
    items = _files(tmp_path, [100] * 60)
    assert [len(batch) for batch in batches(items, 6)] == [10] * 6


def test_no_files_no_batches() -> None:
    assert batches([], 12) == []


# A pool whose worker ended while it sent a result: part of the result is in the pipe and
# the pool's thread reads on, waiting for the rest. Run in a process of its own, as a thread
# left waiting would hold up the exit of the process that started it.
_HALF_SENT = """
import os, struct, sys, time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
import multiprocessing
from integaudit.ingest import pool

executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context(sys.argv[1]))
assert executor.submit(abs, -1).result() == 1
manager = executor._executor_manager_thread
(worker,) = executor._processes.values()
pending = executor.submit(time.sleep, 60)
time.sleep(0.5)
# The header of a message of 1000 bytes, and 10 of them, as the worker would have sent them.
os.write(executor._result_queue._writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
time.sleep(0.5)
assert manager.is_alive()
if sys.argv[2] == "stop":  # Ctrl-C: the pool is stopped
    pool._stop(executor, set())
else:  # the worker dies
    pool.let_go_of_results(executor, 1)
    worker.kill()
    try:
        pending.result(timeout=60)
    except BrokenProcessPool:
        print("broken", end=" ")
manager.join(60)
print("ended" if not manager.is_alive() else "still waiting", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("start", ["fork", "spawn"])
@pytest.mark.parametrize(("how", "expected"), [("stop", "ended"), ("dies", "broken ended")])
def test_a_result_half_sent_neither_holds_up_the_pool_nor_the_exit(
    start: str, how: str, expected: str
) -> None:
    if start not in multiprocessing.get_all_start_methods():
        pytest.skip(f"{start} is not available here")
    done = subprocess.run(
        [sys.executable, "-c", _HALF_SENT, start, how], capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
