"""How this process uses and hands back the memory of its columns, and how often it looks for
garbage.

glibc serves an allocation below its mmap threshold from the heap, and one above it from a
mapping of its own, given back to the system the moment it is freed. Each such mapping is
new memory, and the system fills every page of it with zeros the first time it is touched:
a column of 200 000 contracts (1.6 MB) is 400 pages, and a check of them that made every
column a mapping of its own (a threshold of 128 KiB) spent about 3 of its 16 s of processor
time in the system, most of it on those pages. Left to itself, glibc raises the threshold
each time a larger block is freed, up to 32 MiB, and the columns freed step by step then stay
in the heap: a check of 200 000 contracts held about 300 MiB more than it used.

So the threshold is fixed at MMAP_THRESHOLD, and the free top of the heap is kept up to
TRIM_THRESHOLD: the columns come from the heap, and a block freed is used again by the next
one instead of new pages. What the heap holds free once a step is done (a frame copied,
the parts of what was read) is handed back by :func:`give_back`, called between the steps
that make and let go of the most. At 200 000 contracts the check's page faults fell from
750 000 to 340 000 in the main process and from 470 000 to 160 000 in its workers, and its
peak did not grow.

Python's cyclic garbage collector runs each time 700 more container objects (lists, dicts,
rows of cells) were made than freed. Reading a sheet makes a list per row and a cell object
per value, hundreds of thousands of them, almost none of which are ever part of a cycle: a
collection every 700 of them, each older generation looked through again and again, took
about 7 % of a check's processor time.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import sys
from typing import Any

# mallopt's parameters (malloc.h) for the mmap threshold and the free top of the heap kept.
M_MMAP_THRESHOLD = -3
M_TRIM_THRESHOLD = -1
MMAP_THRESHOLD = 4 * 1024 * 1024
TRIM_THRESHOLD = 8 * 1024 * 1024
# Container objects made (net) between two collections of the youngest generation.
COLLECT_EVERY = 50_000


@functools.cache
def _glibc() -> Any | None:
    """Return the C library when it is glibc's (it has mallopt and malloc_trim), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    # musl has neither.
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


def release_freed_blocks() -> bool:
    """Fix the C library's mmap threshold and the free top of the heap it keeps (glibc only);
    return whether they were fixed."""
    libc = _glibc()
    if libc is None:
        return False
    kept = libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(kept)


def give_back() -> None:
    """Hand the free pages of the heap back to the system, wherever they lie in it (glibc
    only; elsewhere nothing)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def collect_less_often() -> None:
    """Move every object made so far (the imports') out of the collector's sight for good and
    let it run once every COLLECT_EVERY new container objects instead of every 700."""
    gc.freeze()
    gc.set_threshold(COLLECT_EVERY, *gc.get_threshold()[1:])
