"""How this process hands freed memory back to the system, and how often it looks for
garbage.

glibc serves an allocation below its mmap threshold from the heap, and raises that threshold
each time a larger block is freed, up to 32 MiB. The columns of an audit (a few MiB to tens
of MiB each, made and let go as each step runs) then stay in the heap once freed: a check of
200 000 contracts held about 300 MiB more than it used. A fixed threshold makes every large
block its own mapping, given back the moment it is freed.

Each such mapping is new memory, and the system fills every page of it with zeros the first
time it is touched: a column of 200 000 contracts is 400 pages. A process reading files in a
worker makes and frees the same columns file after file, so it fixes the threshold at
READING_THRESHOLD instead: its columns come from the heap, used again for the next file. At
200 000 contracts the two workers' page faults fell from 470 000 to 160 000 (their system
time from 1.0 to 0.4 s) and their peak stayed at 150-160 MiB each.

Python's cyclic garbage collector runs each time 700 more container objects (lists, dicts,
rows of cells) were made than freed. Reading a sheet makes a list per row and a cell object
per value, hundreds of thousands of them, almost none of which are ever part of a cycle: a
collection every 700 of them, each older generation looked through again and again, took
about 7 % of a check's processor time.
"""

from __future__ import annotations

import ctypes
import gc
import sys

# mallopt's parameter for the mmap threshold (malloc.h), and the threshold: 128 KiB, glibc's
# own starting value.
M_MMAP_THRESHOLD = -3
M_TRIM_THRESHOLD = -1
MMAP_THRESHOLD = 128 * 1024
READING_THRESHOLD = 4 * 1024 * 1024
# Container objects made (net) between two collections of the youngest generation.
COLLECT_EVERY = 50_000


def release_freed_blocks(threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix the C library's mmap threshold at ``threshold`` bytes (glibc only); return whether
    it was fixed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    # The free top of the heap is kept up to twice the threshold (as glibc keeps it when it
    # moves the threshold itself), so a block freed there is not handed back to be faulted in
    # again by the next one.
    kept = mallopt(M_TRIM_THRESHOLD, 2 * threshold) if threshold > MMAP_THRESHOLD else 1
    return bool(mallopt(M_MMAP_THRESHOLD, threshold)) and bool(kept)


def collect_less_often() -> None:
    """Move every object made so far (the imports') out of the collector's sight for good and
    let it run once every COLLECT_EVERY new container objects instead of every 700."""
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])
