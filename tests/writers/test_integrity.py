"""Inputs are only ever read, and outputs are written whole or not at all (SPEC §1.1, §4).

Every file of an input folder keeps its SHA-256, size and modification time (ns) through every
command and output option, also with the outputs written into that folder. An output aimed at an
input is refused before anything is written. A write that fails halfway, and a crash of a rule
or a renderer, leave neither a partial file nor a temporary file, and an earlier output keeps
its content.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run_cli_in, write_xlsx

from integaudit.errors import IntegauditError
from integaudit.rules import rulesets
from integaudit.writers import outputs, signature
from integaudit.writers.extract import ContractRow, FileStyle, write_extract
from integaudit.writers.signature import sign_html, signed_json
from integaudit.writers.xlsx import StreamingWorkbook
from tests.paths import RR2014

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow

D = dt.date
AS_OF = "2014-06-30"
PAST_NS = 1_262_304_000_123_456_789  # 2010-01-01, with nanoseconds a rewrite would not keep
Fingerprint = dict[str, tuple[str, int, int]]


def _rows(prefix: str, n: int) -> list[ContractRow]:
    return [
        ContractRow(
            contract_id=f"{prefix}-{i}",
            person_id=f"B{i:05d}",
            responsibility_date=D(2014, 1, 2 + i),
            signed_date=D(2014, 1, 20 + i) if i % 3 else D(2014, 3, 1),
            employment_goal="Job som kok" if i % 2 else None,
            education_goal=None,
            follow_ups=[D(2014, 3, 15), D(2014, 6, 10)] if i % 4 else [],
        )
        for i in range(n)
    ]


@pytest.fixture
def extracts(tmp_path: Path) -> Path:
    """Return a folder of inputs in every shape a check reads (xlsx with a follow-ups sheet,
    Danish-Excel csv, a sub-folder, a corrupt workbook) and files it passes over (a .txt, a
    hidden csv, an Excel lock file), all with an old modification time."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write_extract(folder, _rows("A", 6), FileStyle("aarhus_kontrakter.xlsx"), "751", "Aarhus")
    write_extract(
        folder,
        _rows("O", 5),
        FileStyle("851.csv", format="csv", follow_up_layout="wide", date_form="dmy"),
        "851",
        "Aalborg",
    )
    write_extract(
        folder / "sub",
        _rows("D", 4),
        FileStyle("odense.xlsx", follow_up_layout="cell", municipality_column="name"),
        "461",
        "Odense",
    )
    (folder / "beskadiget.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (folder / "noter.txt").write_text("noter til revisionen\n", encoding="utf-8")
    (folder / ".skjult.csv").write_text("Kontrakt nr.;Kommune\r\n1;Aarhus\r\n", encoding="cp1252")
    (folder / "~$aarhus_kontrakter.xlsx").write_bytes(b"lock")
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(PAST_NS, PAST_NS))
    return folder


def fingerprint(*roots: Path) -> Fingerprint:
    """Return path → (SHA-256, size, modification time in ns) of every file under ``roots``
    (or of ``roots`` themselves when they are files)."""
    found: Fingerprint = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            found[str(path)] = (digest, stat.st_size, stat.st_mtime_ns)
    return found


def stray_temporaries(root: Path) -> list[Path]:
    """Return the temporary files of an unfinished write (``.NAME.XXXX.tmp``) under ``root``."""
    return [p for p in root.rglob(".*.tmp")]


def run(cwd: Path, *args: str) -> Result:
    """Run the CLI in ``cwd`` and fail on a traceback."""
    result = run_cli_in(cwd, *args)
    assert "Traceback" not in result.output, result.output
    return result


# --- inputs are never modified ---------------------------------------------------------------

CHECK_OUTPUTS: dict[str, list[str]] = {
    "terminal only": [],
    "json": ["--json", "out/audit.json"],
    "json to stdout": ["--json", "-"],
    "html": ["--html", "out/rapport.html"],
    "xlsx": ["--xlsx", "out/fund.xlsx"],
    "all, strict, thresholds, region": [
        "--json", "out/audit.json", "--html", "out/rapport.html", "--xlsx", "out/fund.xlsx",
        "--by", "region", "--verbose", "--strict", "--fail-above", "missing-goal=1",
    ],
    "all into the input folder": [
        "--json", "in/audit.json", "--html", "in/rapport.html", "--xlsx", "in/sub/fund.xlsx",
    ],
}  # fmt: skip


@pytest.mark.parametrize("ruleset", ["rr2014", "bek2020"])
@pytest.mark.parametrize("options", list(CHECK_OUTPUTS), ids=list(CHECK_OUTPUTS))
def test_check_leaves_every_input_unchanged(
    tmp_path: Path, extracts: Path, options: str, ruleset: str
) -> None:
    (tmp_path / "out").mkdir()
    before = fingerprint(extracts)
    args = CHECK_OUTPUTS[options]
    result = run(tmp_path, "check", "in", "--as-of", AS_OF, "--ruleset", ruleset, *args)
    assert result.exit_code in (0, 1), result.output
    if "--strict" in args:
        assert result.exit_code == 1  # the corrupt workbook is an error-level data issue
    written = [tmp_path / a for a in args if a.startswith(("out/", "in/"))]
    for path in written:
        assert path.stat().st_size > 0, path
    after = fingerprint(extracts)
    for path in written:
        after.pop(str(path), None)
    assert after == before
    assert not stray_temporaries(tmp_path)


def test_check_with_every_input_named_on_the_command_line(tmp_path: Path, extracts: Path) -> None:
    """Files given one by one (the .txt too, which is then read as csv) are not touched."""
    before = fingerprint(extracts)
    files = sorted(str(p.relative_to(tmp_path)) for p in extracts.rglob("*") if p.is_file())
    result = run(tmp_path, "check", *files, "--as-of", AS_OF, "--json", "audit.json")
    assert result.exit_code == 0, result.output
    assert fingerprint(extracts) == before


@pytest.mark.parametrize("out", ["stikproeve.xlsx", "in/stikproeve.xlsx"])
def test_sample_leaves_every_input_unchanged(tmp_path: Path, extracts: Path, out: str) -> None:
    before = fingerprint(extracts)
    result = run(
        tmp_path, "sample", "in", "--size", "5", "--seed", "3", "--out", out, "--as-of", AS_OF
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / out).stat().st_size > 0
    after = fingerprint(extracts)
    after.pop(str(tmp_path / out), None)
    assert after == before


def test_template_leaves_the_files_beside_it_unchanged(tmp_path: Path, extracts: Path) -> None:
    before = fingerprint(extracts)
    result = run(tmp_path, "template", "in/skabelon.xlsx")
    assert result.exit_code == 0, result.output
    after = fingerprint(extracts)
    assert after.pop(str(extracts / "skabelon.xlsx"))[1] > 0
    assert after == before


def _two_audits(tmp_path: Path) -> tuple[Path, Path]:
    """Return the JSON of two checks of the extracts (2014 and 2015), both with an old mtime."""
    old, new = tmp_path / "revision2014.json", tmp_path / "revision2015.json"
    for path, as_of in ((old, "2014-06-30"), (new, "2015-06-30")):
        result = run(tmp_path, "check", "in", "--as-of", as_of, "--json", path.name)
        assert result.exit_code == 0, result.output
        os.utime(path, ns=(PAST_NS, PAST_NS))
    return old, new


def test_compare_leaves_both_audits_unchanged(tmp_path: Path, extracts: Path) -> None:
    old, new = _two_audits(tmp_path)
    before = fingerprint(old, new, extracts)
    result = run(
        tmp_path,
        "compare",
        old.name,
        new.name,
        "--html",
        "sammenligning.html",
        "--json",
        "sammenligning.json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "sammenligning.json").read_text(encoding="utf-8"))
    assert fingerprint(old, new, extracts) == before


# --- outputs are never written over an input -------------------------------------------------


def _input_spellings(tmp_path: Path) -> dict[str, str]:
    """Return ways of naming an input file: as found, through ``..``, absolute, a symlink."""
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "in" / "aarhus_kontrakter.xlsx")
    return {
        "xlsx": "in/aarhus_kontrakter.xlsx",
        "csv": "in/851.csv",
        "in a sub-folder": "in/sub/odense.xlsx",
        "corrupt input": "in/beskadiget.xlsx",
        "through ..": "in/sub/../851.csv",
        "absolute": str(tmp_path / "in" / "851.csv"),
        "symlink to an input": "link.xlsx",
    }


SPELLINGS = ["xlsx", "csv", "in a sub-folder", "corrupt input", "through ..", "absolute",
             "symlink to an input"]  # fmt: skip


@pytest.mark.parametrize("option", ["--json", "--html", "--xlsx"])
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_check_refuses_to_write_an_output_over_an_input(
    tmp_path: Path, extracts: Path, option: str, spelling: str
) -> None:
    """Exit 2, one clear line naming the file, the input untouched, and no other output
    written either (the targets are checked before anything is written)."""
    target = _input_spellings(tmp_path)[spelling]
    before = fingerprint(extracts)
    others = {"--json": "audit.json", "--html": "rapport.html", "--xlsx": "fund.xlsx"}
    extra = [arg for o, path in others.items() if o != option for arg in (o, path)]
    result = run(tmp_path, "check", "in", "--as-of", AS_OF, option, target, *extra)
    assert result.exit_code == 2, result.output
    assert f"skriver ikke {target}: den er en af inputfilerne" in result.flat
    assert "input" in result.stderr
    assert fingerprint(extracts) == before
    for path in others.values():
        assert not (tmp_path / path).exists(), path
    assert not stray_temporaries(tmp_path)


def test_check_refuses_to_overwrite_a_named_file_that_is_not_a_spreadsheet(
    tmp_path: Path, extracts: Path
) -> None:
    """A file named on the command line is an input even when it cannot be audited."""
    notes = tmp_path / "noter.json"
    notes.write_text('{"mine": true}', encoding="utf-8")
    result = run(tmp_path, "check", "in", "noter.json", "--as-of", AS_OF, "--json", "noter.json")
    assert result.exit_code == 2, result.output
    assert "skriver ikke noter.json: den er en af inputfilerne" in result.flat
    assert notes.read_text(encoding="utf-8") == '{"mine": true}'


def test_sample_refuses_to_write_over_an_input(tmp_path: Path, extracts: Path) -> None:
    before = fingerprint(extracts)
    result = run(tmp_path, "sample", "in", "--size", "3", "--seed", "1", "--out",
                 "in/aarhus_kontrakter.xlsx")  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "skriver ikke in/aarhus_kontrakter.xlsx" in result.flat
    assert fingerprint(extracts) == before


@pytest.mark.parametrize("option", ["--json", "--html"])
@pytest.mark.parametrize("which", ["old", "new"])
def test_compare_refuses_to_write_over_either_audit(
    tmp_path: Path, extracts: Path, option: str, which: str
) -> None:
    old, new = _two_audits(tmp_path)
    before = fingerprint(old, new)
    target = old.name if which == "old" else new.name
    other = ["--html", "x.html"] if option == "--json" else ["--json", "x.json"]
    result = run(tmp_path, "compare", old.name, new.name, option, target, *other)
    assert result.exit_code == 2, result.output
    assert f"skriver ikke {target}: den er en af inputfilerne" in result.flat
    assert fingerprint(old, new) == before
    assert not (tmp_path / other[1]).exists()


# --- outputs are atomic ----------------------------------------------------------------------


class _HalfWriter:
    """A file handle that writes half of what it is given, then fails as a full disk does."""

    def __init__(self, handle: Any, record: dict[str, int]) -> None:
        self.handle = handle
        self.record = record

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        self.record["given"] = len(data)
        self.record["on_disk"] = os.fstat(self.handle.fileno()).st_size
        raise OSError(errno.ENOSPC, "No space left on device")


def _disk_fills_up(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Make every write of integaudit.writers.outputs fail halfway; return what the failure saw."""
    record: dict[str, int] = {}
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> _HalfWriter:
        return _HalfWriter(real(fd, *args, **kwargs), record)

    monkeypatch.setattr(outputs.os, "fdopen", fdopen)
    return record


def _rename_fails(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> list[str]:
    """Make os.replace raise ``error``; return the (temporary) sources it was called with."""
    calls: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(str(src))
        assert Path(src).exists()  # the whole temporary file was there to be renamed
        raise error

    monkeypatch.setattr(outputs.os, "replace", replace)
    return calls


def test_write_that_fails_halfway_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = _disk_fills_up(monkeypatch)
    target = tmp_path / "audit.json"
    with pytest.raises(IntegauditError, match="No space left on device"):
        outputs.write_bytes(target, b"x" * 10_000)
    assert 0 < record["on_disk"] < record["given"]  # it did fail partway
    assert list(tmp_path.iterdir()) == []


def test_write_that_fails_halfway_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "audit.json"
    target.write_bytes(b"old audit")
    _disk_fills_up(monkeypatch)
    with pytest.raises(IntegauditError, match=r"cannot write .*audit\.json"):
        outputs.write_text(target, "new audit " * 1000)
    assert target.read_bytes() == b"old audit"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    "error",
    [OSError(errno.EXDEV, "Invalid cross-device link"), KeyboardInterrupt(), MemoryError()],
    ids=["OSError", "KeyboardInterrupt", "MemoryError"],
)
def test_rename_that_fails_keeps_the_old_file_and_removes_the_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    target = tmp_path / "fund.xlsx"
    target.write_bytes(b"old workbook")
    calls = _rename_fails(monkeypatch, error)
    expected = IntegauditError if isinstance(error, OSError) else type(error)
    with pytest.raises(expected):
        outputs.write_bytes(target, b"new workbook")
    assert len(calls) == 1 and Path(calls[0]).parent == tmp_path
    assert target.read_bytes() == b"old workbook"
    assert list(tmp_path.iterdir()) == [target]


def test_a_successful_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "audit.json"
    target.write_bytes(b"old audit, longer than the new one")
    outputs.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert list(tmp_path.iterdir()) == [target]
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_into_a_missing_folder_is_refused_before_anything_is_created(
    tmp_path: Path,
) -> None:
    with pytest.raises(IntegauditError, match="does not exist"):
        outputs.write_bytes(tmp_path / "missing" / "audit.json", b"{}")
    assert list(tmp_path.iterdir()) == []


OUTPUT_OPTIONS = {"--json": "audit.json", "--html": "rapport.html", "--xlsx": "fund.xlsx"}


def _previous_outputs(tmp_path: Path) -> dict[Path, bytes]:
    """Write an 'earlier run' into each output file and return path → content: reports signed
    as integaudit signs its own (which a new run may replace)."""
    old = {}
    for name in OUTPUT_OPTIONS.values():
        path = tmp_path / "out" / name
        path.parent.mkdir(exist_ok=True)
        if path.suffix == ".xlsx":
            book = StreamingWorkbook(signed=True)
            for sheet in ("Oversigt", "Revisionsspor"):
                book.workbook.add_worksheet(sheet).write(0, 0, name)
            path.write_bytes(book.bytes())
        elif path.suffix == ".json":
            path.write_bytes(
                b"".join(signed_json([f'{{"schema_version": 1, "earlier": "{name}"}}']))
            )
        else:
            page = f'<html><head><meta name="generator" content="integaudit"></head>{name}</html>'
            path.write_text(sign_html(page), "utf-8")
        assert signature.verdict(path) == "signed", path
        old[path] = path.read_bytes()
    return old


def _all_outputs() -> list[str]:
    return [arg for option, name in OUTPUT_OPTIONS.items() for arg in (option, f"out/{name}")]


@pytest.mark.parametrize("option", list(OUTPUT_OPTIONS))
def test_check_whose_write_fails_halfway_keeps_the_earlier_output(
    tmp_path: Path, extracts: Path, monkeypatch: pytest.MonkeyPatch, option: str
) -> None:
    """A full disk: exit 2 with one line saying so, no partial file, no temporary file."""
    old = _previous_outputs(tmp_path)
    target = tmp_path / "out" / OUTPUT_OPTIONS[option]
    record = _disk_fills_up(monkeypatch)
    result = run(tmp_path, "check", "in", "--as-of", AS_OF, option, f"out/{target.name}")
    assert result.exit_code == 2, result.output
    assert f"kan ikke skrive out/{target.name}: No space left on device" in result.flat
    assert 0 < record["on_disk"] < record["given"]
    assert {p: p.read_bytes() for p in old} == old
    assert not stray_temporaries(tmp_path)


def test_check_whose_rename_fails_keeps_every_earlier_output(
    tmp_path: Path, extracts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _previous_outputs(tmp_path)
    calls = _rename_fails(monkeypatch, OSError(errno.EACCES, "Permission denied"))
    result = run(tmp_path, "check", "in", "--as-of", AS_OF, *_all_outputs())
    assert result.exit_code == 2, result.output
    assert "Permission denied" in result.flat
    assert len(calls) == 1  # the first write failed and nothing was written after it
    assert {p: p.read_bytes() for p in old} == old
    assert not stray_temporaries(tmp_path)


def _crash(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("crash in the middle of the run")


def _crashing_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = list(rulesets.RULESETS["rr2014"])
    rules[1] = dataclasses.replace(rules[1], evaluate=_crash)
    monkeypatch.setitem(rulesets.RULESETS, "rr2014", rules)


CRASHES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "rule": _crashing_rule,
    "html renderer": lambda mp: mp.setattr("integaudit.render.html.render", _crash),
    "xlsx renderer": lambda mp: mp.setattr("integaudit.render.xlsx.workbook_bytes", _crash),
    "json renderer": lambda mp: mp.setattr("integaudit.render.json.chunks", _crash),
}


@pytest.mark.parametrize("where", list(CRASHES))
def test_a_crash_mid_run_leaves_no_new_output(
    tmp_path: Path, extracts: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Whatever crashes, the earlier outputs keep their content, no output of this run
    appears (the renderers all run before the first write) and the inputs are unchanged."""
    old = _previous_outputs(tmp_path)
    inputs = fingerprint(extracts)
    CRASHES[where](monkeypatch)
    fresh = tmp_path / "out" / "ny.json"
    targets = ["--html", "out/rapport.html", "--xlsx", "out/fund.xlsx", "--json", str(fresh)]
    result = run_cli_in(tmp_path, "check", "in", "--as-of", AS_OF, *targets)
    # A bug: a one-line report naming it, exit 70 (never 0, 1 or 2), nothing written.
    assert result.exit_code == 70, result.output
    assert "RuntimeError: crash in the middle of the run" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in old} == old
    assert not fresh.exists()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUT_OPTIONS.values())
    assert not stray_temporaries(tmp_path)
    assert fingerprint(extracts) == inputs


def test_without_a_crash_the_same_run_replaces_every_output(tmp_path: Path, extracts: Path) -> None:
    """The run the crash tests interrupt writes all three outputs when nothing fails."""
    old = _previous_outputs(tmp_path)
    result = run(tmp_path, "check", "in", "--as-of", AS_OF, *_all_outputs())
    assert result.exit_code == 0, result.output
    for path, content in old.items():
        assert path.read_bytes() != content, path
    assert json.loads((tmp_path / "out" / "audit.json").read_text(encoding="utf-8"))["total"]
    assert not stray_temporaries(tmp_path)


def test_a_report_workbook_in_the_extract_folder_is_skipped_and_may_be_rewritten(tmp_path):
    folder = tmp_path / "in"
    write_xlsx(
        folder / "aarhus.xlsx",
        {
            "Kontrakter": [
                [
                    "Kontrakt nr.",
                    "Kommune",
                    "Overtagelsesdato",
                    "Underskrevet",
                    "Beskæftigelsesmål",
                ],
                ["A-1", "Aarhus", "01-02-2014", "10-02-2014", "Kok"],
            ]
        },
    )
    args = ("check", str(folder), "--as-of", "2014-06-30", "--xlsx", str(folder / "fund.xlsx"))
    first = run_cli_in(tmp_path, *args, "--json", str(tmp_path / "a.json"))
    assert first.exit_code == 0, first.output
    second = run_cli_in(tmp_path, *args, "--json", str(tmp_path / "b.json"))
    assert second.exit_code == 0, second.output
    a, b = (json.loads((tmp_path / n).read_text()) for n in ("a.json", "b.json"))
    assert b["total"] == a["total"] and b["contracts"] == a["contracts"]
    earlier = {i["message"] for i in a["data_issues"]}
    assert [i["message"] for i in b["data_issues"] if i["message"] not in earlier] == [
        "the file is a report written by integaudit (--xlsx) and is not read as an extract"
    ]


def test_two_outputs_naming_the_same_file_are_refused_before_anything_is_written(tmp_path):
    sample = RR2014 / "101.xlsx"
    target = tmp_path / "r.out"
    result = run_cli_in(
        tmp_path, "check", str(sample), "--html", str(target), "--xlsx", str(target)
    )
    assert result.exit_code == 2
    assert "to output-filer er den samme fil" in result.flat
    assert not target.exists()


def test_template_does_not_replace_an_existing_file_unless_forced(tmp_path):
    filled = tmp_path / "udtraek.xlsx"
    filled.write_bytes(b"a filled-in extract")
    refused = run_cli_in(tmp_path, "template", str(filled))
    assert refused.exit_code == 2 and "--force" in refused.flat
    assert filled.read_bytes() == b"a filled-in extract"
    assert run_cli_in(tmp_path, "template", str(filled), "--force").exit_code == 0
    assert filled.read_bytes()[:2] == b"PK"
