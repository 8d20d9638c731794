"""Stopping a run from outside, through the CLI in a process of its own: SIGTERM and SIGHUP to
the main process end every worker, leave no output and exit 143 and 129; a worker whose
parent died ends by itself; a closed stdout pipe ends the run quietly with 141."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli_in

# Real subprocesses, each importing the package and waiting for signals: make test runs them.
pytestmark = [
    pytest.mark.skipif(sys.platform != "linux", reason="reads /proc"),
    pytest.mark.slow,
]
ENV = {**os.environ, "INTEGAUDIT_KEY": "test-key"}


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with a generated extract of 6000 contracts in 8 municipalities."""
    folder = tmp_path_factory.mktemp("large") / "extract"
    result = run_cli_in(
        folder.parent, "demo-data", str(folder), "--contracts", "6000", "--municipalities", "8"
    )
    assert result.exit_code == 0, result.output
    return folder


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _alive(pid: int) -> bool:
    """Return whether a process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _start(folder: Path, cwd: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """Start a check of ``folder`` with two workers; return it once its workers run."""
    command = [sys.executable, "-m", "integaudit", "check", str(folder), "--workers", "2"]
    command += ["--as-of", "2024-06-30", "--json", "out.json", "--xlsx", "out.xlsx"]
    run = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while len(workers) < 2 and run.poll() is None and time.monotonic() < deadline:
        workers = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]
        workers = [p for p in workers if _parent(p) == run.pid]
        time.sleep(0.01)
    assert workers, "the workers never started"
    return run, workers


def _gone(pids: list[int], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(_alive(p) for p in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_sigterm_and_sighup_end_the_workers_leave_no_output_and_exit_128_plus_signal(
    large: Path, tmp_path: Path, signum: int, code: int
) -> None:
    run, workers = _start(large, tmp_path)
    os.kill(run.pid, signum)  # the main process only, as `kill PID` does
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == code, stderr
    assert "Afbrudt" in stderr.decode()
    assert b"Traceback" not in stderr
    assert _gone(workers), "a worker outlived the run"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("out.", ".out."))]


def test_a_worker_whose_parent_died_ends_by_itself(large: Path, tmp_path: Path) -> None:
    run, workers = _start(large, tmp_path)
    os.kill(run.pid, signal.SIGKILL)  # nothing in the main process can act on this
    run.communicate(timeout=60)
    assert _gone(workers, seconds=30), "orphaned workers kept running"


def test_a_closed_stdout_pipe_ends_the_run_quietly_with_141(large: Path, tmp_path: Path):
    command = [sys.executable, "-m", "integaudit", "check", str(large), "--workers", "1"]
    command += ["--as-of", "2024-06-30", "--json", "-"]
    with subprocess.Popen(
        command, cwd=tmp_path, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as run:
        assert run.stdout is not None and run.stderr is not None
        first = run.stdout.readline()
        run.stdout.close()  # as `| head -1` does once it has its line
        stderr = run.stderr.read()
        run.wait(timeout=120)
    assert first.startswith(b"{")
    assert run.returncode == 141, stderr
    assert b"Traceback" not in stderr and b"BrokenPipe" not in stderr
