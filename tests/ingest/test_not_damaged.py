"""A programming error while reading a workbook is never reported as a damaged file (as an
older python-calamine's missing ``merged_cell_ranges`` once was): only the errors a damaged
file raises are; anything else stops the run with a bug report (exit 70)."""

from __future__ import annotations

import pytest
import python_calamine

from integaudit.ingest import readers
from tests.conftest import run_cli_in
from tests.paths import RR2014


class OldSheet:
    """A sheet as python-calamine before 0.3.3 gave it: no merged_cell_ranges."""

    def __init__(self, sheet: object) -> None:
        self.sheet = sheet

    def to_python(self, **kwargs: object) -> list[list[object]]:
        return self.sheet.to_python(**kwargs)  # type: ignore[attr-defined]


class OldWorkbook:
    def __init__(self, workbook: object) -> None:
        self.workbook = workbook
        self.sheets_metadata = workbook.sheets_metadata  # type: ignore[attr-defined]

    def get_sheet_by_name(self, name: str) -> OldSheet:
        return OldSheet(self.workbook.get_sheet_by_name(name))  # type: ignore[attr-defined]


def test_an_attribute_error_in_the_reader_is_a_bug_report_not_a_damaged_file(
    tmp_path, monkeypatch: pytest.MonkeyPatch
):
    opened = python_calamine.CalamineWorkbook.from_filelike

    class Calamine:
        @staticmethod
        def from_filelike(data: object) -> OldWorkbook:
            return OldWorkbook(opened(data))

    monkeypatch.setattr(readers.python_calamine, "CalamineWorkbook", Calamine)
    result = run_cli_in(tmp_path, "check", str(RR2014 / "101.xlsx"), "--workers", "1")
    assert result.exit_code == 70, result.output
    assert "intern fejl: AttributeError" in result.stderr
    assert "merged_cell_ranges" in result.stderr
    assert "beskadiget" not in result.output.lower() and "Traceback" not in result.stderr


def test_a_damaged_workbook_is_still_a_damaged_file(tmp_path):
    broken = tmp_path / "broken.xlsx"
    data = (RR2014 / "101.xlsx").read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    result = run_cli_in(tmp_path, "check", str(broken), "--workers", "1", "--lang", "en")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.stderr
    assert "truncated" in result.flat.lower() or "damaged" in result.flat.lower()
