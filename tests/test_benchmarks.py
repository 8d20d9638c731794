"""The benchmark harness's pure parts: medians, ratios and the tables it appends to
benchmarks/README.md (no timing is tested; `make bench` is not part of `make test`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.paths import ROOT


@pytest.fixture(scope="module")
def harness():
    """Return benchmarks/harness.py as a module."""
    path = ROOT / "benchmarks" / "harness.py"
    spec = importlib.util.spec_from_file_location("harness", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["harness"] = module
    spec.loader.exec_module(module)
    return module


def _row(harness, label: str, walls: list[float], cpus: list[float], peak_mib: int):
    runs = [
        harness.Measure(wall, cpu, peak_mib * 2**20, None if i else (peak_mib + 10) * 2**20)
        for i, (wall, cpu) in enumerate(zip(walls, cpus, strict=True))
    ]
    return harness.Row(label, runs)


def test_row_takes_medians_of_times_and_the_highest_peaks(harness) -> None:
    row = _row(harness, "x", [3.0, 1.0, 2.0], [1.5, 0.5, 9.0], 100)
    assert (row.wall, row.cpu, row.peak) == (2.0, 1.5, 100 * 2**20)
    assert row.tree_peak == 110 * 2**20


def test_ratio_table_gives_each_row_as_a_ratio_to_the_first(harness) -> None:
    rows = [
        _row(harness, "bare read", [7.7, 7.9, 7.5], [6.5, 6.4, 6.6], 132),
        _row(harness, "`check --json`", [10.0, 10.1, 9.9], [13.0, 13.0, 13.0], 590),
    ]
    lines = harness.ratio_table(rows).splitlines()
    assert lines[0].startswith("| what | wall (median) | × first | CPU (median) | × first |")
    assert lines[2] == "| bare read | 7.7 s | 1.00 | 6.5 s | 1.00 | 132 MiB | 142 MiB |"
    assert lines[3] == "| `check --json` | 10.0 s | 1.30 | 13.0 s | 2.00 | 590 MiB | 600 MiB |"


def test_scale_table_compares_time_per_contract_with_the_middle_size(harness) -> None:
    sizes = [
        (20_000, _row(harness, "20 000", [1.0], [1.0], 200)),
        (200_000, _row(harness, "200 000", [8.0], [9.0], 600)),
        (2_000_000, _row(harness, "2 000 000", [100.0], [120.0], 3 * 1024)),
    ]
    lines = harness.scale_table(sizes).splitlines()
    assert lines[0].startswith("| contracts | wall | per contract | × linear | CPU |")
    assert lines[2] == (
        "| 20 000 | 1.0 s | 50 µs | 1.25 | 1.0 s | 50 µs | 1.11 | 200 MiB | 210 MiB |"
    )
    assert lines[3].startswith("| 200 000 | 8.0 s | 40 µs | 1.00 | 9.0 s | 45 µs | 1.00 |")
    assert lines[4].startswith("| 2 000 000 | 100.0 s | 50 µs | 1.25 | 120.0 s | 60 µs | 1.33 |")


def test_sizes_and_folders(harness) -> None:
    assert harness.thousands(2_000_000) == "2 000 000"
    assert harness.mib(None) == "–"
    assert harness.mib(877 * 2**20) == "877 MiB"
    assert harness.mib(12 * 2**30) == "12.0 GiB"
    assert harness.data_dir(200_000).name == "200k"
    assert harness.data_dir(2_000_000).name == "2m"
    assert harness.data_dir(1_500).name == "1500"


def test_append_adds_a_section_after_the_readme(harness, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nText.\n\n", encoding="utf-8")
    harness.append("### 2026-01-01, commit abc: x\n\n| a |\n", readme)
    assert readme.read_text(encoding="utf-8") == (
        "# Benchmarks\n\nText.\n\n### 2026-01-01, commit abc: x\n\n| a |\n"
    )
    assert harness.heading("t").startswith("### ")


def test_benchmark_data_is_ignored_by_git() -> None:
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/benchmarks/data/" in ignored


def test_goal_lines_compare_rows_of_one_run(harness) -> None:
    rows = {
        "read": _row(harness, "read", [10.0], [10.0], 130),
        "check": _row(harness, "check", [14.0], [20.0], 500),
        "due": _row(harness, "due", [15.0], [21.0], 640),
        "compare": _row(harness, "compare", [2.5], [2.4], 300),
    }
    lines = harness.goal_lines(rows)
    assert lines == [
        "- `check --json` wall ÷ bare read: 1.40 (goal ≤ 1.30: not met)",
        "- `due --json` wall ÷ `check --json`: 1.07 (goal ≤ 1.30: met)",
        "- `due --json` peak ÷ `check --json` peak: 1.28 (goal ≤ 1.20: not met)",
        "- `compare` wall: 2.5 s (goal ≤ 5 s: met)",
    ]
    assert harness.goal_lines({"read": rows["read"]}) == []
