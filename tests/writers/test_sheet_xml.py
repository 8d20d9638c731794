"""The findings and data issues are written as worksheet XML text (writers.sheet_xml): a
user sees exactly the cells XlsxWriter writes for the same values, row by row."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest

from integaudit.render.sheet import Sheet
from integaudit.writers.xlsx import StreamingWorkbook
from tests.render.audits import AWKWARD

TEXTS = [
    *AWKWARD,
    "_x0041_ an escape's look-alike",
    "bell \x07 and escape \x1b",
    "\ufffe\uffff",
    "trailing tab\t",
    "",
    "%s %(row)s \\x00",
]
NUMBERS = [0, 1, -7, 2.5, 1e-7, 10**17, 123456789012345678, float(2**53)]
DATES = [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(2024, 2, 29)]


def _table(rows: int) -> list[list[Any]]:
    """Return columns of ``rows`` values: texts, numbers, dates, an empty column and a
    column with gaps, each value repeated and mixed with None."""

    def cycle(values: list[Any]) -> list[Any]:
        return [values[i % len(values)] for i in range(rows)]

    return [
        cycle(TEXTS),
        cycle([*NUMBERS, None]),
        cycle([*DATES, None, None]),
        [None] * rows,
        cycle(["P-0123456789ab", None, "Aalborg", "København"]),
    ]


def _cells(data: bytes) -> dict[str, Any]:
    """Return what a user sees of each sheet: its cells (value, number format, bold), its
    filter, frozen panes and dimension."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {
        ws.title: (
            [[(c.value, c.number_format, c.font.b) for c in row] for row in ws.iter_rows()],
            ws.auto_filter.ref,
            ws.freeze_panes,
            ws.dimensions,
        )
        for ws in workbook.worksheets
    }


def _workbook(columns: list[list[Any]], as_text: bool) -> bytes:
    book = StreamingWorkbook()
    sheet = Sheet(book, "Fund", ["tekst", "tal", "dato", "tom", "mest"])
    if as_text:
        sheet.add_columns(columns)
    else:
        sheet._add_rows(columns)
    sheet.finish()
    return book.bytes()


@pytest.mark.parametrize("rows", [0, 1, 37])
def test_the_text_writer_gives_the_cells_xlsxwriter_gives(rows: int) -> None:
    columns = _table(rows)
    assert _cells(_workbook(columns, True)) == _cells(_workbook(columns, False))


def test_a_table_longer_than_a_sheet_goes_on_in_numbered_sheets_with_the_same_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("integaudit.render.sheet.MAX_ROWS", 10)
    columns = _table(30)
    written = _cells(_workbook(columns, True))
    assert list(written) == ["Fund", "Fund (2)", "Fund (3)", "Fund (4)"]
    assert written == _cells(_workbook(columns, False))


def test_text_that_looks_like_rich_text_is_kept_as_text() -> None:
    # XlsxWriter writes such a text into the file as XML (and it reads back empty).
    columns = [["<r>1</r>", "<r><t>x</t></r>"]]
    book = StreamingWorkbook()
    sheet = Sheet(book, "Fund", ["tekst"])
    sheet.add_columns(columns)
    sheet.finish()
    (rows, *_), *_ = _cells(book.bytes()).values()
    assert [row[0][0] for row in rows[1:]] == columns[0]


@pytest.mark.parametrize(
    "odd", [True, dt.datetime(2024, 1, 2, 13, 45), dt.date(1899, 12, 30)], ids=str
)
def test_a_value_the_text_writer_leaves_to_xlsxwriter_is_written_by_it(odd: Any) -> None:
    columns = [[1, odd, 3]]
    assert _cells(_workbook(columns, True)) == _cells(_workbook(columns, False))


def test_the_same_table_gives_the_same_bytes() -> None:
    columns = _table(50)
    assert _workbook(columns, True) == _workbook(columns, True)


def test_tables_added_one_after_the_other_come_in_order() -> None:
    first, second = _table(7), _table(5)
    book = StreamingWorkbook()
    sheet = Sheet(book, "Fund", ["tekst", "tal", "dato", "tom", "mest"])
    sheet.add_columns(first)
    sheet.add_columns(second)
    sheet.finish()
    whole = [a + b for a, b in zip(first, second, strict=True)]
    assert _cells(book.bytes()) == _cells(_workbook(whole, False))


def test_a_row_cannot_follow_a_table_written_as_text() -> None:
    sheet = Sheet(StreamingWorkbook(), "Fund", ["tekst"])
    sheet.add_columns([["a", "b"]])
    with pytest.raises(ValueError, match="written as text"):
        sheet.add(["c"])
    with pytest.raises(ValueError, match="written as text"):
        sheet.add_columns([[True]])
