"""Workbooks of plain tables, written fast with the bytes openpyxl would write.

``demo-data`` writes hundreds of thousands of rows, and the samples are written by the same
code, so their bytes must not change. openpyxl builds a cell object per value and serialises
it through lxml (about 20 µs a cell); here the sheet XML is put together as text, in exactly
the form openpyxl writes it, and everything else in the file (workbook, styles, relations,
properties) is taken from openpyxl itself, saving a skeleton of the same workbook: the same
sheets, each with at most one probe row that registers the same cell styles. The tests compare
the two writers byte for byte (tests/writers/test_table_xlsx.py) and the samples' generators
rebuild every committed file.

Tables of text, whole numbers and dates only; a table with any other value (a formula-like
text, a float, a date and time, an illegal character) goes through openpyxl.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from integaudit.writers.xlsx import DIMENSION, deterministic_xlsx, openpyxl_parts, zipped

Table = list[list[Any]]
# Excel's day 0 is 1899-12-30 for every date after 1900-02-28 (it counts a 29 February 1900).
_EPOCH = dt.date(1899, 12, 30).toordinal()
_LEAP_BUG = dt.date(1900, 3, 1).toordinal() - _EPOCH
_SHEET_DATA = re.compile(r"<sheetData>.*</sheetData>|<sheetData/>", re.S)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class Unsupported(Exception):
    """A value this writer does not write as openpyxl would; openpyxl writes the table."""


def openpyxl_workbook(sheets: Sequence[tuple[str, Table]], date_format: str | None) -> Workbook:
    """Return the openpyxl workbook of the tables, one sheet each, date cells in
    ``date_format`` (None: openpyxl's own)."""
    workbook = openpyxl.Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, table in sheets:
        sheet = workbook.create_sheet(title)
        for cells in table:
            sheet.append(cells)
        if date_format is not None:
            for column in sheet.iter_cols():
                for cell in column:
                    if isinstance(cell.value, dt.date):
                        cell.number_format = date_format
    return workbook


def table_xlsx(sheets: Sequence[tuple[str, Table]], date_format: str | None = None) -> bytes:
    """Return the xlsx bytes of the tables, one sheet each (date cells in ``date_format``),
    byte for byte what ``deterministic_xlsx(openpyxl_workbook(sheets, date_format))``
    returns, written without a cell object per value."""
    try:
        if date_format is None and any(_dates(table) for _, table in sheets):
            raise Unsupported("dates in openpyxl's own format")
        skeleton = [(title, _probe(table)) for title, table in sheets]
        parts = openpyxl_parts(openpyxl_workbook(skeleton, date_format))
        date_style = _date_style(parts)
        filled = date_format is not None
        xml = iter([_sheet_xml(table, date_style, filled) for _, table in sheets])
        parts = [
            (name, _filled(data.decode("utf-8"), *next(xml)).encode("utf-8"))
            if name.startswith("xl/worksheets/sheet")
            else (name, data)
            for name, data in parts
        ]
    except Unsupported:
        return deterministic_xlsx(openpyxl_workbook(sheets, date_format))
    return zipped(parts)


def _filled(skeleton: str, dimension: str, sheet_data: str) -> str:
    """Return a skeleton sheet's XML with its dimension and <sheetData> element replaced."""
    text = DIMENSION.sub(f'<dimension ref="{dimension}"/>', skeleton, count=1)
    found = _SHEET_DATA.search(text)
    if found is None:
        raise Unsupported("no sheetData in the skeleton")
    return text[: found.start()] + sheet_data + text[found.end() :]


def _dates(table: Table) -> bool:
    """Return whether any cell of the table holds a date."""
    return any(isinstance(value, dt.date) for cells in table for value in cells)


def _probe(table: Table) -> Table:
    """Return the skeleton of a table: one date cell when it holds a date (the probe makes
    openpyxl register the same cell styles, in the same order), else nothing."""
    return [[dt.date(2000, 1, 1)]] if _dates(table) else []


def _date_style(parts: list[tuple[str, bytes]]) -> str:
    """Return the style index of the date cells: the probe cell's, or "" without one."""
    for name, data in parts:
        if name.startswith("xl/worksheets/"):
            found = re.search(rb'<c r="A1" s="(\d+)"', data)
            if found:
                return found.group(1).decode()
    return ""


def _text(value: str) -> str:
    """Return a text cell's <is> element as lxml writes it for openpyxl."""
    if (len(value) > 1 and value[0] == "=") or value in ERROR_CODES or len(value) > 32767:
        raise Unsupported(value)
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise Unsupported(value)
    escaped = value.translate(_ESCAPES)
    if not escaped.isascii():
        escaped = escaped.encode("ascii", "xmlcharrefreplace").decode("ascii")
    if value != value.strip():
        return f'<is><t xml:space="preserve">{escaped}</t></is>'
    return f"<is><t>{escaped}</t></is>"


def _serial(value: dt.date) -> int:
    """Return a date as Excel's serial day number, as openpyxl computes it."""
    days = value.toordinal() - _EPOCH
    return days - 1 if 0 < days < _LEAP_BUG else days


def _sheet_xml(table: Table, date_style: str, filled: bool) -> tuple[str, str]:
    """Return the dimension and the <sheetData> element of a table. ``filled``: openpyxl made
    a cell at every position of the table's rectangle (it does when it visits each cell to set
    the date format), so each row from the first on is written, even an empty one."""
    numbered = [(number, cells) for number, cells in enumerate(table, start=1) if cells]
    if filled and table:
        # openpyxl visits rows 1 to the last with a cell (or row 1 alone), columns likewise.
        last = numbered[-1][0] if numbered else 1
        numbered = [(number, table[number - 1]) for number in range(1, last + 1)]
    elif not numbered:
        return "A1:A1", "<sheetData></sheetData>"
    first, last = numbered[0][0], numbered[-1][0]
    width = max(1, *(len(cells) for _, cells in numbered))
    letters = [get_column_letter(i) for i in range(1, width + 1)]
    texts: dict[str, str] = {}
    rows = "".join(_row_xml(n, cells, letters, texts, date_style) for n, cells in numbered)
    return f"A{first}:{letters[width - 1]}{last}", f"<sheetData>{rows}</sheetData>"


def _row_xml(
    number: int, cells: list[Any], letters: list[str], texts: dict[str, str], date_style: str
) -> str:
    """Return one <row> element; ``texts`` keeps the <is> element of each text met."""
    row = str(number)
    parts = [f'<row r="{row}">']
    for letter, value in zip(letters, cells, strict=False):
        kind = type(value)
        if value is None:
            continue
        if kind is str:
            if value == "":
                parts.append(f'<c r="{letter}{row}" t="inlineStr"></c>')
                continue
            text = texts.get(value)
            if text is None:
                text = texts[value] = _text(value)
            parts.append(f'<c r="{letter}{row}" t="inlineStr">{text}</c>')
        elif kind is int:
            parts.append(f'<c r="{letter}{row}" t="n"><v>{value:.16g}</v></c>')
        elif kind is dt.date and date_style:
            parts.append(f'<c r="{letter}{row}" s="{date_style}" t="n"><v>{_serial(value)}</v></c>')
        else:
            raise Unsupported(repr(value))
    parts.append("</row>")
    return "".join(parts)
