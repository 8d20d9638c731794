"""Benchmark: `integaudit check` against a bare pandas read of the same files.

Usage: python benchmarks/bench_check.py [--contracts N] [--municipalities M] [--dir DIR]

Writes demo data (unless DIR already holds it), then times in one run, alternating:
  1. bare read: pd.read_excel(engine="calamine", sheet_name=None) of every xlsx and
     pd.read_csv of every csv — the floor any audit must pay;
  2. the full audit: ingest + rules + aggregation + JSON, as `integaudit check --json` does.
Reports each median and their ratio; the machine is shared, so only the ratio means much.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from integaudit import audit, ingest
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.render import json as json_render
from integaudit.writers.demo_data import write_demo_data

AS_OF = dt.date(2024, 6, 30)


def bare_read(folder: Path) -> int:
    """Return the number of rows pandas reads from every file, with no processing."""
    rows = 0
    for path in sorted(folder.iterdir()):
        if path.suffix == ".xlsx":
            sheets = pd.read_excel(path, engine="calamine", sheet_name=None, header=None)
            rows += sum(len(s) for s in sheets.values())
        elif path.suffix == ".csv":
            rows += len(pd.read_csv(path, sep=None, engine="python", encoding="cp1252"))
    return rows


def full_audit(folder: Path) -> int:
    """Return the number of contracts audited by the whole pipeline, JSON included."""
    options = ingest.LoadOptions(as_of=AS_OF, pseudonymiser=Pseudonymiser(b"bench"))
    extract = ingest.load([folder], options)
    result = audit.run(extract, "rr2014", AS_OF, baseline="rr2014")
    json_render.dumps(result)
    return len(extract.contracts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=200_000)
    parser.add_argument("--municipalities", type=int, default=98)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp()) / "demo"
    if not folder.exists() or not any(folder.iterdir()):
        started = time.perf_counter()
        write_demo_data(folder, args.contracts, args.municipalities, seed=1, as_of=AS_OF)
        print(f"demo data written in {time.perf_counter() - started:.1f} s to {folder}")
    bare, full = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        rows = bare_read(folder)
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        contracts = full_audit(folder)
        full.append(time.perf_counter() - started)
    b, f = statistics.median(bare), statistics.median(full)
    print(
        f"files: {len(list(folder.iterdir()))}, rows read by pandas: {rows}, contracts: {contracts}"
    )
    print(
        f"bare pandas read (calamine): {b:.2f} s   integaudit check: {f:.2f} s   ratio: {f / b:.2f}"
    )


if __name__ == "__main__":
    main()
