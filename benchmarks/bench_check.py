"""Benchmark (`make bench`): every command against a bare read of the same files.

Usage: python benchmarks/bench_check.py [--dir DIR] [--contracts N] [--repeat N]
                                        [--only NAME ...] [--no-append]

Writes the demo data once (``integaudit demo-data DIR --contracts 200000 --municipalities 98
--seed 1`` into benchmarks/data/200k, git-ignored, unless --dir names a folder that holds it)
and times whole processes, alternating, ``--repeat`` rounds (NAME in brackets, for --only):

  1. [read] bare read: pd.read_excel(engine="calamine", sheet_name=None, header=None) of
     every xlsx and pd.read_csv of every csv, in one process: the floor any audit must pay;
  2. [check] ``integaudit check DIR --as-of 2024-06-30 --json out.json``;
  3. [report] the same check with every report: ``--html --xlsx --json``;
  4. [due] ``integaudit due DIR --as-of 2024-06-30 --json out.json``;
  5. [municipal] ``integaudit municipal-reports DIR --as-of 2024-06-30 --out OUT --xlsx``;
  6. [anonymise] ``integaudit anonymise DIR --out OUT``;
  7. [sample] ``integaudit sample DIR --size 400 --seed 1 --as-of 2024-06-30 --out s.xlsx``;
  8. [plan] ``integaudit plan --tolerable 5 --likelihood hypergeometric --population N``;
  9. [compare] ``integaudit compare OLD.json NEW.json``: the check JSON of the same number of
     contracts made with ``--seed 2`` (an earlier extract; its folder beside the data's, with
     "-seed2" added) against the data's, both written once before the rounds;
 10. [openpyxl] the bare read with openpyxl, pandas' default engine (what a pandas script
     pays).

Prints the medians, each as a ratio to the bare read of the same run, with CPU time and peak
memory, then the goals of the work list and the reports as ratios between rows of the same
run, and appends both with date and commit to benchmarks/README.md. The machine is shared
and noisy, so the ratios are the figures to compare.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# Run as a script, so this folder is on sys.path.
from harness import (
    AS_OF,
    ENV,
    MUNICIPALITIES,
    Row,
    append,
    data_dir,
    ensure_data,
    goal_lines,
    heading,
    integaudit,
    load,
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
# The seed of the demo data of the earlier audit that compare is given.
EARLIER_SEED = 2
SAMPLE_SIZE = 400

# A command of the benchmark: its name (for --only), its label and its command line, made
# for the folder of the data, the scratch folder of a round and the number of contracts.
Command = tuple[str, str, Callable[[Path, Path, int], list[str]]]


def _check(folder: Path, *options: str) -> list[str]:
    return [*integaudit(), "check", str(folder), "--as-of", AS_OF, *options]


COMMANDS: list[Command] = [
    (
        "read",
        "bare read (calamine), one process",
        lambda d, o, n: [sys.executable, "-c", READ, str(d), "calamine"],
    ),
    ("check", "`check --json`", lambda d, o, n: _check(d, "--json", str(o / "a.json"))),
    (
        "report",
        "`check --html --xlsx --json`",
        lambda d, o, n: _check(
            d, "--html", str(o / "r.html"), "--xlsx", str(o / "r.xlsx"), "--json", str(o / "r.json")
        ),
    ),
    (
        "due",
        "`due --json`",
        lambda d, o, n: [
            *integaudit(), "due", str(d), "--as-of", AS_OF, "--json", str(o / "d.json"),
        ],
    ),
    (
        "municipal",
        "`municipal-reports --out DIR --xlsx`",
        lambda d, o, n: [
            *integaudit(), "municipal-reports", str(d), "--as-of", AS_OF, "--out", str(o / "m"),
            "--xlsx",
        ],
    ),
    (
        "anonymise",
        "`anonymise --out DIR`",
        lambda d, o, n: [*integaudit(), "anonymise", str(d), "--out", str(o / "anon")],
    ),
    (
        "sample",
        f"`sample --size {SAMPLE_SIZE}`",
        lambda d, o, n: [
            *integaudit(), "sample", str(d), "--size", str(SAMPLE_SIZE), "--seed", "1",
            "--as-of", AS_OF, "--out", str(o / "sample.xlsx"),
        ],
    ),
    (
        "plan",
        "`plan --population N`",
        lambda d, o, n: [
            *integaudit(), "plan", "--tolerable", "5", "--likelihood", "hypergeometric",
            "--population", str(n),
        ],
    ),
    (
        "compare",
        "`compare` of two check JSONs",
        lambda d, o, n: [
            *integaudit(), "compare", str(o.parent / "old.json"), str(o.parent / "new.json")
        ],
    ),
    (
        "openpyxl",
        "bare read (openpyxl), one process",
        lambda d, o, n: [sys.executable, "-c", READ, str(d), "openpyxl"],
    ),
]  # fmt: skip


def _compare_inputs(folder: Path, scratch: Path, contracts: int) -> None:
    """Write the two check JSONs that compare is given, once, before the rounds: of the
    demo data made with EARLIER_SEED (written beside the data unless there) and of the data."""
    earlier = folder.with_name(f"{folder.name}-seed{EARLIER_SEED}")
    ensure_data(earlier, contracts, seed=EARLIER_SEED)
    for data, name in ((earlier, "old.json"), (folder, "new.json")):
        command = [*integaudit(), "check", str(data), "--as-of", AS_OF]
        subprocess.run(
            [*command, "--json", str(scratch / name)],
            check=True,
            env=ENV,
            stdout=subprocess.DEVNULL,
        )


def run(folder: Path, repeat: int, contracts: int, only: list[str] | None) -> list[Row]:
    """Return the rows of ``repeat`` alternating rounds of every command (those named in
    ``only``, when given), each round in a scratch folder of its own."""
    todo = [c for c in COMMANDS if only is None or c[0] in only]
    with tempfile.TemporaryDirectory(prefix="integaudit-bench-") as name:
        scratch = Path(name)
        if any(key == "compare" for key, _, _ in todo):
            _compare_inputs(folder, scratch, contracts)
        runs: dict[str, list] = {label: [] for _, label, _ in todo}
        for round_ in range(1, repeat + 1):
            out = scratch / f"round-{round_}"
            out.mkdir()
            for _, label, command in todo:
                runs[label].append(measure(command(folder, out, contracts)))
                print(f"round {round_}: {label}: {runs[label][-1].wall:.1f} s", flush=True)
    return [Row(label, measured) for label, measured in runs.items()]


def main() -> None:
    """Run the benchmark, print its table and append it to benchmarks/README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=200_000)
    parser.add_argument("--dir", type=Path, default=None, help="the demo data (reused)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only", nargs="+", choices=[key for key, _, _ in COMMANDS], help="these commands only"
    )
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args()
    folder = args.dir or data_dir(args.contracts)
    written = ensure_data(folder, args.contracts)
    if written is not None:
        print(f"demo-data wrote {args.contracts} contracts to {folder} in {written:.1f} s")
    started_load = load()
    rows = run(folder, args.repeat, args.contracts, args.only)
    files = sum(1 for p in folder.iterdir() if p.suffix in (".xlsx", ".csv"))
    title = (
        f"{thousands(args.contracts)} contracts in {files} files (`demo-data --municipalities "
        f"{MUNICIPALITIES} --seed 1`), medians of {args.repeat} alternating rounds"
    )
    section = heading(title) + "\n\n" + ratio_table(rows)
    keys = [key for key, _, _ in COMMANDS if args.only is None or key in args.only]
    goals = goal_lines(dict(zip(keys, rows, strict=True)))
    if goals:
        section += "\n\n" + "\n".join(goals)
    section += f"\n\nLoad average (1, 5, 15 min): {started_load} before, {load()} after."
    if written is not None:
        section += f"\n\nWriting the data (`demo-data`) took {written:.1f} s."
    print("\n" + section)
    if not args.no_append:
        append(section)


if __name__ == "__main__":
    main()
