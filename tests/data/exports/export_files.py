"""Writing the corpus's files byte for byte the same on every run: workbooks through openpyxl
with fixed document properties and zip times (integaudit.writers.xlsx), csv as Danish Excel
writes it, and OpenDocument spreadsheets written by hand as a zip of XML (no library the
project depends on writes them; python-calamine reads them)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openpyxl

from integaudit.writers.xlsx import FIXED_TIME, deterministic_xlsx

ZIP_TIME = FIXED_TIME.timetuple()[:6]


@dataclass
class Sheet:
    """One sheet of a workbook: its rows of cells (dates as date cells), the ranges merged
    (``"A4:B4"``), and whether Excel hides it."""

    name: str
    rows: list[list[Any]]
    merged: Sequence[str] = ()
    hidden: bool = False
    widths: dict[str, float] = field(default_factory=dict)


def xlsx(sheets: Sequence[Sheet], date_format: str = "DD-MM-YYYY") -> bytes:
    """Return the bytes of a workbook with the sheets in order."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.name)
        for row in spec.rows:
            sheet.append(list(row))
        for column in sheet.iter_cols():
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = date_format
        for cells in spec.merged:
            sheet.merge_cells(cells)
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        if spec.hidden:
            sheet.sheet_state = "hidden"
    return deterministic_xlsx(workbook)


def danish_date(value: dt.date) -> str:
    """Return a date as Danish Excel writes it in a csv: DD-MM-YYYY."""
    return value.strftime("%d-%m-%Y")


def csv_bytes(
    rows: Sequence[Sequence[Any]], delimiter: str = ";", encoding: str = "cp1252"
) -> bytes:
    """Return a csv as Danish Excel's "CSV (semikolonsepareret)" writes it: CRLF, every row
    as wide as the widest, dates as DD-MM-YYYY, a cell quoted only when it must be."""
    width = max(len(row) for row in rows)
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        cells = [
            "" if c is None else danish_date(c) if isinstance(c, dt.date) else str(c) for c in row
        ]
        writer.writerow(cells + [""] * (width - len(cells)))
    return text.getvalue().encode(encoding)


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell table:style-name="dato" office:value-type="date"'
            f' office:date-value="{value.isoformat()}">'
            f"<text:p>{danish_date(value)}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"'
)
# The date style LibreOffice gives a DD-MM-YYYY cell.
_STYLES = (
    '<office:automatic-styles><number:date-style style:name="N37">'
    '<number:day number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text>'
    '<number:year number:style="long"/></number:date-style>'
    '<style:style style:name="dato" style:family="table-cell" style:data-style-name="N37"/>'
    "</office:automatic-styles>"
)


def ods(sheets: Sequence[Sheet]) -> bytes:
    """Return the bytes of an OpenDocument spreadsheet: mimetype first and stored, then the
    manifest and the content, as LibreOffice lays the package out."""
    tables = "".join(
        f'<table:table table:name="{spec.name}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(c) for c in row) + "</table:table-row>"
            for row in spec.rows
        )
        + "</table:table>"
        for spec in sheets
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NS}'
        f' office:version="1.2">{_STYLES}'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dest:
        for name, data, method in (
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("META-INF/manifest.xml", manifest.encode(), zipfile.ZIP_DEFLATED),
            ("content.xml", content.encode(), zipfile.ZIP_DEFLATED),
        ):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            dest.writestr(info, data)
    return out.getvalue()
