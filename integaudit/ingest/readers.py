"""Files → raw sheets: lists of cell rows exactly as the user sees them in Excel."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import python_calamine

from integaudit.errors import readable
from integaudit.ingest.container import (
    ReadError,
    SheetScan,
    formulas_without_results,
    inspect,
    is_zip,
)
from integaudit.issues import IssueKind, Level

# A problem met while reading a sheet: level, kind, row (Excel's number) and parameters.
Note = tuple[Level, IssueKind, int | None, dict[str, Any]]

CSV_DELIMITERS = (";", ",", "\t")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The part every xlsx/xlsm, xlsb and ods package holds.
_WORKBOOK_PARTS = {"xl/workbook.xml", "xl/workbook.bin", "content.xml"}
_LINE_END = re.compile(r"\r\n|\r|\n")
DELIMITER_NAMES = {";": "';'", ",": "','", "\t": "tab"}

Range = tuple[tuple[int, int], tuple[int, int]]
# What python-calamine raises for a file it cannot read: its own errors (a damaged zip or XML,
# a password), and the standard library's for bytes that are no workbook. Anything else (an
# AttributeError of an older calamine, say) is a bug, never shown as a damaged file.
DAMAGED = (python_calamine.CalamineError, ValueError, EOFError, UnicodeDecodeError, OSError)


@dataclass
class RawSheet:
    """One sheet's cells; ``rows[i]`` is Excel row ``i + 1``.

    ``formulas`` holds the cells (row, column from 0) whose formula was saved without its
    result: the cell holds the formula's text, ``=`` included. ``merged`` lists the merged
    ranges ((first row, first column), (last row, last column)); the cells under the first
    cell of a range hold its value, as Excel shows it. ``notes`` are problems met while reading,
    as (level, kind, Excel row or None, message parameters); ``unread`` is True when the
    sheet was not read at all (a note says why). ``delimiter`` is the csv delimiter (None
    for workbooks): in a csv a row longer than its header means that cells moved.
    """

    name: str
    rows: list[list[Any]]
    hidden: bool = False
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[Range] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    delimiter: str | None = None
    unread: bool = False


__all__ = ["RawSheet", "ReadError", "read_csv_rows", "read_csv_sheet", "read_sheets"]


def read_sheets(
    path: Path, data: bytes, max_unpacked: int | None = None, max_cells: int | None = None
) -> list[RawSheet]:
    """Return the sheets of a spreadsheet file whose bytes are ``data``.

    Raises ReadError when the file is empty, corrupt, encrypted or not a spreadsheet, or when
    it is a zip package (xlsx, xlsm, ods) whose directory says it unpacks to more than
    ``max_unpacked`` bytes or at a ratio no workbook has, or whose shared strings claim more
    room than the part or ``max_cells`` allows; that is checked before anything is unpacked
    (``container.inspect``). A sheet whose cells reach further than ``max_cells`` positions
    from A1 is returned unread, with a note.
    """
    if not data:
        raise ReadError(IssueKind.FILE_EMPTY)
    if path.suffix.lower() in (".csv", ".txt"):
        return [read_csv_sheet(readable(path.stem), data)]
    if max_unpacked is None or max_cells is None:
        scans = _formulas_only(data)
    else:
        scans = inspect(data, max_unpacked, max_cells)
    return _read_workbook(data, scans, max_cells)


def _formulas_only(data: bytes) -> dict[str, SheetScan]:
    """Return the sheet scans of a package read without limits: formulas only."""
    return {name: SheetScan(found) for name, found in formulas_without_results(data).items()}


def _read_workbook(
    data: bytes, scans: dict[str, SheetScan], max_cells: int | None = None
) -> list[RawSheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except DAMAGED as exc:
        raise _unreadable(data, exc) from exc
    sheets = []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
        scan = scans.get(meta.name, SheetScan())
        if max_cells is not None and scan.cells > max_cells:
            # calamine would hold every position from A1 to the last cell in memory, and
            # abort when the memory cannot be had.
            params = {"range": scan.used_range, "cells": scan.cells}
            note: Note = ("error", IssueKind.SHEET_TOO_LARGE, None, params)
            sheets.append(RawSheet(meta.name, [], hidden, notes=[note], unread=True))
            continue
        try:
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except DAMAGED as exc:
            raise ReadError(IssueKind.FILE_CORRUPT, f"{meta.name}: {exc}") from exc
        raw = RawSheet(meta.name, rows, hidden, scan.formulas, list(merged))
        _put_formulas(raw)
        _fill_merged(raw)
        sheets.append(raw)
    return sheets


def _put_formulas(sheet: RawSheet) -> None:
    """Write the text of each formula saved without its result into its cell, which calamine
    read as empty: an empty cell would read as a missing date, the formula as what it is."""
    for (r, c), formula in sheet.formulas.items():
        while len(sheet.rows) <= r:
            sheet.rows.append([])
        row = sheet.rows[r]
        if len(row) <= c:
            row.extend([""] * (c + 1 - len(row)))
        if row[c] in ("", None):
            row[c] = "=" + formula


def _fill_merged(sheet: RawSheet) -> None:
    """Copy the value of a merged range's first cell down its column to the range's last row:
    a municipality merged over its contracts belongs to each of them. Across columns nothing
    is copied: a text merged over three columns is one value, not three."""
    rows = sheet.rows
    for (r0, c0), (r1, _) in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for row in rows[r0 + 1 : r1 + 1]:
            if c0 < len(row):
                row[c0] = value


def _unreadable(data: bytes, exc: Exception) -> ReadError:
    """Return the error for a file calamine cannot open, saying as plainly as the bytes allow
    what the file is instead."""
    if data[:8] == OLE_SIGNATURE:
        # An encrypted OOXML file is an OLE compound document, like an .xls.
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data:
            return ReadError(IssueKind.FILE_ENCRYPTED)
        return ReadError(IssueKind.FILE_CORRUPT, str(exc))
    if is_zip(data):
        try:
            zipfile.ZipFile(io.BytesIO(data)).close()
        except zipfile.BadZipFile:
            return ReadError(IssueKind.FILE_TRUNCATED)
        if not _WORKBOOK_PARTS & set(zipfile.ZipFile(io.BytesIO(data)).namelist()):
            return ReadError(IssueKind.FILE_NOT_SPREADSHEET)
        return ReadError(IssueKind.FILE_CORRUPT, str(exc))
    head = decode_text(data[:4096]).lstrip("\ufeff \t\r\n").lower()
    if head.startswith("<") and re.search(r"<(html|table|body)\b", head):
        return ReadError(IssueKind.FILE_HTML)
    if head and sum(ch.isprintable() or ch in "\t\r\n" for ch in head) >= 0.95 * len(head):
        return ReadError(IssueKind.FILE_TEXT)
    return ReadError(IssueKind.FILE_NOT_SPREADSHEET)


def text_encoding(data: bytes) -> str:
    """Return the codec of a csv file: ``utf-8-sig`` (BOM), ``utf-16`` (BOM), ``utf-16-le`` or
    ``utf-16-be`` (no BOM, every other byte NUL), ``utf-8`` when it decodes, else ``cp1252``."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if encoding := _utf16_without_bom(data):
        return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # Danish Excel's "CSV (semikolonsepareret)" is cp1252.
        return "cp1252"
    return "utf-8"


def decode_text(data: bytes) -> str:
    """Return the text of a csv file in the codec ``text_encoding`` finds."""
    return data.decode(text_encoding(data), errors="replace")


def sniff_delimiter(lines: list[str]) -> str:
    """Return the delimiter among ; , and tab that splits the leading lines most consistently:
    the one with the most fields in its most common non-zero per-line count."""
    best, best_score = ";", (-1, -1)
    for delimiter in CSV_DELIMITERS:
        counts = [row_len - 1 for row_len in _field_counts(lines, delimiter)]
        nonzero = [c for c in counts if c > 0]
        if not nonzero:
            continue
        mode = max(set(nonzero), key=lambda c: (nonzero.count(c), c))
        score = (nonzero.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le" or "utf-16-be" when the text looks like UTF-16 without a BOM (Latin
    text: every other byte NUL), else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    return [len(row) for row in csv.reader(lines, delimiter=delimiter)]


def read_csv_rows(data: bytes) -> list[list[Any]]:
    """Return the records of a csv file as lists of text cells (record i is Excel row i + 1)."""
    return read_csv_sheet("", data).rows


def read_csv_sheet(name: str, data: bytes) -> RawSheet:
    """Return a csv file as a sheet of text cells (record i is Excel row i + 1). A record that
    is one cell under the file's delimiter but splits under another into as many cells as
    the file's rows have is split so, with a note: it was pasted in from another export."""
    text = decode_text(data)
    # The csv module refuses a field longer than 131 072 characters by default; a note of
    # a few pages is a value like any other, and no field is longer than the file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # Lines as the csv module ends them: str.splitlines would also end one at a vertical tab
    # or a form feed inside a value, and the delimiter would be sniffed from the pieces.
    head = [line for line in _LINE_END.split(text, 30)[:30] if line.strip()]
    delimiter = sniff_delimiter(head)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    sheet = RawSheet(name, rows, delimiter=delimiter)
    lengths = np.fromiter(map(len, rows), np.int64, len(rows))
    widths, counts = np.unique(lengths[lengths > 1], return_counts=True)
    if not widths.size:
        return sheet
    # The most common width, the wider one of equally common widths.
    width = int(widths[counts == counts.max()].max())
    for i in np.flatnonzero(lengths == 1):
        row = rows[i]
        for other in CSV_DELIMITERS:
            if other == delimiter or other not in row[0]:
                continue
            cells = next(csv.reader([row[0]], delimiter=other))
            if len(cells) == width:
                rows[i] = cells
                sheet.notes.append(
                    (
                        "warning",
                        IssueKind.CSV_OTHER_DELIMITER,
                        int(i) + 1,
                        {"delimiter": DELIMITER_NAMES[other], "main": DELIMITER_NAMES[delimiter]},
                    )
                )
                break
    return sheet
