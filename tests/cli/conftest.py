"""Fixtures the worker-pool tests of the commands share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from integaudit.ingest import pool
from tests.conftest import run_cli_in
from tests.paths import BAD

# A fixed pseudonym key (hex), so two runs give the same pseudonyms.
KEY = "3f" * 32
# A number of workers that is no number of workers, from the option and from the
# environment: (arguments, environment, what the message names).
BAD_WORKERS = pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--workers", "0"], {}, "--workers"),
        ([], {"INTEGAUDIT_WORKERS": "many"}, "INTEGAUDIT_WORKERS: must be a whole number"),
    ],
)


@pytest.fixture(scope="module")
def extract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with a generated extract of 3000 contracts in 6 municipalities (five
    workbooks and a csv) and a damaged workbook among them."""
    folder = tmp_path_factory.mktemp("generated") / "extract"
    result = run_cli_in(
        folder.parent, "demo-data", str(folder), "--contracts", "3000", "--municipalities", "6"
    )
    assert result.exit_code == 0, result.output
    shutil.copy(BAD / "truncated.xlsx", folder / "truncated.xlsx")
    return folder


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    """Return a key file holding KEY."""
    path = tmp_path / "key.txt"
    path.write_text(KEY, encoding="ascii")
    return path


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return a list that gets the size of every worker pool started."""
    started: list[int] = []
    run_pool = pool._run_pool

    def counted(items, indices, workers, *args):  # type: ignore[no-untyped-def]
        started.append(workers)
        return run_pool(items, indices, workers, *args)

    monkeypatch.setattr(pool, "_run_pool", counted)
    return started
