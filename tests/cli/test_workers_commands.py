"""due, municipal-reports and sample read their files in worker processes
(--workers) as check does: the same bytes and the same messages as with one process, also
when a worker dies."""

from __future__ import annotations

import datetime as dt
import importlib
import multiprocessing
import os
import sys
import types
from pathlib import Path

import pytest

from integaudit.ingest import pool
from tests.conftest import run_cli_in
from tests.paths import RR2014

FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
needs_fork = pytest.mark.skipif(not FORK, reason="a patched function reaches forked workers only")
check_api = importlib.import_module("integaudit.api.check")
FIXED_START = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.UTC)


class _FixedStart(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FixedStart:  # type: ignore[override]
        return cls.fromtimestamp(FIXED_START.timestamp(), tz)


@pytest.fixture
def fixed_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix the time the run starts, which the audit trail of the reports records."""
    monkeypatch.setattr(check_api, "dt", types.SimpleNamespace(datetime=_FixedStart, date=dt.date))


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return a list that gets the size of every pool started for the reading."""
    started: list[int] = []
    read_pool, side_pool = pool._run_pool, pool.side_pool

    def counted_read(items, indices, workers, *args):  # type: ignore[no-untyped-def]
        started.append(workers)
        return read_pool(items, indices, workers, *args)

    def counted_side(workers: int, **kwargs):  # type: ignore[no-untyped-def]
        started.append(workers)
        return side_pool(workers, **kwargs)

    monkeypatch.setattr(pool, "_run_pool", counted_read)
    monkeypatch.setattr(pool, "side_pool", counted_side)
    return started


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_sample_with_one_and_two_workers_writes_the_same_workbook(
    extract: Path, tmp_path: Path, key_file: Path, pools: list[int]
) -> None:
    written = {}
    for workers in ("1", "2"):
        result = run_cli_in(
            tmp_path, "sample", str(extract), "--size", "60", "--seed", "3", "--as-of",
            "2024-06-30", "--out", f"s{workers}.xlsx", "--key-file", str(key_file),
            "--workers", workers, "--lang", "en",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "truncated.xlsx" in result.stderr  # the damaged file is named, not dropped
        assert "Traceback" not in result.stderr
        written[workers] = (tmp_path / f"s{workers}.xlsx").read_bytes()
    assert pools == [2], "--workers 1 reads in this process, --workers 2 in a pool of two"
    assert written["1"] == written["2"]


@pytest.mark.slow
def test_due_with_one_and_two_workers_writes_the_same_work_list(
    extract: Path, tmp_path: Path, key_file: Path, pools: list[int], fixed_start: None
) -> None:
    written = {}
    for workers in ("1", "2"):
        result = run_cli_in(
            tmp_path, "due", str(extract), "--as-of", "2024-06-30", "--within", "60",
            "--json", f"d{workers}.json", "--xlsx", f"d{workers}.xlsx", "--key-file",
            str(key_file), "--workers", workers,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        written[workers] = [(tmp_path / f"d{workers}.{s}").read_bytes() for s in ("json", "xlsx")]
        written[workers].append(result.stdout.replace(f"d{workers}.", "d."))
        assert "truncated.xlsx" in result.output  # the damaged file is named, not dropped
    assert pools == [2]
    assert written["1"] == written["2"]


@pytest.mark.slow
def test_municipal_reports_with_one_and_two_workers_write_the_same_bytes(
    extract: Path, tmp_path: Path, key_file: Path, pools: list[int], fixed_start: None
) -> None:
    for workers in ("1", "2"):
        result = run_cli_in(
            tmp_path, "municipal-reports", str(extract), "--as-of", "2024-06-30", "--out",
            f"m{workers}", "--xlsx", "--json", f"m{workers}.json", "--key-file", str(key_file),
            "--workers", workers,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert pools == [2]
    one, two = _files(tmp_path / "m1"), _files(tmp_path / "m2")
    assert len(one) == 2 * 6 + 1  # a page and a workbook per municipality, and the index
    assert one == two
    assert (tmp_path / "m1.json").read_bytes() == (tmp_path / "m2.json").read_bytes()


@pytest.mark.slow
@needs_fork
def test_municipal_pages_and_workbooks_made_in_two_processes_are_the_same_bytes(
    tmp_path: Path, pools: list[int], fixed_start: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integaudit.api import municipal

    # The 56 municipalities of the rr2014 sample, made in forked workers even when an earlier
    # test left a thread running.
    monkeypatch.setattr(municipal, "_can_fork", lambda: True)
    for workers in ("1", "2"):
        result = run_cli_in(
            tmp_path, "municipal-reports", str(RR2014), "--out", f"m{workers}", "--xlsx",
            "--workers", workers,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert pools == [2, 2], "the files read and the municipalities' files made in two processes"
    one, two = _files(tmp_path / "m1"), _files(tmp_path / "m2")
    assert len(one) == 2 * 56 + 1
    assert one == two


@pytest.mark.slow
@needs_fork
def test_municipal_files_are_made_here_when_a_worker_dies(
    tmp_path: Path, fixed_start: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from integaudit.api import municipal

    main = os.getpid()
    files_of = municipal._files_of

    def dies_in_a_worker(index: int) -> dict[str, bytes]:
        if os.getpid() != main and index == 3:
            os._exit(1)
        return files_of(index)

    monkeypatch.setattr(municipal, "_can_fork", lambda: True)
    monkeypatch.setattr(municipal, "_files_of", dies_in_a_worker)
    for workers in ("1", "2"):
        result = run_cli_in(
            tmp_path, "municipal-reports", str(RR2014), "--out", f"m{workers}", "--workers",
            workers,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    assert _files(tmp_path / "m1") == _files(tmp_path / "m2")
