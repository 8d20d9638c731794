"""check with worker processes (--workers): the same bytes as one process; a file that cannot
be read, or that ends the worker reading it, is a data issue while the other files are
audited; Ctrl-C leaves no output file and no process behind."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from integaudit.ingest import pool
from tests import conftest
from tests.cli.conftest import BAD_WORKERS
from tests.conftest import Result, run_cli_in
from tests.paths import BAD, RR2014, SAMPLES

# Worker pools over a generated extract of 3000 contracts: make test runs them.
pytestmark = pytest.mark.slow

check_api = importlib.import_module("integaudit.api.check")
FIXED_START = dt.datetime(2024, 7, 1, 9, 30, tzinfo=dt.UTC)
OUTPUTS = ("out.json", "out.html", "out.xlsx")
FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
needs_fork = pytest.mark.skipif(not FORK, reason="a patched function reaches forked workers only")


class _FixedStart(dt.datetime):
    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FixedStart:  # type: ignore[override]
        return cls.fromtimestamp(FIXED_START.timestamp(), tz)


@pytest.fixture(autouse=True)
def fixed_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix the time the run starts, which the audit trail of the HTML and workbook records."""
    monkeypatch.setattr(check_api, "dt", types.SimpleNamespace(datetime=_FixedStart, date=dt.date))


@pytest.fixture(autouse=True)
def default_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Leave the number of workers to the command (other tests run with one worker)."""
    monkeypatch.setitem(conftest.DEFAULT_ENV, "INTEGAUDIT_WORKERS", None)


@pytest.fixture
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start the workers by fork even when an earlier test left a thread running (the pool
    would then spawn them): a function patched in this process reaches forked workers only."""
    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("fork"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with a generated extract of 3000 contracts in 6 municipalities."""
    folder = tmp_path_factory.mktemp("generated") / "extract"
    result = run_cli_in(
        folder.parent, "demo-data", str(folder), "--contracts", "3000", "--municipalities", "6"
    )
    assert result.exit_code == 0, result.output
    return folder


def _check(cwd: Path, paths: list[Path], *options: str) -> Result:
    return run_cli_in(
        cwd,
        "check",
        *map(str, paths),
        "--json",
        "out.json",
        "--html",
        "out.html",
        "--xlsx",
        "out.xlsx",
        *options,
    )


def _outputs(folder: Path) -> dict[str, bytes]:
    """Return the bytes of the JSON, the HTML and the workbook."""
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


@pytest.mark.parametrize("source", ["rr2014", "bek2020", "generated"])
def test_one_and_two_workers_write_the_same_bytes(
    source: str, generated: Path, tmp_path: Path, pools: list[int]
) -> None:
    paths = [generated] if source == "generated" else [SAMPLES / source]
    as_of = ["--as-of", "2024-06-30"] if source == "generated" else []
    outputs = {}
    for workers in ("1", "2"):
        folder = tmp_path / f"w{workers}"
        folder.mkdir()
        result = _check(folder, paths, "--workers", workers, *as_of)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.stderr
        outputs[workers] = _outputs(folder)
    assert pools == [2], "--workers 1 reads in this process, --workers 2 in a pool of two"
    for name in OUTPUTS:
        assert outputs["1"][name] == outputs["2"][name], name
    assert json.loads(outputs["2"]["out.json"])["contracts"]  # type: ignore[arg-type]


def _good_and(tmp_path: Path, *bad: str) -> Path:
    """Return a folder with the rr2014 sample's extracts and the named bad files."""
    folder = tmp_path / "in"
    shutil.copytree(RR2014, folder)
    for name in bad:
        shutil.copy(BAD / name, folder / name)
    return folder


def _json(folder: Path) -> dict:
    return json.loads((folder / "out.json").read_text(encoding="utf-8"))


def test_a_damaged_file_among_good_ones_is_a_data_issue_with_two_workers(
    tmp_path: Path, pools: list[int]
) -> None:
    folder = _good_and(tmp_path, "truncated.xlsx", "encrypted.xlsx")
    docs = {}
    for workers in ("1", "2"):
        result = _check(tmp_path, [folder], "--workers", workers, "--lang", "en")
        assert result.exit_code == 0, result.output
        docs[workers] = _json(tmp_path)
    # With one worker the encrypted file, an OLE document like an xls whose reading no check
    # bounds beforehand, is read by a worker of its own; the rest in this process.
    assert pools == [1, 2]
    assert docs["1"] == docs["2"]
    kinds = {(i["file"], i["kind"]) for i in docs["2"]["data_issues"]}
    assert (str(folder / "truncated.xlsx"), "file-truncated") in kinds
    assert (str(folder / "encrypted.xlsx"), "file-encrypted") in kinds
    assert len(docs["2"]["contracts"]) == 109


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, action) -> None:  # type: ignore[no-untyped-def]
    """Make reading the file called ``name`` run ``action`` instead (in a worker too)."""
    files = importlib.import_module("integaudit.ingest.files")
    read_sheets = files.read_sheets

    def patched(path: Path, *args):  # type: ignore[no-untyped-def]
        if path.name == name:
            action()
        return read_sheets(path, *args)

    monkeypatch.setattr(files, "read_sheets", patched)


def _raise() -> None:
    raise OverflowError("a date serial beyond the calendar")


def _bug() -> None:
    raise AttributeError("'CalamineSheet' object has no attribute 'merged_cell_ranges'")


@needs_fork
@pytest.mark.usefixtures("forked_workers")
def test_an_error_in_a_worker_makes_its_file_unreadable_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pools: list[int]
) -> None:
    folder = _good_and(tmp_path)
    _fail_on(monkeypatch, "101.xlsx", _raise)
    result = _check(tmp_path, [folder], "--workers", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    assert pools == [2]
    doc = _json(tmp_path)
    (issue,) = [i for i in doc["data_issues"] if i["kind"] == "file-unreadable"]
    assert issue["file"] == str(folder / "101.xlsx")
    assert "OverflowError: a date serial beyond the calendar" in issue["message"]
    (read,) = [f for f in doc["inputs"] if f["path"] == str(folder / "101.xlsx")]
    assert read["contracts"] == 0
    assert len(doc["contracts"]) == 109 - 5


@needs_fork
@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_bug_is_never_shown_as_a_damaged_file_but_stops_the_run_with_a_bug_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    folder = _good_and(tmp_path)
    _fail_on(monkeypatch, "101.xlsx", _bug)
    result = _check(tmp_path, [folder], "--workers", workers, "--lang", "en")
    assert result.exit_code == 70, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("integaudit: internal error: AttributeError: 'CalamineSheet'"), line
    assert "python-calamine " in line and "This is a bug in integaudit" in line
    assert "damaged" not in result.output and "Traceback" not in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("out.", ".out."))]


@needs_fork
@pytest.mark.usefixtures("forked_workers")
def test_a_worker_that_dies_makes_only_its_file_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pools: list[int]
) -> None:
    folder = _good_and(tmp_path)
    _fail_on(monkeypatch, "161.xlsx", lambda: os._exit(3))
    result = _check(tmp_path, [folder], "--workers", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.stderr
    # The pool broke; the files it had not finished were read again one worker at a time.
    assert pools[0] == 2 and set(pools[1:]) == {1}
    doc = _json(tmp_path)
    stopped = [i for i in doc["data_issues"] if i["kind"] == "file-over-read-limits"]
    assert [i["file"] for i in stopped] == [str(folder / "161.xlsx")]
    assert "ended the process reading it" in stopped[0]["message"]
    files = {Path(f["path"]).name for f in doc["inputs"]}
    assert files == {p.name for p in folder.iterdir() if p.suffix in (".xlsx", ".csv")}
    assert len(doc["contracts"]) == 109 - 2
    assert multiprocessing.active_children() == []


def _children() -> list[int]:
    """Return the process ids of this process's children (Linux: from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


@needs_fork
@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_leaves_no_output_and_no_worker(
    workers: str, generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    common = importlib.import_module("integaudit.cli.common")
    seen = []

    def interrupted(self, name: str) -> None:  # type: ignore[no-untyped-def]
        seen.append(name)
        raise KeyboardInterrupt

    # Ctrl-C arrives in the main process as the first file is done.
    monkeypatch.setattr(common._RunProgress, "advance", interrupted)
    # Processes an earlier test left (multiprocessing's resource tracker) are not this run's.
    before = set(_children())
    result = _check(tmp_path, [generated], "--workers", workers, "--as-of", "2024-06-30")
    assert seen
    assert result.exit_code == 130, result.output
    assert "Afbrudt" in result.stderr
    assert "Traceback" not in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(("out.", ".out."))]
    assert multiprocessing.active_children() == []
    assert set(_children()) <= before


@needs_fork
@pytest.mark.usefixtures("forked_workers")
def test_sigint_to_a_running_check_leaves_no_output_and_no_worker(
    generated: Path, tmp_path: Path
) -> None:
    command = [sys.executable, "-m", "integaudit", "check", str(generated), "--workers", "2"]
    command += ["--as-of", "2024-06-30", "--json", "out.json", "--lang", "en"]
    env = {**os.environ, "INTEGAUDIT_KEY": "test-key"}
    # On a loaded machine the workers may be seen only as the run ends, and the signal then
    # finds it done (exit 0, the JSON written): that run says nothing, and another is made.
    for _ in range(5):
        (tmp_path / "out.json").unlink(missing_ok=True)
        returncode, stderr, workers = _interrupted_run(command, tmp_path, env)
        if returncode != 0:
            break
    assert workers, "the workers were never seen running"
    assert returncode == 130, stderr
    assert b"Interrupted." in stderr
    assert b"Traceback" not in stderr
    assert not (tmp_path / "out.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]
    assert not [p for p in workers if Path(f"/proc/{p}").exists() and _parent(p) != 1]


def _interrupted_run(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[int, bytes, list[int]]:
    """Return the exit code and stderr of ``command`` sent SIGINT, as a terminal sends it to
    the whole process group, once its worker processes have started; and those workers."""
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    ) as run:  # fmt: skip
        workers: list[int] = []
        deadline = time.monotonic() + 120
        while not workers and run.poll() is None and time.monotonic() < deadline:
            workers = [p for p in _all_processes() if _parent(p) == run.pid]
            time.sleep(0.01)
        if workers:
            with contextlib.suppress(ProcessLookupError):  # the run ended meanwhile
                os.killpg(run.pid, signal.SIGINT)
        _, stderr = run.communicate(timeout=120)
    return run.returncode, stderr, workers


def _all_processes() -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_workers_from_the_environment_and_the_config(tmp_path: Path) -> None:
    folder = _good_and(tmp_path)
    result = run_cli_in(
        tmp_path, "config", "--show", str(folder), "--lang", "en", env={"INTEGAUDIT_WORKERS": "3"}
    )
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("│ workers ")]
    assert "│ 3 " in row and "environment" in row
    config = folder / "integaudit.toml"
    config.write_text("workers = 1\n" + config.read_text())
    result = run_cli_in(tmp_path, "config", "--show", str(folder))
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("│ workers ")]
    assert "│ 1 " in row and str(tmp_path) in row


@BAD_WORKERS
def test_a_bad_number_of_workers_is_a_usage_error(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    result = run_cli_in(tmp_path, "check", str(RR2014), "--lang", "en", *args, env=env)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_number_of_workers_in_the_config_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "integaudit.toml"
    config.write_text("workers = 0\n")
    result = run_cli_in(tmp_path, "check", str(RR2014), "--lang", "en", "--config", str(config))
    assert result.exit_code == 2
    assert "key 'workers': must be a whole number of processes from 1" in result.stderr


def test_a_random_key_used_in_the_workers_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("101.xlsx", "161.xlsx", "615.csv"):
        shutil.copy(RR2014 / name, folder / name)
    for workers in ("1", "2"):
        result = run_cli_in(
            tmp_path, "check", str(folder), "--workers", workers, "--as-of", "2014-06-30",
            "--json", "out.json", "--lang", "en", env={"INTEGAUDIT_KEY": None},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        kinds = [i["kind"] for i in _json(tmp_path)["data_issues"]]
        assert kinds[0] == "random-key", workers


def _spin() -> None:
    """Take processor time for ever (a reader that never finishes)."""
    while True:
        sum(range(1000))


def _hog() -> None:
    """Ask for more memory than a worker may take."""
    bytearray(1 << 31)


@needs_fork
@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("limit", ["time", "memory"])
def test_a_file_whose_reading_runs_away_is_stopped_and_every_other_file_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, workers: str
) -> None:
    """A reader that takes more processor time or memory than one file may is stopped in
    its worker; with --workers 1 the file is one (an xls) that is read by a worker of its
    own. The file is a data issue; the other files' contracts are all audited."""
    folder = _good_and(tmp_path)
    shutil.copy(BAD / "encrypted.xlsx", folder / "runaway.xls")
    limits = importlib.import_module("integaudit.ingest.limits")
    monkeypatch.setattr(limits, "READ_SECONDS", 1)
    monkeypatch.setattr(limits, "READ_MEMORY_FLOOR", 250_000_000)
    _fail_on(monkeypatch, "runaway.xls", _spin if limit == "time" else _hog)
    started = time.monotonic()
    result = _check(
        tmp_path, [folder], "--workers", workers, "--lang", "en", "--max-file-size", "5MB"
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 120
    doc = _json(tmp_path)
    (stopped,) = [i for i in doc["data_issues"] if i["kind"] == "file-over-read-limits"]
    assert stopped["file"] == str(folder / "runaway.xls")
    assert "250 MB of memory or the 1 seconds of processor time" in stopped["message"]
    assert len(doc["contracts"]) == 109
    assert not list(tmp_path.rglob("core*"))
    assert multiprocessing.active_children() == []


def _out_of_memory() -> None:
    raise MemoryError


@needs_fork
@pytest.mark.usefixtures("forked_workers")
def test_a_file_that_runs_out_of_memory_in_a_worker_is_over_the_read_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pools: list[int]
) -> None:
    folder = _good_and(tmp_path)
    _fail_on(monkeypatch, "101.xlsx", _out_of_memory)
    result = _check(tmp_path, [folder], "--workers", "2", "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = _json(tmp_path)
    (issue,) = [i for i in doc["data_issues"] if i["kind"] == "file-over-read-limits"]
    assert issue["file"] == str(folder / "101.xlsx")
    assert len(doc["contracts"]) == 109 - 5
