"""The malformed and hostile input corpus (SPEC §1.4): every case of tests/data/bad/cases.toml,
most beside a good extract. The bad input gives the data issue (or the one-line error) the
table names, with its file (and sheet, row, column), never a traceback; the good file's
contracts are audited; every data row of the bad input is audited or named in a data issue;
no CPR number reaches an output; and every input is, before and after the run, as
SHA256SUMS says: nothing read is ever changed."""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Result

from integaudit.i18n import text
from integaudit.issues import IssueKind
from tests.paths import BAD
from tests.privacy.helpers import file_text

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

CASES: list[dict[str, Any]] = tomllib.loads((BAD / "cases.toml").read_text(encoding="utf-8"))[
    "case"
]
GOOD_IDS = ["GOOD-1", "GOOD-2"]
RULES = ("missing-goal", "late-signing", "missed-follow-up")
OUT = "out.json"


SUMS = dict(
    reversed(line.split("  ", 1))  # type: ignore[misc]
    for line in (BAD / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
)
# Cases whose input lies beside in/ rather than in it.
OUTSIDE = ("empty-directory", "missing-path", "link-dev-zero")
# Cases that copy their inputs into in/ as any other case does, and then make something more.
MAKES_MORE = ("undecodable-name", "fifo", "link-dev-urandom", "hard-link", "symbolic-link")
UNDECODABLE = os.fsdecode(b"\xff\xfe.csv")


def _prepare(case: dict[str, Any], root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Put the case's inputs (and the good file) under ``root``; return the paths to check."""
    folder = root / "in"
    inside = folder / case.get("folder", "")
    inside.mkdir(parents=True)
    for name in case.get("dirs", []):
        (root / name).mkdir(parents=True)
    for target, source in case.get("targets", {}).items():
        shutil.copy(BAD / source, root / target)
    if case.get("good", True):
        shutil.copy(BAD / "good.xlsx", folder / "good.xlsx")
    make = case.get("make")
    if make in (None, "read-only"):
        for name in case["inputs"]:
            shutil.copy(BAD / name, inside / name)
        if make == "read-only":
            _read_only(root / "ro", monkeypatch)
        return ["in"]
    if make in MAKES_MORE:
        return _make_more(make, case, root, folder)
    if make == "link-dev-zero":
        (root / "nul.xlsx").symlink_to("/dev/zero")
        return ["in", "nul.xlsx"]
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
        open_file = os.open

        def refuse(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if Path(file).name == name:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
            return open_file(file, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
        # The refusal is patched into this process: the files are read here, not in workers
        # (spawned ones would not have it).
        monkeypatch.setenv("INTEGAUDIT_WORKERS", "1")
    return ["in"]


def _make_more(make: str, case: dict[str, Any], root: Path, folder: Path) -> list[str]:
    """Copy the inputs into in/ and make what the case adds: a file that is not a regular
    one, a link at an output path, a name whose bytes are not UTF-8."""
    names = list(case["inputs"])
    if make == "undecodable-name":
        shutil.copy(BAD / names.pop(0), folder / UNDECODABLE)
    for name in names:
        shutil.copy(BAD / name, folder / name)
    if make == "fifo":
        os.mkfifo(folder / "pipe.csv")
    elif make == "link-dev-urandom":
        (folder / "tilfaeldig.csv").symlink_to("/dev/urandom")
    elif make == "hard-link":
        os.link(folder / "good.xlsx", root / "report.html")
    elif make == "symbolic-link":
        (root / "report.html").symlink_to(folder / "good.xlsx")
    return ["in"]


def _read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder``, in which no file or folder may be made (as root, whom permission bits
    do not stop, the file system's refusal is raised for it)."""
    folder.mkdir()
    folder.chmod(0o555)
    if not os.access(folder, os.W_OK):
        return
    refusal = OSError(errno.EROFS, os.strerror(errno.EROFS))
    make_temporary, make_folder = tempfile.mkstemp, os.mkdir

    def mkstemp(*args: Any, dir: Any = None, **kwargs: Any) -> tuple[int, str]:
        if dir is not None and Path(dir).resolve().is_relative_to(folder.resolve()):
            raise refusal
        return make_temporary(*args, dir=dir, **kwargs)

    def mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path).resolve().is_relative_to(folder.resolve()):
            raise refusal
        make_folder(path, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "mkdir", mkdir)


def _inputs(root: Path, case: dict[str, Any]) -> dict[Path, str]:
    """Return the SHA-256 of every regular file under in/ and of every target: what the run
    must leave as it is (a committed one also as SHA256SUMS says)."""
    found = {}
    for path in [*(root / "in").rglob("*"), *(root / t for t in case.get("targets", {}))]:
        if path.is_symlink() or not path.is_file() or not stat.S_ISREG(path.stat().st_mode):
            continue
        found[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    committed = {path: SUMS[path.name] for path in found if path.name in SUMS}
    sources = {**{n: n for n in case.get("inputs", [])}, **case.get("targets", {})}
    for path, digest in found.items():
        source = sources.get(path.name, path.name)
        if source in SUMS and (path.name in committed or path.parent.name == "in"):
            assert digest == SUMS[source], (path, "is not the committed file")
    return found


def _display(case: dict[str, Any], name: str) -> str:
    """Return the path of an input as the outputs show it."""
    if case.get("make") in OUTSIDE:
        return name
    return f"in/{name}"


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
    """Return ``run(case) -> (Result, JSON document or None)``, with every input checked to
    be as it was."""

    def run(case: dict[str, Any]) -> tuple[Result, dict[str, Any] | None]:
        paths = _prepare(case, tmp_path, monkeypatch)
        before = _inputs(tmp_path, case)
        try:
            if "command" in case:
                result = _run_command(case, tmp_path, run_cli)
            else:
                options = ["--as-of", "2014-06-30", "--json", OUT, "--lang", "en", "--verbose"]
                result = run_cli("check", *paths, *case.get("args", []), *options)
        finally:
            monkeypatch.undo()  # a patched refusal must not stop the test's own reading
            for path in tmp_path.rglob("*"):
                if not path.is_symlink() and path.exists():
                    path.chmod(0o755 if path.is_dir() else 0o644)
        assert _inputs(tmp_path, case) == before, "an input was changed"
        out = tmp_path / OUT
        doc = None
        if "command" not in case and out.exists():
            doc = json.loads(out.read_text(encoding="utf-8"))
        return result, doc

    return run


def _run_command(case: dict[str, Any], root: Path, run_cli: Any) -> Result:
    """Run the case's command with its arguments: in this process, or (for a full or closed
    stdout) as a process of its own."""
    args = [case["command"], *case["argv"], "--lang", "en"]
    if "stdout" not in case:
        return run_cli(*args)
    stdout = "/dev/full" if case["stdout"] == "full" else os.devnull
    with open(stdout, "w", encoding="utf-8") as sink:
        done = subprocess.run(
            [sys.executable, "-m", "integaudit", *args],
            cwd=root,
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "INTEGAUDIT_KEY": "test-key"},
            preexec_fn=(lambda: os.close(1)) if case["stdout"] == "closed" else None,
            timeout=300,
        )
    return Result(done.returncode, "", done.stderr, None)


def _error_line(result: Result, key: str) -> None:
    """Assert that the run ends in one line on stderr, the error ``key`` in English (the
    terminal report may come before it on stderr when stdout is for the JSON)."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("integaudit: error: ")]
    assert errors == lines[-1:], result.stderr
    prefix = text(f"error.{key}", "en").split("{")[0].strip()
    assert prefix in errors[0], (prefix, errors[0])


def _outputs_hold_no_cpr(case: dict[str, Any], result: Result, root: Path) -> None:
    """Assert that no CPR number of the case is in the terminal, in a file written (any
    output beside in/) or in such a file's name."""
    numbers = case.get("no_cpr", [])
    if not numbers:
        return
    texts = [result.output]
    for path in root.rglob("*"):
        if path.is_file() and not path.is_relative_to(root / "in"):
            texts.append(file_text(path) + path.name)
    for number in numbers:
        for form in (number, f"{number[:6]}-{number[6:]}"):
            assert not any(form in t for t in texts), form


def _files_as_said(case: dict[str, Any], result: Result, root: Path) -> None:
    """Assert the texts the output must hold and the files the run must and must not leave."""
    for said in case.get("says", []):
        assert said in result.flat, (said, result.flat)
    for name in case.get("written", []):
        assert (root / name).is_file(), name
    for name in case.get("unwritten", []):
        assert not (root / name).exists(), name
    assert not list(root.rglob(".*.tmp")), "a temporary file was left"
    _outputs_hold_no_cpr(case, result, root)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input_gives_its_data_issue_and_the_run_continues(
    corpus_run, case, tmp_path: Path
) -> None:
    result, doc = corpus_run(case)
    _no_traceback(result)
    assert result.exit_code == case["exit"], result.output
    _files_as_said(case, result, tmp_path)

    if "error" in case:
        _error_line(result, case["error"])
        assert doc is None
        return
    if "usage_error" in case:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, result.stderr
        assert case["usage_error"] in lines[0]
        assert doc is None
        return
    if "command" in case:
        return
    flat = result.flat
    issues = doc["data_issues"] if doc else []
    for want in case.get("issues", []):
        file = _display(case, want["file"] if "file" in want else case["inputs"][0])
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

    if "shown" in case:
        assert sorted(i["path"] for i in doc["inputs"] if i["path"] != "in/good.xlsx") == sorted(
            case["shown"]
        )

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
    assert len(CASES) >= 70
    names = [c["name"] for c in CASES]
    assert len(set(names)) == len(names)
    used = {
        name
        for c in CASES
        if c.get("make") in (None, *MAKES_MORE, "read-only")
        for name in c["inputs"]
    }
    used |= {c["source"] for c in CASES if "source" in c}
    used |= {source for c in CASES for source in c.get("targets", {}).values()}
    present = {p.name for p in BAD.iterdir()} - {"generate.py", "cases.toml", "good.xlsx"}
    present = {n for n in present if not n.startswith((".", "__"))} - {"SHA256SUMS"}
    assert used == present
    # every committed file has its hash, which the cases' inputs are held to
    assert set(SUMS) == present | {"good.xlsx"}


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
