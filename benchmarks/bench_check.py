"""Benchmark (`make bench`): `integaudit check` against a bare read of the same files.

Usage: python benchmarks/bench_check.py [--dir DIR] [--contracts N] [--repeat N] [--no-append]

Writes the demo data once (``integaudit demo-data DIR --contracts 200000 --municipalities 98
--seed 1`` into benchmarks/data/200k, git-ignored, unless --dir names a folder that holds it)
and times whole processes, alternating, ``--repeat`` rounds:

  1. bare read: pd.read_excel(engine="calamine", sheet_name=None, header=None) of every xlsx
     and pd.read_csv of every csv, in one process: the floor any audit must pay;
  2. ``integaudit check DIR --as-of 2024-06-30 --json out.json``;
  3. the same check with every report: ``--html --xlsx --json``;
  4. the bare read with openpyxl, pandas' default engine (what a pandas script pays).

Prints the medians, each as a ratio to the bare read of the same run, with CPU time and peak
memory, and appends the table with date and commit to benchmarks/README.md. The machine is
shared and noisy, so the ratios are the figures to compare.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

# Run as a script, so this folder is on sys.path.
from harness import (
    AS_OF,
    MUNICIPALITIES,
    Row,
    append,
    data_dir,
    ensure_data,
    heading,
    integaudit,
    measure,
    ratio_table,
    thousands,
)

READ = """
import sys
from pathlib import Path
import pandas as pd
rows = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix == ".xlsx":
        sheets = pd.read_excel(path, engine=sys.argv[2], sheet_name=None, header=None)
        rows += sum(len(sheet) for sheet in sheets.values())
    elif path.suffix == ".csv":
        rows += len(pd.read_csv(path, sep=None, engine="python", encoding="cp1252"))
print(rows)
"""


def commands(folder: Path, out: Path) -> dict[str, list[str]]:
    """Return the benchmarked commands by label, in the order they run in each round."""
    check = [*integaudit(), "check", str(folder), "--as-of", AS_OF]
    return {
        "bare read (calamine), one process": [sys.executable, "-c", READ, str(folder), "calamine"],
        "`check --json`": [*check, "--json", str(out / "a.json")],
        "`check --html --xlsx --json`": [
            *check,
            "--html",
            str(out / "r.html"),
            "--xlsx",
            str(out / "r.xlsx"),
            "--json",
            str(out / "r.json"),
        ],
        "bare read (openpyxl), one process": [
            sys.executable,
            "-c",
            READ,
            str(folder),
            "openpyxl",
        ],
    }


def run(folder: Path, repeat: int) -> list[Row]:
    """Return the rows of ``repeat`` alternating rounds of every command."""
    with tempfile.TemporaryDirectory(prefix="integaudit-bench-") as scratch:
        todo = commands(folder, Path(scratch))
        runs: dict[str, list] = {label: [] for label in todo}
        for round_ in range(1, repeat + 1):
            for label, command in todo.items():
                runs[label].append(measure(command))
                print(f"round {round_}: {label}: {runs[label][-1].wall:.1f} s", flush=True)
    return [Row(label, measured) for label, measured in runs.items()]


def main() -> None:
    """Run the benchmark, print its table and append it to benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=None, help="the demo data (reused)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args()
    folder = args.dir or data_dir(args.contracts)
    written = ensure_data(folder, args.contracts)
    if written is not None:
        print(f"demo-data wrote {args.contracts} contracts to {folder} in {written:.1f} s")
    rows = run(folder, args.repeat)
    files = sum(1 for p in folder.iterdir() if p.suffix in (".xlsx", ".csv"))
    title = (
        f"{thousands(args.contracts)} contracts in {files} files (`demo-data --municipalities "
        f"{MUNICIPALITIES} --seed 1`), medians of {args.repeat} alternating rounds"
    )
    section = heading(title) + "\n\n" + ratio_table(rows)
    if written is not None:
        section += f"\n\nWriting the data (`demo-data`) took {written:.1f} s."
    print("\n" + section)
    if not args.no_append:
        append(section)


if __name__ == "__main__":
    main()
