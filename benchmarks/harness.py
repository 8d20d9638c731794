"""What the benchmarks share: demo data written once and reused, whole processes timed with
their CPU time and peak memory, and the Markdown tables appended to benchmarks/README.md.

Peak memory is measured two ways. The kernel's own figure (``ru_maxrss`` from ``os.wait4``,
what ``/usr/bin/time -v`` reports) is the peak of the largest single process. A run with a
process pool holds several processes at once, so on Linux the tree's resident memory (the
process and all its descendants, summed from /proc) is also sampled every 100 ms, and its
highest sum is reported too.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
DATA = HERE / "data"
AS_OF = "2024-06-30"
MUNICIPALITIES = 98
SAMPLE_SECONDS = 0.1
# A fixed pseudonym key, as a real audit has: no random-key warning, stable pseudonyms.
ENV = {**os.environ, "INTEGAUDIT_KEY": "benchmark"}


@dataclass(frozen=True)
class Measure:
    """One run of a whole process: wall and CPU seconds (user + system, the process and the
    children it waited for), the peak resident memory of its largest process and the highest
    sum over its process tree (None where /proc cannot be read), in bytes."""

    wall: float
    cpu: float
    peak: int
    tree_peak: int | None


@dataclass(frozen=True)
class Row:
    """A benchmarked command: its label and its runs."""

    label: str
    runs: list[Measure]

    @property
    def wall(self) -> float:
        """Return the median wall time."""
        return statistics.median(m.wall for m in self.runs)

    @property
    def cpu(self) -> float:
        """Return the median CPU time."""
        return statistics.median(m.cpu for m in self.runs)

    @property
    def peak(self) -> int:
        """Return the highest peak of the largest process over the runs."""
        return max(m.peak for m in self.runs)

    @property
    def tree_peak(self) -> int | None:
        """Return the highest peak of the process tree over the runs (None if not sampled)."""
        peaks = [m.tree_peak for m in self.runs if m.tree_peak is not None]
        return max(peaks) if peaks else None


def data_dir(contracts: int) -> Path:
    """Return the cache folder of the demo data with ``contracts`` contracts."""
    size = f"{contracts // 1_000_000}m" if contracts % 1_000_000 == 0 else f"{contracts // 1000}k"
    return DATA / (size if contracts % 1000 == 0 else str(contracts))


def ensure_data(
    folder: Path, contracts: int, municipalities: int = MUNICIPALITIES, seed: int = 1
) -> float | None:
    """Write the demo data (``--seed seed``) into ``folder`` unless it holds files already;
    return the seconds demo-data took, or None when the data was reused. The data is written
    beside the folder and renamed at the end, so an interrupted run leaves no half-written
    folder behind."""
    if folder.is_dir() and any(folder.iterdir()):
        return None
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    command = [
        *integaudit(),
        "demo-data",
        str(partial),
        "--contracts",
        str(contracts),
        "--municipalities",
        str(municipalities),
        "--seed",
        str(seed),
    ]
    started = time.perf_counter()
    subprocess.run(command, check=True, env=ENV, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if folder.exists():
        folder.rmdir()  # an empty folder given as --dir
    partial.rename(folder)
    return seconds


def integaudit() -> list[str]:
    """Return the command that runs this checkout's integaudit."""
    return [sys.executable, "-m", "integaudit"]


def _tree_rss(root: int) -> int:
    """Return the resident memory of a process and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure(command: Sequence[str], cwd: Path | None = None) -> Measure:
    """Return the wall time, CPU time and peak memory of one run of ``command`` (its output
    discarded); raise CalledProcessError when it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peaks = [0]
    sampling = os.path.isdir("/proc/self")
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            peaks[0] = max(peaks[0], _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    if sampling:
        sampler.join()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, list(command), stderr=errors)
    # ru_maxrss is in KiB on Linux and in bytes on macOS.
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measure(wall, usage.ru_utime + usage.ru_stime, peak, peaks[0] if sampling else None)


def thousands(number: int) -> str:
    """Return a whole number with a space between thousands: 200 000."""
    return f"{number:,}".replace(",", " ")


def mib(size: int | None) -> str:
    """Return a size in bytes as MiB (GiB from 10 GiB on), or "–"."""
    if size is None:
        return "–"
    return f"{size / 2**30:.1f} GiB" if size >= 10 * 2**30 else f"{size / 2**20:.0f} MiB"


def ratio_table(rows: Sequence[Row]) -> str:
    """Return a Markdown table of the rows, each as a ratio to the first row's wall and CPU
    times, with both peak memory figures."""
    base = rows[0]
    lines = [
        "| what | wall (median) | × first | CPU (median) | × first | peak, largest process"
        " | peak, all processes |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.label} | {row.wall:.1f} s | {row.wall / base.wall:.2f} | {row.cpu:.1f} s"
            f" | {row.cpu / base.cpu:.2f} | {mib(row.peak)} | {mib(row.tree_peak)} |"
        )
    return "\n".join(lines)


def scale_table(sizes: Sequence[tuple[int, Row]]) -> str:
    """Return a Markdown table of one check per data size: wall and CPU time per contract,
    each as a ratio to the middle size's (1.00 is perfectly linear), and peak memory."""
    _, middle = sizes[len(sizes) // 2]
    contracts_middle = sizes[len(sizes) // 2][0]
    wall_each, cpu_each = middle.wall / contracts_middle, middle.cpu / contracts_middle
    lines = [
        "| contracts | wall | per contract | × linear | CPU | per contract | × linear"
        " | peak, largest process | peak, all processes |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for contracts, row in sizes:
        wall, cpu = row.wall / contracts, row.cpu / contracts
        lines.append(
            f"| {thousands(contracts)} | {row.wall:.1f} s | {wall * 1e6:.0f} µs"
            f" | {wall / wall_each:.2f} | {row.cpu:.1f} s | {cpu * 1e6:.0f} µs"
            f" | {cpu / cpu_each:.2f} | {mib(row.peak)} | {mib(row.tree_peak)} |"
        )
    return "\n".join(lines)


def commit() -> str:
    """Return the short hash of the checked-out commit (with + when the tree has changes)."""
    run = lambda *args: subprocess.run(  # noqa: E731
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    short = run("rev-parse", "--short", "HEAD") or "unknown"
    return short + ("+" if run("status", "--porcelain", "--untracked-files=no") else "")


def heading(title: str) -> str:
    """Return a section heading with today's date, the commit and the machine's cores."""
    today = dt.date.today().isoformat()
    return f"### {today}, commit {commit()}, {os.cpu_count()} cores: {title}"


def append(section: str, readme: Path = README) -> None:
    """Append a section (heading, table, notes) to the benchmarks README."""
    text = readme.read_text(encoding="utf-8").rstrip("\n")
    readme.write_text(text + "\n\n" + section.strip("\n") + "\n", encoding="utf-8")


def load() -> str:
    """Return the system's load averages over 1, 5 and 15 minutes ("–" where unknown)."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "–"


# The goals of issue 23 that compare two rows of one run: (name, numerator, denominator,
# what is compared, the goal). ``peak`` compares the largest process's peak memory.
RATIO_GOALS = (
    ("`check --json` wall ÷ bare read", "check", "read", "wall", 1.3),
    ("`due --json` wall ÷ `check --json`", "due", "check", "wall", 1.3),
    ("`due --json` peak ÷ `check --json` peak", "due", "check", "peak", 1.2),
    ("`municipal-reports --xlsx` wall ÷ `check --html --xlsx --json`", "municipal", "report",
     "wall", 3.0),
)  # fmt: skip
# Goals on one row: (name, row, what, the goal in seconds or bytes).
ABSOLUTE_GOALS = (
    ("`municipal-reports --xlsx` peak", "municipal", "peak", 800 * 2**20),
    ("`compare` wall", "compare", "wall", 5.0),
)


def goal_lines(rows: dict[str, Row]) -> list[str]:
    """Return a Markdown list of the goals whose rows were measured (``rows`` by command
    name): each ratio or figure, its goal and whether it is met."""
    lines = []
    for name, top, bottom, what, goal in RATIO_GOALS:
        if top in rows and bottom in rows:
            ratio = getattr(rows[top], what) / getattr(rows[bottom], what)
            met = "met" if ratio <= goal else "not met"
            lines.append(f"- {name}: {ratio:.2f} (goal ≤ {goal:.2f}: {met})")
    for name, key, what, limit in ABSOLUTE_GOALS:
        if key in rows:
            value = getattr(rows[key], what)
            shown, goal = (
                (f"{value:.1f} s", f"{limit:.0f} s") if what == "wall" else (mib(value), mib(limit))
            )
            met = "met" if value <= limit else "not met"
            lines.append(f"- {name}: {shown} (goal ≤ {goal}: {met})")
    return lines
