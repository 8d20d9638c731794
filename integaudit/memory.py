"""How this process hands freed memory back to the system.

glibc serves an allocation below its mmap threshold from the heap, and raises that threshold
each time a larger block is freed, up to 32 MiB. The columns of an audit (a few MiB to tens
of MiB each, made and let go as each step runs) then stay in the heap once freed: a check of
200 000 contracts held about 300 MiB more than it used. A fixed threshold makes every large
block its own mapping, given back the moment it is freed.
"""

from __future__ import annotations

import ctypes
import sys

# mallopt's parameter for the mmap threshold (malloc.h), and the threshold: 128 KiB, glibc's
# own starting value.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 128 * 1024


def release_freed_blocks() -> bool:
    """Fix the C library's mmap threshold (glibc only); return whether it was fixed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD))
