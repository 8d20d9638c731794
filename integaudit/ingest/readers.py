"""Files → raw sheets: lists of cell rows exactly as the user sees them in Excel."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

CSV_DELIMITERS = (";", ",", "\t")


@dataclass
class RawSheet:
    """One sheet's cells; ``rows[i]`` is Excel row ``i + 1``."""

    name: str
    rows: list[list[Any]]
    hidden: bool = False


class ReadError(Exception):
    """A file that cannot be read; ``kind`` keys the message catalogue."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


def read_sheets(path: Path, data: bytes) -> list[RawSheet]:
    """Return the sheets of a spreadsheet file whose bytes are ``data``.

    Raises ReadError when the file is empty, corrupt, encrypted or not a spreadsheet.
    """
    if not data:
        raise ReadError("file-empty")
    if path.suffix.lower() in (".csv", ".txt"):
        return [RawSheet(path.stem, read_csv_rows(data))]
    return _read_workbook(data)


def _read_workbook(data: bytes) -> list[RawSheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for unreadable files
        raise ReadError(_workbook_error_kind(data, exc), str(exc)) from exc
    sheets = []
    for meta in workbook.sheets_metadata:
        if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
            continue
        try:
            rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise ReadError("file-corrupt", f"{meta.name}: {exc}") from exc
        hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
        sheets.append(RawSheet(meta.name, rows, hidden))
    return sheets


def _workbook_error_kind(data: bytes, exc: Exception) -> str:
    # An encrypted OOXML file is an OLE compound document, like an .xls.
    if (
        data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        and b"E\x00n\x00c\x00r\x00y\x00p\x00t" in data
    ):
        return "file-encrypted"
    if data[:2] == b"PK" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "file-corrupt"
    return "file-not-spreadsheet"


def decode_text(data: bytes) -> str:
    """Return the text of a csv file: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Danish Excel's "CSV (semikolonsepareret)" is cp1252.
        return data.decode("cp1252", errors="replace")


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


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    return [len(row) for row in csv.reader(lines, delimiter=delimiter)]


def read_csv_rows(data: bytes) -> list[list[Any]]:
    """Return the records of a csv file as lists of text cells (record i is Excel row i + 1)."""
    text = decode_text(data).replace("\x00", "")
    head = [line for line in text.splitlines()[:30] if line.strip()]
    delimiter = sniff_delimiter(head)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
