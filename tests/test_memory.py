"""How the memory of columns is used and handed back (integaudit.memory): the CLI and its
workers fix glibc's mmap threshold before they read anything, a freed column is used again,
the heap's free pages go back when given back, and garbage is looked for less often."""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from integaudit import ingest
from integaudit.memory import release_freed_blocks
from integaudit.privacy.pseudonyms import Pseudonymiser
from tests.paths import ROOT

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def test_the_threshold_is_fixed_where_the_c_library_is_glibc() -> None:
    assert release_freed_blocks() is GLIBC


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_the_heaps_free_pages_go_back_to_the_system_when_given_back() -> None:
    probe = """
import numpy as np
from integaudit.memory import give_back, release_freed_blocks
release_freed_blocks()
def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096
blocks = [np.ones(1 << 17) for _ in range(200)]  # 200 MiB in blocks of 1 MiB
before = resident()
del blocks[::2]  # every other block: holes in the heap, not at its end
kept = before - resident()
give_back()
print(kept, before - resident())
"""
    kept, given = map(int, subprocess.check_output([sys.executable, "-c", probe]).split())
    assert kept < 10 << 20  # freed, but kept in the heap for the next column
    assert given > 90 << 20


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
    """Return the page faults of making and freeing a column of 1 MiB fifty times: each
    taken from malloc, as numpy takes an array's data, and written to (the C library's own
    calls, so no version of numpy or its caches stands between)."""
    import ctypes
    import resource

    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    size = 1 << 20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(50):
        column = libc.malloc(size)
        ctypes.memset(column, 1, size)
        libc.free(column)
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_a_freed_column_is_used_again_instead_of_new_pages() -> None:
    probe = """
import ctypes, sys
from integaudit.memory import M_MMAP_THRESHOLD, release_freed_blocks
from tests.test_memory import _faults_of_columns_made_and_freed
if sys.argv[1] == "fixed":
    release_freed_blocks()
else:  # every column a mapping of its own
    ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, 128 * 1024)
print(_faults_of_columns_made_and_freed())
"""
    faults = {
        mode: int(subprocess.check_output([sys.executable, "-c", probe, mode], cwd=ROOT))
        for mode in ("fixed", "mapped")
    }
    # A new mapping of 1 MiB is 256 pages faulted in; the heap's block is faulted in once.
    assert faults["fixed"] < 2_000
    assert faults["mapped"] > 10_000


@pytest.mark.skipif(not GLIBC, reason="glibc's malloc only")
def test_a_reading_worker_uses_a_freed_column_again() -> None:
    from integaudit.ingest import pool

    faults = pool.run_alone(_faults_of_columns_made_and_freed, memory=1 << 31)
    assert faults is not None and faults < 2_000


def test_the_follow_ups_of_a_list_cell_share_one_text_for_their_column(tmp_path: Path) -> None:
    """Every follow-up read from a one-cell list names its column with the same text object:
    a copy per follow-up is ten million strings at 2 000 000 contracts."""
    lines = ["Kontrakt-id;Kommune;Overtagelsesdato;Underskrevet;Opfølgninger"]
    lines += [
        f"K-{i};Aarhus;06-01-2014;20-01-2014;15-02-2014, 01-04-2014, 20-05-2014" for i in range(50)
    ]
    (tmp_path / "aarhus.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ingest.LoadOptions(as_of=dt.date(2014, 6, 30), pseudonymiser=Pseudonymiser(b"k"))
    follow_ups = ingest.load([tmp_path], options).follow_ups
    assert len(follow_ups) == 150
    texts = follow_ups["column"].to_numpy(dtype=object)
    assert len({id(text) for text in texts}) == len(set(texts)) == 1
