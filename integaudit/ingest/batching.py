"""Work cut into batches for worker processes: runs of consecutive items (files, copies of
files) of about the same size in bytes, so that every worker is kept busy to the end and the
results can be put together in the items' order."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from integaudit.ingest.discover import Found

Item = TypeVar("Item")


def batches(items: Sequence[Found], count: int) -> list[list[Found]]:
    """Return ``items`` cut into at most ``count`` runs of consecutive files of about the same
    size in bytes (each holds at least one file)."""
    return by_size(items, [file_size(item.path) for item in items], count)


def by_size(items: Sequence[Item], sizes: Sequence[int], count: int) -> list[list[Item]]:
    """Return ``items`` cut into at most ``count`` runs of consecutive items of about the same
    total of ``sizes`` (each run holds at least one item)."""
    if not items:
        return []
    weights = np.array(sizes, dtype=np.float64) + 1.0
    ends = np.cumsum(weights)
    # The run of each item: which of ``count`` equal shares of the total its end falls in.
    share = np.minimum((ends - weights / 2) * count // ends[-1], count - 1).astype(np.int64)
    bounds = [0, *(np.flatnonzero(np.diff(share)) + 1).tolist(), len(items)]
    return [list(items[a:b]) for a, b in itertools.pairwise(bounds)]


def file_size(path: Path) -> int:
    """Return the size of the file in bytes (0 when it cannot be found out)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0
