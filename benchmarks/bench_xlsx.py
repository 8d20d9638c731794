"""Benchmark: writing the exception workbook with and without lxml (openpyxl's accelerator).

Usage: python benchmarks/bench_xlsx.py DIR [--repeat N]

Audits DIR once per run, then times `workbook_bytes` in a child process with lxml importable
and in one where it is hidden, alternating, and prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CHILD = """
import sys, time, datetime as dt
if sys.argv[2] == "without":
    sys.modules["lxml"] = None
from pathlib import Path
from integaudit import audit, ingest
from integaudit.privacy.pseudonyms import Pseudonymiser
from integaudit.render.xlsx import workbook_bytes
as_of = dt.date(2024, 6, 30)
extract = ingest.load([Path(sys.argv[1])], ingest.LoadOptions(as_of, Pseudonymiser(b"k")))
result = audit.run(extract, "rr2014", as_of)
started = time.perf_counter()
data = workbook_bytes(result)
print(time.perf_counter() - started, len(data))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(args.repeat):
        for mode in times:
            out = subprocess.run(
                [sys.executable, "-c", CHILD, args.dir, mode],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.split()
            times[mode].append(float(out[0]))
    with_lxml, without = statistics.median(times["with"]), statistics.median(times["without"])
    print(
        f"workbook with lxml: {with_lxml:.2f} s   without: {without:.2f} s   "
        f"speed-up: {without / with_lxml:.2f}x"
    )


if __name__ == "__main__":
    main()
