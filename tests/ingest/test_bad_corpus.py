"""The malformed-input corpus through `integaudit check` (SPEC §1.4): every case of
tests/data/bad/cases.toml beside a good extract. The bad input gives the data issue the table
names, with its file (and sheet, row, column), no traceback, the good file's contracts are
audited, and every data row of the bad input is audited or named in a data issue."""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Result

from integaudit.i18n import text
from integaudit.issues import IssueKind
from tests.paths import BAD

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

CASES: list[dict[str, Any]] = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))[
    "case"
]
GOOD_IDS = ["GOOD-1", "GOOD-2"]
RULES = ("missing-goal", "late-signing", "missed-follow-up")
OUT = "out.json"


def _prepare(case: dict[str, Any], root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Put the case's inputs (and the good file) under ``root``; return the paths to check."""
    folder = root / "in"
    folder.mkdir()
    if case.get("good", True):
        shutil.copy(BAD / "good.xlsx", folder / "good.xlsx")
    make = case.get("make")
    if make is None:
        for name in case["inputs"]:
            shutil.copy(BAD / name, folder / name)
        return ["in"]
    (name,) = case["inputs"]
    if make == "empty-directory":
        (root / name).mkdir()
        (root / name / "notater.txt").write_text("ingen regneark her", encoding="utf-8")
        return ["in", name]
    if make == "missing-path":
        return ["in", name]
    assert make == "unreadable", make
    path = folder / name
    shutil.copy(BAD / case["source"], path)
    path.chmod(0)
    if os.access(path, os.R_OK):
        # Running as root, the permission bits do not stop reading: the operating system's
        # refusal is what a user without access gets, so it is raised for this file.
        read_bytes = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == name:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return read_bytes(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
        # The refusal is patched into this process: the files are read here, not in workers
        # (spawned ones would not have it).
        monkeypatch.setenv("INTEGAUDIT_WORKERS", "1")
    return ["in"]


def _display(case: dict[str, Any], name: str) -> str:
    """Return the path of an input as the outputs show it."""
    return name if case.get("make") in ("empty-directory", "missing-path") else f"in/{name}"


def _rows(case: dict[str, Any]) -> Iterator[tuple[str, str | None, int, str]]:
    """Yield (file, sheet, row, contract id) for every data row the table lists."""
    for spec in case.get("rows", []):
        file = _display(case, spec.get("file", case["inputs"][0]))
        rows = [spec["row"]] if "row" in spec else range(spec["first"], spec["last"] + 1)
        for row in rows:
            yield file, spec.get("sheet"), row, spec["id"].replace("{row}", str(row))


def _where(issue: dict[str, Any]) -> str:
    """Return where an issue is, as the terminal shows it before the value and message."""
    parts = (issue["file"], issue["sheet"], f"r{issue['row']}" if issue["row"] else None)
    column = issue["column"]
    if issue["header"]:
        # The header as written and its letter, with the field when that differs.
        place = [issue["column_letter"]]
        if column and column != issue["header"]:
            place.append(column)
        column = f"'{issue['header']}' (column {', '.join(place)})"
    return ", ".join(p for p in (*parts, column) if p)


def _no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def corpus_run(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Return ``run(case) -> (Result, JSON document or None)``."""

    def run(case: dict[str, Any]) -> tuple[Result, dict[str, Any] | None]:
        paths = _prepare(case, tmp_path, monkeypatch)
        options = ["--as-of", "2014-06-30", "--json", OUT, "--lang", "en", "--verbose"]
        try:
            result = run_cli("check", *paths, *case.get("args", []), *options)
        finally:
            for path in (tmp_path / "in").iterdir():
                path.chmod(0o644)
        out = tmp_path / OUT
        doc = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
        return result, doc

    return run


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_gives_its_data_issue_and_the_run_continues(corpus_run, case) -> None:
    result, doc = corpus_run(case)
    _no_traceback(result)
    assert result.exit_code == case["exit"], result.output

    if "usage_error" in case:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, result.stderr
        assert case["usage_error"] in lines[0]
        assert doc is None
        return

    flat = result.flat
    issues = doc["data_issues"] if doc else []
    for want in case.get("issues", []):
        file = _display(case, want.get("file", case["inputs"][0]))
        label = text(f"kind.{want['kind']}", "en")
        assert label in flat, (label, flat)
        assert want["message"] in flat, (want["message"], flat)
        if doc is None:
            # nothing was audited: the terminal is the only output
            assert f"{file}: " in flat or f"{file} [" in flat, flat
            continue
        found = [
            i
            for i in issues
            if i["level"] == want["level"]
            and want["message"] in i["message"]
            and i["file"] == file
            and all(i[key] == want[key] for key in ("sheet", "row", "column") if key in want)
        ]
        assert found, (want, issues)
        # the terminal names the file (and sheet, row, column) beside the message
        assert _where(found[0]) in flat, (_where(found[0]), flat)

    if doc is None:
        assert case["exit"] == 2
        assert "Nothing could be audited" in result.stderr
        for file, _sheet, _row, _cid in _rows(case):
            assert any(
                _display(case, w.get("file", case["inputs"][0])) == file and w["level"] == "error"
                for w in case["issues"]
                if "sheet" not in w
            ), file
        return

    ids = [c["contract_id"] for c in doc["contracts"]]
    status = {c["contract_id"]: c["status"] for c in doc["contracts"]}
    if case.get("good", True):
        # the run continued with the good file
        for good in GOOD_IDS:
            assert status[good] == dict.fromkeys(RULES, "pass"), status.get(good)
            ids.remove(good)
    assert sorted(ids) == sorted(case.get("audited", [])), ids

    for line in case.get("status", []):
        cid, rule, want = line.split()
        assert status[cid][rule] == want, (line, status[cid])

    if "follow_ups" in case:
        first = _display(case, case["inputs"][0])
        read = {i["path"]: i["follow_ups"] for i in doc["inputs"]}
        assert read[first] == case["follow_ups"], doc["inputs"]

    # No row is lost silently: each is audited, or an issue names its row, its sheet (an
    # error at or above it) or its file (an error without a sheet).
    for file, sheet, row, cid in _rows(case):
        named = any(
            i["file"] == file
            and (
                (i["sheet"] == sheet and i["row"] == row)
                or (i["level"] == "error" and i["sheet"] is None)
                or (i["level"] == "error" and i["sheet"] == sheet and (i["row"] or 0) <= row)
            )
            for i in issues
        )
        assert cid in ids or named, (file, sheet, row, cid)


def test_the_corpus_has_every_required_case_and_no_stray_file() -> None:
    assert len(CASES) >= 30
    names = [c["name"] for c in CASES]
    assert len(set(names)) == len(names)
    used = {name for c in CASES if c.get("make") is None for name in c["inputs"]}
    used |= {c["source"] for c in CASES if "source" in c}
    present = {p.name for p in BAD.iterdir()} - {"generate.py", "cases.toml", "good.xlsx"}
    present = {n for n in present if not n.startswith((".", "__"))}
    assert used == present


@pytest.mark.parametrize(
    "kind", sorted({w["kind"] for c in CASES for w in c.get("issues", [])}), ids=str
)
def test_every_issue_kind_of_the_corpus_is_a_kind_with_messages(kind: str) -> None:
    # Its messages in every language: tests/test_catalogue.py.
    assert kind in {k.value for k in IssueKind}


def test_danish_messages_name_the_sizes_with_a_decimal_comma(run_cli, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(BAD / "good.xlsx", tmp_path / "in" / "good.xlsx")
    shutil.copy(BAD / "too_big.csv", tmp_path / "in" / "too_big.csv")
    result = run_cli("check", "in", "--as-of", "2014-06-30", "--max-file-size", "50 kB")
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "in/too_big.csv: filen fylder 67,2 kB, mere end grænsen på 50 kB" in result.flat
    assert "fil over størrelsesgrænsen" in result.flat


def test_generate_rebuilds_the_committed_corpus_byte_for_byte(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_bad", BAD / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.generate(tmp_path)
    assert written
    for path in written:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == hashlib.sha256((BAD / path.name).read_bytes()).hexdigest(), path.name
    # every committed corpus file but the encrypted one (random salt) comes from the script
    made = {p.name for p in written} | {"encrypted.xlsx"}
    assert made == {p.name for p in BAD.iterdir()} - {"generate.py", "cases.toml", "__pycache__"}
