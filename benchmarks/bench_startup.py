"""Benchmark (`make bench`): what integaudit costs before it does any work.

Usage: python benchmarks/bench_startup.py [--repeat N] [--no-append]

Times whole processes of the installed console script (``.venv/bin/integaudit``, what a user
or a CI job runs), ``--repeat`` alternating rounds of ``integaudit --version``,
``integaudit --help`` and ``integaudit rules``, and, for comparison, the floor of any typer
and Rich command line: a Python process that imports typer and rich and exits. Prints the
medians of the CPU time (user + system, as ``/usr/bin/time -f %U+%S`` reports it) and
appends the table with date and commit to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

# Run as a script, so this folder is on sys.path.
from harness import Row, append, heading, measure

FLOOR = "import typer, rich.console"


def script() -> list[str]:
    """Return the console script of the interpreter running this (a venv's bin/integaudit),
    else ``python -m integaudit``."""
    beside = Path(sys.executable).with_name("integaudit")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("integaudit")
    return [found] if found else [sys.executable, "-m", "integaudit"]


def commands() -> dict[str, list[str]]:
    """Return the benchmarked commands by label, in the order they run in each round."""
    cli = script()
    return {
        "floor: `python -c 'import typer, rich.console'`": [sys.executable, "-c", FLOOR],
        "`integaudit --version`": [*cli, "--version"],
        "`integaudit --help`": [*cli, "--help"],
        "`integaudit rules`": [*cli, "rules"],
    }


def table(rows: list[Row]) -> str:
    """Return a Markdown table of the median CPU and wall times of each command, in ms."""
    lines = ["| what | CPU (median) | wall (median) |", "|---|---|---|"]
    for row in rows:
        lines.append(f"| {row.label} | {row.cpu * 1000:.0f} ms | {row.wall * 1000:.0f} ms |")
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark, print its table and append it to benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args()
    todo = commands()
    runs: dict[str, list] = {label: [] for label in todo}
    for _ in range(args.repeat):
        for label, command in todo.items():
            runs[label].append(measure(command))
    rows = [Row(label, measured) for label, measured in runs.items()]
    title = f"start-up, medians of {args.repeat} alternating rounds"
    section = heading(title) + "\n\n" + table(rows)
    print("\n" + section)
    if not args.no_append:
        append(section)


if __name__ == "__main__":
    main()
