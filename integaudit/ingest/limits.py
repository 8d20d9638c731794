"""Input limits: the largest file read, how far a workbook may unpack, which files are read
at all (regular files only), and the memory and time one file may take to read (README
"Limits")."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from integaudit.errors import IntegauditError, shown

DEFAULT_MAX_FILE_SIZE = 200_000_000
# xlsx, xlsm and ods are zip files: a workbook whose members unpack to more than this many
# times --max-file-size is refused before it is opened. Real extracts compress 5–10 times; a
# zip bomb (a small file that unpacks to gigabytes) compresses up to 1 000 times.
UNPACKED_FACTOR = 10
# The reader holds a sheet as one cell per position of its used range (about 32 bytes each):
# a sheet whose range spans more than --max-file-size / 4 cells (50 million, some 1.6 GB, by
# default) is not read. One stray entry in Excel's last cell, XFD1048576, makes 17 billion.
BYTES_PER_CELL = 4

# Reading one file in a worker process may take this much memory beyond what the process
# holds when it starts (at least READ_MEMORY_FLOOR), and this much processor time: far more
# than any genuine extract within --max-file-size needs, and far less than a workbook built
# to exhaust the reader would take (README "Limits").
READ_MEMORY_FACTOR = 20
READ_MEMORY_FLOOR = 2 << 30
READ_SECONDS = 600

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "m": 1000**2,
    "mb": 1000**2,
    "g": 1000**3,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
# What the second word of an unquoted ``--max-file-size 5 MB`` may be: the units above and
# the ones people write that the option does not take.
_STRAY_UNITS = frozenset(
    {*(u for u in _UNITS if u), "bytes", "byte", "tb", "tib", "t", "pb", "pib", "kbyte", "mbyte"}
)
_NUMBER = re.compile(r"\s*[0-9]+(?:[.,][0-9]+)?\s*")
_SIZE = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([a-z]*)\s*$", re.IGNORECASE)


def parse_size(value: str, option: str) -> int:
    """Return the number of bytes a size names: ``200MB``, ``5 MB``, ``1.5GB``, ``500kB``,
    ``2GiB`` or plain bytes (kB, MB, GB are powers of 1000; KiB, MiB, GiB of 1024).

    Raises IntegauditError naming ``option`` when the value is not a size above zero.
    """
    match = _SIZE.match(value)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS:
        raise IntegauditError(key="size-invalid", option=option, value=shown(value))
    size = int(float(match.group(1).replace(",", ".")) * _UNITS[unit])
    if size < 1:
        raise IntegauditError(key="size-zero", option=option, value=shown(value))
    return size


def refuse_stray_unit(paths: Iterable[Path], size: str) -> None:
    """Return None when no path argument is the unit of an unquoted ``--max-file-size 5 MB``.

    The shell splits ``5 MB`` into two words: the option takes ``5`` (five bytes) and ``MB``
    becomes a path. A path that is a bare size unit (any case) and does not exist raises
    IntegauditError showing the quoted form, before anything is read.
    """
    for path in paths:
        unit = str(path).strip()
        if unit.lower() not in _STRAY_UNITS or path.exists():
            continue
        number = size.strip() if _NUMBER.fullmatch(size) else "5"
        if unit.lower() in _UNITS:
            raise IntegauditError(key="size-stray-unit", unit=unit, number=number)
        raise IntegauditError(key="size-unknown-unit", unit=unit, number=number)


def read_memory(max_file_size: int) -> int:
    """Return the memory in bytes reading one file may take, for --max-file-size."""
    return max(READ_MEMORY_FLOOR, READ_MEMORY_FACTOR * max_file_size)


class NotRegular(Exception):
    """A path that is not a regular file: a named pipe, a device, a socket, a folder, or a
    symbolic link to one of them (reading a pipe or /dev/zero would never end)."""


class TooLarge(Exception):
    """A file above the size limit; ``size`` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def is_regular(path: Path) -> bool:
    """Return whether ``path`` leads to a regular file (links followed)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_regular(path: Path, limit: int) -> bytes:
    """Return the bytes of the regular file at ``path``. Raise NotRegular for anything else
    (looked at before it is opened, and again once it is open, in case it was swapped),
    TooLarge when it holds more than ``limit`` bytes, OSError when it cannot be read. Opened
    without waiting, so a named pipe never holds the run up."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotRegular(path)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb") as handle:
        found = os.fstat(handle.fileno())
        if not stat.S_ISREG(found.st_mode):
            raise NotRegular(path)
        if found.st_size > limit:
            raise TooLarge(found.st_size)
        data = handle.read(found.st_size + 1)
        if len(data) > found.st_size:  # it grew since: the rest, up to the limit
            data += handle.read(max(limit + 1 - len(data), 0))
    if len(data) > limit:
        raise TooLarge(len(data))
    return data


def allow_memory(memory: int) -> None:
    """Let this process's memory grow by ``memory`` bytes at most from now (RLIMIT_AS; a
    worker process's, never the main one's): an allocation beyond fails there, ending the
    worker or raising MemoryError, instead of taking the machine's memory."""
    try:
        import resource

        now = os.sysconf("SC_PAGE_SIZE") * int(Path("/proc/self/statm").read_text().split()[0])
    except (ImportError, OSError, ValueError):
        return  # no /proc (not Linux): the time limit and the pool's retry still hold
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = now + memory
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def allow_time(seconds: int) -> None:
    """Let this process (a worker) take ``seconds`` more of processor time from now: past
    that it is sent SIGXCPU and ends, without leaving a core file (RLIMIT_CPU, RLIMIT_CORE)."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = spent + seconds
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
