"""One table of a report workbook: a worksheet with a bold frozen header, an autofilter,
fitted column widths and text that is always text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from integaudit.writers import sheet_xml
from integaudit.writers.xlsx import StreamingWorkbook

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd h:mm:ss"
MAX_WIDTH = 60
# Excel's column width unit is the width of a digit of the default font (7 pixels in Calibri
# 11); a column is set in pixels so that the width Excel shows is the one computed here.
DIGIT_PIXELS = 7
# Excel's rows per sheet, the header included; a longer table goes on in "<title> (2)" etc.
MAX_ROWS = 1_048_576


def _value(value: Any) -> Any:
    """Return a cell value as written: None for anything missing, a date for a timestamp."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _length(value: Any, formatted: bool = False) -> int:
    """Return how wide a value is in characters, as the column width counts it: text by its
    length, a date 10, a number as written (at least 7 when it has a number format)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dt.date):
        return 10
    if value is None:
        return 0
    return max(len(str(value)), 7) if formatted else len(str(value))


def _column_length(values: list[Any], formatted: bool) -> int:
    """Return the length of the widest value of a column (see :func:`_length`)."""
    present = [value for value in values if value is not None]
    if not formatted:
        try:  # a column of text: one C-level pass
            return max(map(len, present), default=0)
        except TypeError:
            pass
    return max((_length(value, formatted) for value in present), default=0)


def cell_column(column: pd.Series) -> list[Any]:
    """Return a column's cell values: None for anything missing, dates for timestamps."""
    if pd.api.types.is_datetime64_any_dtype(column):
        days = column.dt.date.to_numpy(dtype=object)
        return np.where(column.isna().to_numpy(), None, days).tolist()  # type: ignore[attr-defined]
    values = column.to_numpy(dtype=object)
    return np.where(pd.isna(values), None, values).tolist()  # type: ignore[call-overload]


class Sheet:
    """A worksheet written as one table: bold frozen header, autofilter, fitted widths, and
    text that is always text (never a formula, number or link). A table longer than a sheet
    can hold goes on in sheets of the same headers named "<title> (2)", "<title> (3)"."""

    def __init__(self, workbook: StreamingWorkbook, title: str, headers: Sequence[str]) -> None:
        self.book = workbook
        self.title = title
        self.headers = list(headers)
        self.widths = [len(h) for h in headers]
        self.parts: list[tuple[Worksheet, int]] = []
        # The worksheets with rows written as text when the workbook is put together.
        self.deferred: set[Worksheet] = set()
        self.rows = 0
        self._new_part()

    @property
    def ws(self) -> Worksheet:
        """Return the worksheet rows are written to now."""
        return self.parts[-1][0]

    def _new_part(self) -> None:
        """Start the next worksheet of the table (the first, or a continuation)."""
        if self.parts:
            self.parts[-1] = (self.ws, self.rows)
        title = self.title if not self.parts else f"{self.title} ({len(self.parts) + 1})"
        ws = self.book.workbook.add_worksheet(title)
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, self.headers, self.book.format(bold=True))
        self.parts.append((ws, 0))
        self.rows = 0

    def _room(self) -> int:
        """Return how many rows the current worksheet still holds, starting the next one
        when it is full."""
        if self.rows >= MAX_ROWS - 1:
            self._new_part()
        return MAX_ROWS - 1 - self.rows

    def _widen(self, i: int, length: int) -> None:
        """Widen column ``i`` to a value of ``length`` characters (at most MAX_WIDTH)."""
        if length > self.widths[i]:
            self.widths[i] = min(length, MAX_WIDTH)

    def _write(self, col: int, value: Any, number_format: str | None) -> None:
        """Write one cell of the next row; a date gets the date format."""
        row, ws = self.rows + 1, self.ws
        if value is None:
            return
        if isinstance(value, str):
            ws.write_string(row, col, value)
        elif isinstance(value, bool | np.bool_):
            ws.write_boolean(row, col, bool(value))
        elif isinstance(value, dt.date):
            form = DATE_TIME if isinstance(value, dt.datetime) else DATE
            ws.write_datetime(row, col, value, self.book.format(form))
        else:
            ws.write_number(row, col, value, self.book.format(number_format))

    def add(self, values: Iterable[Any], formats: dict[int, str] | None = None) -> None:
        """Append one row; ``formats`` maps a column position to a number format. Not after
        :meth:`add_columns` (its rows are written when the workbook is put together)."""
        formats = formats or {}
        self._room()
        self._writable()
        for i, raw in enumerate(values):
            value = _value(raw)
            number_format = formats.get(i)
            self._widen(i, _length(value, number_format is not None))
            self._write(i, value, number_format)
        self.rows += 1

    def add_columns(self, columns: Sequence[list[Any]]) -> None:
        """Append a table given as columns of cell values (see :func:`cell_column`): the
        widths from whole columns, then the rows, written as XML text when the workbook is
        put together (``writers.sheet_xml``), or one row a call when a column holds a value
        that writer leaves to XlsxWriter."""
        for i, values in enumerate(columns):
            self._widen(i, _column_length(values, False))
        try:
            style = self.book.date_style()
            cells = [sheet_xml.column_cells(v, i, style) for i, v in enumerate(columns)]
        except sheet_xml.Unsupported:
            self._add_rows(columns)
            return
        start, left = 0, len(columns[0]) if columns else 0
        while left:
            count = min(self._room(), left)
            part = [column[start : start + count] for column in cells]
            first, last = self.rows + 1, self.rows + count
            corner = f"{xl_col_to_name(len(self.headers) - 1)}{last + 1}"
            self.book.defer(self.ws, partial(sheet_xml.rows, part, first), corner)
            self.deferred.add(self.ws)
            self.rows += count
            start, left = start + count, left - count

    def _writable(self) -> None:
        """Raise ValueError when rows of the current worksheet are written as text later: a
        row written now would come before them in the file."""
        if self.ws in self.deferred:
            raise ValueError("a row cannot follow a table written as text on the same sheet")

    def _add_rows(self, columns: Sequence[list[Any]]) -> None:
        """Append a table given as columns of cell values, one row a call to XlsxWriter."""
        self._writable()
        # Cell values are shaped: text, numbers, dates and None only. The workbook writes
        # text as text and dates with the date format (StreamingWorkbook's options).
        rows = iter(zip(*columns, strict=True))
        left = len(columns[0]) if columns else 0
        while left:
            count = min(self._room(), left)
            write_row, first = self.ws.write_row, self.rows + 1
            for offset in range(count):
                write_row(first + offset, 0, next(rows))
            self.rows += count
            left -= count

    def finish(self) -> None:
        """Set the autofilter over each worksheet's table and the column widths."""
        self.parts[-1] = (self.ws, self.rows)
        for ws, rows in self.parts:
            ws.autofilter(0, 0, rows, len(self.headers) - 1)
            for i, width in enumerate(self.widths):
                ws.set_column_pixels(i, i, (width + 2) * DIGIT_PIXELS)
