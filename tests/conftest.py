"""Shared fixtures: running the CLI in-process and writing extract files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The bad-input corpus's generator builds its workbooks the same way (tests/ is on sys.path).
from data.bad.generate import workbook_of
from typer.testing import CliRunner

from integaudit.cli import app
from tests.paths import ROOT
from tests.schemas import validate_json_text

# One worker process unless a test asks for more (--workers, or its own INTEGAUDIT_WORKERS): a
# pool per in-process run cost a third of the CLI tests' CPU, and tests/cli/test_workers.py
# proves that any number of workers gives the same bytes as one.
DEFAULT_ENV: dict[str, str | None] = {"INTEGAUDIT_KEY": "test-key", "INTEGAUDIT_WORKERS": "1"}


@pytest.fixture(autouse=True)
def json_outputs_follow_their_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validate every JSON document any command writes in any test (in-process) against the
    schema of its kind: the outputs every command hands to ``emit``, and the documents
    ``rules --json`` and ``config --json`` print."""
    from integaudit.api.outputs import Output
    from integaudit.cli import check, common, due, files, info, privacy, sampling

    emit, print_json = common.emit, info.print_json

    def validated_emit(outputs: Iterable[Output], *args: Any, **kwargs: Any) -> Any:
        checked = []
        for output in outputs:
            if output.kind == "json":
                data = output.data
                whole = data if isinstance(data, str | bytes) else "".join(data)
                validate_json_text(whole)
                output = Output(output.kind, output.target, whole)
            checked.append(output)
        return emit(checked, *args, **kwargs)

    def validated_print(document: dict[str, Any], target: str) -> None:
        validate_json_text(json.dumps(document))
        print_json(document, target)

    for module in (common, check, due, files, info, privacy, sampling):
        if hasattr(module, "emit"):
            monkeypatch.setattr(module, "emit", validated_emit)
    monkeypatch.setattr(info, "print_json", validated_print)


@dataclass
class Result:
    """What a CLI run left behind.

    ``stderr`` also holds the traceback of an exception that escaped the app, as Python would
    print it, so "Traceback" in stderr means the user would have seen one.
    """

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def output(self) -> str:
        """stdout and stderr together."""
        return self.stdout + self.stderr

    @property
    def flat(self) -> str:
        """stdout and stderr with all white space runs as one space (Rich wraps long lines)."""
        return " ".join(self.output.split())


def run_cli_in(cwd: Path, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run ``integaudit ARGS`` in-process with ``cwd`` as the current directory."""
    runner = CliRunner()  # typer's CliRunner keeps stdout and stderr apart
    full_env = {**DEFAULT_ENV, **(env or {})}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(cwd)
        raw = runner.invoke(app, [str(a) for a in args], env=full_env)
    stderr = raw.stderr
    if raw.exception is not None and not isinstance(raw.exception, SystemExit):
        stderr += "".join(traceback.format_exception(raw.exception))
    return Result(raw.exit_code, raw.stdout, stderr, raw.exception)


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., Result]:
    """Return ``run_cli(*args, env=None) -> Result``, run with ``tmp_path`` as the current
    directory (so no stray integaudit.toml is picked up) and ``INTEGAUDIT_KEY=test-key``."""

    def run(*args: str, env: Mapping[str, str | None] | None = None) -> Result:
        return run_cli_in(tmp_path, *args, env=env)

    return run


def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a workbook with one sheet per entry (rows of cell values; dates as date cells)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook_of(sheets).save(path)
    return path


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def write_csv(
    path: Path,
    rows: Iterable[Sequence[Any]],
    delimiter: str = ";",
    encoding: str = "cp1252",
) -> Path:
    """Write a csv as Danish Excel does by default (``;`` and cp1252, CRLF); dates as
    ``DD-MM-YYYY`` text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(c) for c in row])
    path.write_bytes(text.getvalue().encode(encoding))
    return path


@dataclass
class Checked:
    """A ``check`` run and the JSON document it wrote (None when it wrote none)."""

    result: Result
    doc: dict[str, Any] | None

    def issues(self, **match: Any) -> list[dict[str, Any]]:
        """Return the data issues whose fields equal ``match``; ``message`` matches as a
        case-insensitive substring."""
        assert self.doc is not None, self.result.output
        found = []
        for issue in self.doc["data_issues"]:
            ok = True
            for key, want in match.items():
                if key == "message":
                    ok = ok and want.lower() in (issue["message"] or "").lower()
                else:
                    ok = ok and issue[key] == want
            if ok:
                found.append(issue)
        return found

    def statuses(self) -> dict[str, dict[str, str]]:
        """Return contract_id → rule → status (contract ids must be unique)."""
        assert self.doc is not None, self.result.output
        out: dict[str, dict[str, str]] = {}
        for contract in self.doc["contracts"]:
            assert contract["contract_id"] not in out, contract["contract_id"]
            out[contract["contract_id"]] = contract["status"]
        return out

    def contract_ids(self) -> list[str]:
        assert self.doc is not None, self.result.output
        return [c["contract_id"] for c in self.doc["contracts"]]


@pytest.fixture
def check(tmp_path: Path) -> Callable[..., Checked]:
    """Return ``check(*paths, *options) -> Checked``: ``integaudit check PATHS --as-of
    2014-06-30 --json out.json --lang en`` run in ``tmp_path``, with the JSON loaded."""

    def run(*args: str, as_of: str = "2014-06-30", env: Mapping[str, str] | None = None):
        out = tmp_path / "out.json"
        out.unlink(missing_ok=True)
        result = run_cli_in(
            tmp_path,
            "check",
            *args,
            "--as-of",
            as_of,
            "--json",
            str(out),
            "--lang",
            "en",
            env=env,
        )
        doc = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
        return Checked(result, doc)

    return run


@pytest.fixture(scope="session")
def sample_json(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Return ``sample_json(name) -> Path``: the JSON of ``integaudit check samples/NAME`` run
    from the repository root, written once a session; copy it before changing it."""
    written: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in written:
            target = tmp_path_factory.mktemp(f"sample-{name}") / f"{name}.json"
            result = run_cli_in(ROOT, "check", f"samples/{name}", "--json", str(target))
            assert result.exit_code == 0, result.output
            target.chmod(0o444)
            written[name] = target
        return written[name]

    return get


@pytest.fixture(name="write_xlsx")
def write_xlsx_fixture() -> Callable[..., Path]:
    return write_xlsx


@pytest.fixture(name="write_csv")
def write_csv_fixture() -> Callable[..., Path]:
    return write_csv
