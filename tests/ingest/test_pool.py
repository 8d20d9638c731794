"""How files are cut into batches for the worker processes (ingest.pool.batches)."""

from __future__ import annotations

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
