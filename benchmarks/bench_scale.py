"""Benchmark (`make bench-scale`): do `integaudit check --json` and `due --json` grow linearly?

Usage: python benchmarks/bench_scale.py [--sizes 20000 200000 2000000] [--only check due]
                                        [--no-append]

For each size, writes the demo data once (98 files, `--seed 1`, into benchmarks/data/,
git-ignored; 2 000 000 contracts are 98 files of about 20 000 each) and runs
``integaudit check DIR --as-of 2024-06-30 --json out.json`` and ``integaudit due DIR --as-of
2024-06-30 --json out.json`` once each. Prints, per command, the time per contract, its ratio
to the middle size's (1.00 is perfectly linear; the goal is within ±25 %) and the peak memory,
and appends the tables with date and commit to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
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
    load,
    measure,
    scale_table,
    thousands,
)

COMMANDS = ("check", "due")


def main() -> None:
    """Run each command once per size, print the tables and append them to
    benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000, 2_000_000])
    parser.add_argument("--only", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args()
    started_load = load()
    sizes: dict[str, list[tuple[int, Row]]] = {command: [] for command in args.only}
    notes = []
    for contracts in args.sizes:
        folder = data_dir(contracts)
        written = ensure_data(folder, contracts)
        if written is not None:
            notes.append(f"demo-data wrote {thousands(contracts)} contracts in {written:.1f} s.")
            print(notes[-1], flush=True)
        for command in args.only:
            with tempfile.TemporaryDirectory(prefix="integaudit-scale-") as scratch:
                out = Path(scratch) / "out.json"
                line = [*integaudit(), command, str(folder), "--as-of", AS_OF, "--json", str(out)]
                sizes[command].append((contracts, Row(thousands(contracts), [measure(line)])))
            wall = sizes[command][-1][1].wall
            print(f"{command}, {thousands(contracts)} contracts: {wall:.1f} s", flush=True)
    sections = []
    for command, measured in sizes.items():
        title = (
            f"`{command} --json` at {', '.join(thousands(n) for n, _ in measured)} contracts "
            f"({MUNICIPALITIES} files each, one run each)"
        )
        sections.append(heading(title) + "\n\n" + scale_table(measured))
    section = "\n\n".join(sections)
    section += f"\n\nLoad average (1, 5, 15 min): {started_load} before, {load()} after."
    if notes:
        section += "\n\n" + " ".join(notes)
    print("\n" + section)
    if not args.no_append:
        append(section)


if __name__ == "__main__":
    main()
