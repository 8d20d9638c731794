"""Input limits: the largest file read, and how far a workbook may unpack (README "Limits")."""

from __future__ import annotations

import re
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
