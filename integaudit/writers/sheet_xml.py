"""The rows of a large table as worksheet XML text, in the form XlsxWriter writes them in
constant-memory mode (inline strings, numbers, dates as serial numbers with the workbook's
date style).

XlsxWriter builds each cell through a few Python calls (about 8 µs a cell); the findings of a
national audit are millions of cells. Here a column's distinct texts are escaped once, a
cell is a piece of text with a placeholder for its row number, and a row is its cells joined:
the work per cell is one join. Text is always written as text, escaped as XlsxWriter escapes
it (control characters as ``_xHHHH_``, ``&``, ``<`` and ``>`` as entities, ``xml:space`` kept
where a text begins or ends in white space), except that a text that looks like rich-text XML
(``<r>…</r>``) is escaped like any other rather than written into the file as XML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter.utility import xl_col_to_name

# Marks where a cell's row number goes: a control character, so never in escaped text.
ROW = "\x00"
# Rows put together at a time: the text of one chunk is what is held of the table at once.
CHUNK_ROWS = 10_000
# Excel's day 1 is 1900-01-01; it counts a 29 February 1900, so later dates are one more.
_DAY_ZERO = dt.date(1899, 12, 31)
_LEAP_DAY = 60
# How XlsxWriter writes a text in a cell (its XMLwriter._escape_control_characters and
# utility._preserve_whitespace, private, so written out here; tests/writers/test_sheet_xml.py
# holds the cells equal to XlsxWriter's own): a look-alike of Excel's _xHHHH_ escape gets its
# underscore escaped, control characters become _xHHHH_, the two non-characters too, and a text
# with white space at either end keeps it with xml:space="preserve".
_LOOK_ALIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_NUMBERS = (int, float, np.int64, np.float64)
_ONLY_NUMBERS = ("integer", "floating", "mixed-integer-float")


class Unsupported(Exception):
    """A column holds a value this writer does not write as XlsxWriter would."""


def _escape_control_characters(value: str) -> str:
    """Return a text with Excel's escapes for control characters, as XlsxWriter writes it."""
    escaped = _LOOK_ALIKE.sub(r"_x005F\1", value)
    escaped = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", escaped)
    return escaped.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")


def _text_cell(letter: str, value: str) -> str:
    """Return the cell XML of a text, as XlsxWriter writes an inline string."""
    escaped = _escape_control_characters(value)
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(escaped) else ""
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{letter}{ROW}" t="inlineStr"><is><t{space}>{escaped}</t></is></c>'


def _number_cell(letter: str, value: float) -> str:
    """Return the cell XML of a number, as XlsxWriter writes it."""
    return f'<c r="{letter}{ROW}"><v>{value:.16G}</v></c>'


def _date_cell(letter: str, value: dt.date, style: int) -> str:
    """Return the cell XML of a date: its Excel serial number in the date style."""
    days = (value - _DAY_ZERO).days
    if days < 0:
        raise Unsupported(value)
    days += days >= _LEAP_DAY
    return f'<c r="{letter}{ROW}" s="{style}"><v>{days}</v></c>'


def column_cells(values: Sequence[Any], col: int, date_style: int) -> np.ndarray:
    """Return the cell XML of each value of a column (empty text for None), with ROW where
    the row number goes; raise Unsupported for a value of another kind than text, a whole or
    decimal number or a date (a date and time, a truth value)."""
    letter = xl_col_to_name(col)
    array = np.asarray(values, dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    cells = []
    numbers = False
    for value in uniques:
        kind = type(value)
        if kind is str:
            # XlsxWriter writes an empty text as an empty cell, that is, not at all.
            cells.append(_text_cell(letter, value) if value else "")
        elif kind in _NUMBERS:
            cells.append(_number_cell(letter, value))
            numbers = True
        elif kind is dt.date:
            cells.append(_date_cell(letter, value, date_style))
        else:
            raise Unsupported(value)
    # factorize takes True for 1: a column with numbers must hold nothing but numbers (a
    # truth value, or text beside the numbers, is left to XlsxWriter).
    if numbers and pd.api.types.infer_dtype(array, skipna=True) not in _ONLY_NUMBERS:
        raise Unsupported(array)
    # factorize gives -1 for None, which takes the last slot: no cell.
    return np.array([*cells, ""], dtype=object)[codes]


def rows(cells: Sequence[np.ndarray], first_row: int) -> Iterator[str]:
    """Yield the ``<row>`` elements of a table given as columns of cell XML, CHUNK_ROWS rows
    at a time, numbered from ``first_row`` (0-based, as XlsxWriter counts); a row without a
    cell is left out, as XlsxWriter leaves it out."""
    count = len(cells[0]) if cells else 0
    for start in range(0, count, CHUNK_ROWS):
        part = [column[start : start + CHUNK_ROWS].tolist() for column in cells]
        lines = []
        for number, row in enumerate(zip(*part, strict=True), first_row + start + 1):
            body = "".join(row)
            if body:
                lines.append(f'<row r="{number}">{body}</row>'.replace(ROW, str(number)))
        yield "".join(lines)
