"""Freed memory goes back to the system (integaudit.memory): the CLI fixes glibc's mmap
threshold before it reads anything."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from integaudit.memory import release_freed_blocks

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def test_the_threshold_is_fixed_where_the_c_library_is_glibc() -> None:
    assert release_freed_blocks() is GLIBC


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_a_freed_column_leaves_the_process_smaller_once_the_threshold_is_fixed() -> None:
    # A 1 MiB array is under the threshold glibc has raised itself to after a larger block
    # was freed: freed, it stays in the heap unless the threshold is fixed.
    probe = """
import sys
import numpy as np
from integaudit.memory import release_freed_blocks
if sys.argv[1] == "fixed":
    release_freed_blocks()
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096
big = np.ones(2 << 20)  # 16 MiB: freed, glibc raises its threshold to its size
del big
blocks = [np.ones(1 << 17) for _ in range(200)]  # 200 MiB in blocks of 1 MiB
before = resident()
del blocks[::2]  # every other block: holes in the heap, not at its end
print(before - resident())
"""
    freed = {
        mode: int(subprocess.check_output([sys.executable, "-c", probe, mode], text=True))
        for mode in ("default", "fixed")
    }
    assert freed["fixed"] > 90 << 20
    assert freed["default"] < 10 << 20


def test_garbage_is_looked_for_once_every_collect_every_new_containers() -> None:
    # In a process of its own: freezing and the thresholds hold for the whole process.
    probe = """
import gc
from integaudit.memory import COLLECT_EVERY, collect_less_often
young = []
gc.callbacks.append(lambda phase, info: phase == "start" and young.append(info["generation"]))
rows = [[i] for i in range(3 * 700)]
before = len(young)
collect_less_often()
frozen = gc.get_freeze_count()
rows = [[i] for i in range(COLLECT_EVERY // 2)]
during = len(young)
rows += [[i] for i in range(COLLECT_EVERY)]
print(before, frozen > 0, during, len(young))
"""
    before, frozen, during, after = subprocess.check_output(
        [sys.executable, "-c", probe], text=True
    ).split()
    assert int(before) >= 2  # once every 700 by default
    assert frozen == "True"
    assert during == before  # none while under the threshold
    assert int(after) > int(during)  # but it still runs


def _faults_of_columns_made_and_freed() -> int:
    """Return the page faults of making and freeing a column of 1 MiB fifty times."""
    import resource

    import numpy as np

    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(50):
        column = np.ones(1 << 17)
        del column
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_a_reading_worker_uses_a_freed_column_again_and_other_workers_give_it_back() -> None:
    from integaudit.ingest import pool

    # Each new mapping of 1 MiB is 256 pages faulted in; the heap's block is faulted once.
    reading = pool.run_alone(_faults_of_columns_made_and_freed, memory=1 << 31)
    with pool.side_pool(1) as other:
        given_back = other.submit(_faults_of_columns_made_and_freed).result()
    assert reading is not None and reading < 2_000
    assert given_back > 10_000
