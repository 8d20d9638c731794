"""The report workbook as a user sees it (SPEC §4.3): every finding with its values, real
dates, rates as percentages, a bold frozen header, an autofilter and fitted widths on every
sheet, text kept as text; and the same bytes every time the same audit is written."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from integaudit.model import Audit
from integaudit.render import sheet, xlsx
from integaudit.render.details import detail_texts
from integaudit.render.rows import findings
from integaudit.render.sheet import MAX_WIDTH
from tests.paths import ROOT
from tests.render.audits import AWKWARD, audit_of, awkward_extract, sample_audit

# Whole commands over samples and written extracts: make test runs them, make test-fast does not.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def rr2014() -> Audit:
    return sample_audit("rr2014")


@pytest.fixture(scope="module")
def awkward(tmp_path_factory: pytest.TempPathFactory) -> Audit:
    folder = tmp_path_factory.mktemp("awkward")
    awkward_extract(folder / "in")
    return audit_of(folder, "in", "--as-of", "2014-06-30")


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _widths(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[int, float]:
    """Return the width of every column that has one (a <col> may span several columns)."""
    return {
        i: dim.width
        for dim in ws.column_dimensions.values()
        if dim.width
        for i in range(dim.min, dim.max + 1)
    }


def _length(cell: openpyxl.cell.Cell) -> int:
    """Return how wide a cell's value is: text by length, a date 10, a number as written
    (at least 7 with a number format)."""
    if isinstance(cell.value, dt.datetime):
        return 10
    if isinstance(cell.value, str) or cell.number_format == "General":
        return len(str(cell.value))
    return max(len(str(cell.value)), 7)


def _cell(value: object) -> object:
    """Return a findings frame value as the workbook holds it."""
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return dt.datetime.combine(value.date(), dt.time())
    return value


def test_the_same_audit_gives_the_same_bytes(rr2014: Audit) -> None:
    assert xlsx.workbook_bytes(rr2014) == xlsx.workbook_bytes(rr2014)
    assert xlsx.workbook_bytes(rr2014, "en") == xlsx.workbook_bytes(rr2014, "en")
    assert xlsx.municipal_workbook_bytes(rr2014) == xlsx.municipal_workbook_bytes(rr2014)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_sheet_has_a_bold_frozen_header_a_filter_and_fitted_widths(
    rr2014: Audit, lang: str
) -> None:
    workbook = _open(xlsx.workbook_bytes(rr2014, lang))
    for ws in workbook:
        rows = list(ws.iter_rows())
        widths = _widths(ws)
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{rows[0][-1].column_letter}{len(rows)}"
        assert all(cell.font.b for cell in rows[0])
        assert not any(cell.font.b for row in rows[1:] for cell in row)
        for column in zip(*rows, strict=True):
            lengths = [_length(c) for c in column[1:] if c.value is not None]
            header = len(column[0].value)
            widest = max(lengths, default=0)
            expected = min(widest, MAX_WIDTH) if widest > header else header
            assert widths[column[0].column] == expected + 2, (ws.title, column[0].value)


def test_findings_sheet_holds_every_finding_with_real_dates(rr2014: Audit) -> None:
    ws = _open(xlsx.workbook_bytes(rr2014, "en"))["Findings"]
    frame = findings(rr2014)
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(frame)
    details = detail_texts(frame, "en")
    for row, (_, finding), detail in zip(rows, frame.iterrows(), details, strict=True):
        values = [c.value for c in row]
        assert values[0] == finding["contract_id"]
        assert values[4] == finding["rule"]
        assert values[6] == _cell(detail)
        assert values[8] == _cell(finding["due"])
        assert values[9] == _cell(finding["responsibility_date"])
        assert values[10] == _cell(finding["signed_date"])
        assert values[13:] == [finding["file"], finding["sheet"], finding["row"]]
        if finding["follow_ups"] is not None:
            assert values[7] == (", ".join(finding["follow_ups"]) or "none")
        for cell in (row[8], row[9], row[10]):
            if cell.value is not None:
                assert cell.is_date and cell.number_format == "yyyy-mm-dd"


def test_rates_are_percentages(rr2014: Audit) -> None:
    ws = _open(xlsx.workbook_bytes(rr2014, "en"))["Summary"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        rate = row[header.index("Rate")]
        assert isinstance(rate.value, float) and rate.number_format == "0.0%"


def test_awkward_text_is_kept_as_text(awkward: Audit) -> None:
    workbook = _open(xlsx.workbook_bytes(awkward))
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert all(c.data_type != "f" for c in cells)
    ids = {c.value for c in workbook["Fund"]["A"][1:]}
    for i, value in enumerate(AWKWARD):
        assert f"K-{i} {value}".strip() in {str(x).strip() for x in ids} | texts


def test_report_workbook_is_written_by_the_cli(tmp_path: Path, rr2014: Audit) -> None:
    """The CLI's workbook is the renderer's: the same sheets and cells (only the run's start
    time in the audit trail differs between two runs)."""
    out = tmp_path / "r.xlsx"
    audit = audit_of(ROOT, "samples/rr2014", "--xlsx", str(out))
    mine = _open(xlsx.workbook_bytes(audit))
    written = _open(out.read_bytes())
    assert mine.sheetnames == written.sheetnames
    for name in mine.sheetnames[:-1]:
        values = [[c.value for c in row] for row in mine[name].iter_rows()]
        assert values == [[c.value for c in row] for row in written[name].iter_rows()]


def test_a_table_longer_than_a_sheet_goes_on_in_numbered_sheets(
    rr2014: Audit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel holds 1 048 576 rows a sheet; here 50, so the 126 findings fill three sheets."""
    monkeypatch.setattr(sheet, "MAX_ROWS", 50)
    workbook = _open(xlsx.workbook_bytes(rr2014, "en"))
    parts = [workbook[name] for name in ("Findings", "Findings (2)", "Findings (3)")]
    header = [c.value for c in parts[0][1]]
    rows = []
    for ws in parts:
        assert [c.value for c in ws[1]] == header
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:P{ws.max_row}"
        rows += [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [len(list(ws.iter_rows(min_row=2))) for ws in parts] == [49, 49, 28]
    assert [row[0] for row in rows] == findings(rr2014)["contract_id"].tolist()
    assert "Municipalities (2)" in workbook.sheetnames  # 56 municipalities and the total
