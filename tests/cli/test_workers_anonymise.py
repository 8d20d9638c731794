"""anonymise makes its copies in worker processes (--workers) as check reads its files: the
same bytes and the same lines as with one process, the same pseudonym for a person in every
worker, and a file whose worker dies named, never lost."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from pathlib import Path

import pytest

from integaudit.ingest import pool
from integaudit.privacy import copying
from tests.cli.conftest import BAD_WORKERS
from tests.conftest import Result, run_cli_in
from tests.paths import BAD
from tests.privacy.helpers import fake_cprs, write_csv_lines

FORK = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
needs_fork = pytest.mark.skipif(not FORK, reason="a patched function reaches forked workers only")


@pytest.fixture
def forked_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start the workers by fork even when an earlier test left a thread running: a function
    patched in this process reaches forked workers only."""
    monkeypatch.setattr(pool, "_context", lambda: multiprocessing.get_context("fork"))


def _anonymise(cwd: Path, extract: Path, out: str, *options: str, **env: str | None) -> Result:
    return run_cli_in(
        cwd, "anonymise", str(extract), "--out", out, "--lang", "en", *options, env=env
    )


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_one_and_two_workers_write_the_same_copies_and_lines(
    extract: Path, tmp_path: Path, key_file: Path, pools: list[int]
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(extract, folder)
    # An ods: with one worker copied by a worker process of its own, with two in the pool.
    shutil.copy(BAD / "kontrakter.ods", folder / "kontrakter.ods")
    key = ("--key-file", str(key_file))
    one = _anonymise(tmp_path, folder, "one", *key, "--workers", "1")
    two = _anonymise(tmp_path, folder, "two", *key, "--workers", "2")
    assert one.exit_code == two.exit_code == 0, two.output
    assert pools == [2], "--workers 1 copies in this process, --workers 2 in a pool of two"
    # The same lines in the files' order, the damaged file's among them.
    assert two.stdout.replace("→ two/", "→ one/").replace("into two", "into one") == one.stdout
    assert "truncated.xlsx: not copied: the file is damaged" in one.stdout
    copies_one, copies_two = _files(tmp_path / "one"), _files(tmp_path / "two")
    workbooks = [f"udtraek_00{i}.xlsx" for i in range(1, 6)]
    assert sorted(copies_one) == ["kontrakter.xlsx", *workbooks, "udtraek_006.csv"]
    assert copies_one == copies_two


def test_a_random_key_is_the_same_in_every_worker(tmp_path: Path, pools: list[int]) -> None:
    shared, *others = fake_cprs(7, seed=23)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, other in enumerate(others):
        write_csv_lines(
            folder / f"{i}.csv",
            f"K-{i};Odense;{shared};A B;01-02-2014;01-04-2014;",
            f"L-{i};Odense;{other};C D;01-02-2014;01-04-2014;",
        )
    result = _anonymise(tmp_path, folder, "out", "--workers", "2", INTEGAUDIT_KEY=None)
    assert result.exit_code == 0, result.output
    assert pools == [2]
    assert "random key" in result.stdout
    pseudonyms = [
        (tmp_path / "out" / f"{i}.csv").read_text(encoding="cp1252").splitlines()[1].split(";")[2]
        for i in range(len(others))
    ]
    assert pseudonyms[0].startswith("P-") and shared.replace("-", "") not in pseudonyms[0]
    assert set(pseudonyms) == {pseudonyms[0]}, "one person, one pseudonym in every copy"


def _fails_in_a_worker(monkeypatch: pytest.MonkeyPatch, name: str, action) -> None:  # type: ignore[no-untyped-def]
    """Make copying the file called ``name`` run ``action`` in a worker process."""
    main = os.getpid()
    anonymise_file = copying.anonymise_file

    def patched(result, *args):  # type: ignore[no-untyped-def]
        if os.getpid() != main and result.source.name == name:
            action()
        return anonymise_file(result, *args)

    monkeypatch.setattr(copying, "anonymise_file", patched)


def _other_lines(result: Result, out: str) -> list[str]:
    """Return the lines of the files other than udtraek_003.xlsx, with --out shown as "out"."""
    lines = result.stdout.replace(f"→ {out}/", "→ out/").splitlines()
    return [line for line in lines if "udtraek_003" not in line and "anonymised into" not in line]


def _out_of_memory() -> None:
    raise MemoryError


@needs_fork
@pytest.mark.slow
@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("how", ["dies", "out of memory"])
def test_a_file_that_ends_or_exhausts_its_worker_is_named_and_the_others_are_copied(
    extract: Path,
    tmp_path: Path,
    key_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    pools: list[int],
    how: str,
) -> None:
    key = ("--key-file", str(key_file))
    one = _anonymise(tmp_path, extract, "one", *key, "--workers", "1")
    _fails_in_a_worker(
        monkeypatch, "udtraek_003.xlsx", (lambda: os._exit(3)) if how == "dies" else _out_of_memory
    )
    two = _anonymise(tmp_path, extract, "two", *key, "--workers", "2")
    assert two.exit_code == 0, two.output
    assert "Traceback" not in two.output
    if how == "dies":
        # The pool broke; the copies it had not made were made again one worker at a time.
        assert pools[0] == 2 and set(pools[1:]) == {1}
    else:
        assert pools == [2]
    (line,) = [s for s in two.stdout.splitlines() if "udtraek_003" in s]
    assert line.startswith(f"{extract}/udtraek_003.xlsx: not copied: reading the file went over")
    assert "5 file(s) anonymised into two" in two.stdout
    assert one.exit_code == 0, one.output
    assert _other_lines(two, "two") == _other_lines(one, "one")
    copies_one, copies_two = _files(tmp_path / "one"), _files(tmp_path / "two")
    del copies_one["udtraek_003.xlsx"]
    assert copies_one == copies_two
    assert multiprocessing.active_children() == []


def test_workers_from_the_option_before_the_environment(
    extract: Path, tmp_path: Path, key_file: Path, pools: list[int]
) -> None:
    key = ("--key-file", str(key_file))
    result = _anonymise(tmp_path, extract, "env", *key, INTEGAUDIT_WORKERS="2")
    assert result.exit_code == 0, result.output
    assert pools == [2]
    result = _anonymise(tmp_path, extract, "cli", *key, "--workers", "1", INTEGAUDIT_WORKERS="2")
    assert result.exit_code == 0, result.output
    assert pools == [2], "--workers 1 before INTEGAUDIT_WORKERS: no pool"


@BAD_WORKERS
def test_a_bad_number_of_workers_is_a_usage_error_and_nothing_is_written(
    tmp_path: Path, args: list[str], env: dict[str, str], message: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_csv_lines(folder / "a.csv", f"K-1;Odense;{fake_cprs(1)[0]};A B;01-02-2014;;")
    result = _anonymise(tmp_path, folder, "out", *args, **env)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
