"""Deterministic xlsx bytes: the same workbook content always gives the same bytes.

Two writers: :func:`deterministic_xlsx` saves an openpyxl workbook (templates, extracts,
samples), and :class:`StreamingWorkbook` is an XlsxWriter workbook in constant-memory mode for
the large report workbooks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable

import xlsxwriter
from openpyxl.workbook.workbook import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from integaudit.writers import signature

FIXED_TIME = dt.datetime(2015, 2, 26, 12, 0, 0)
# What gives the <row> elements of a table written as text, in pieces.
Rows = Callable[[], Iterable[str]]
# A worksheet's <dimension> element, whose range a writer of rows as text sets itself.
DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')

# Text is always written as text: never a formula (an extract must not inject one, SPEC
# §4.3), a number or a link. Dates without a format of their own are shown as ISO dates.
STREAMING_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd",
}


class StreamingWorkbook:
    """An XlsxWriter workbook written into memory in constant-memory mode (each row goes to a
    temporary file as it is written; rows must come in order), with fixed document properties
    and zip timestamps, so the same content always gives the same bytes. A ``signed``
    workbook (a report) carries integaudit's signature (``writers.signature``)."""

    def __init__(self, signed: bool = False) -> None:
        self._out = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._out, STREAMING_OPTIONS)
        self.workbook.set_properties({"author": "integaudit", "created": FIXED_TIME})
        self.signed = signed
        if signed:
            self.workbook.set_custom_property(signature.XLSX_PROPERTY, signature.PLACEHOLDER)
        self._formats: dict[tuple[str | None, bool], Format] = {}
        self._deferred: dict[str, tuple[tuple[Rows, ...], str]] = {}

    def format(self, number_format: str | None = None, bold: bool = False) -> Format | None:
        """Return the cell format with a number format and/or bold text, made once per
        workbook; None for a cell with neither."""
        if number_format is None and not bold:
            return None
        key = (number_format, bold)
        found = self._formats.get(key)
        if found is None:
            properties: dict[str, str | bool] = {"bold": bold} if bold else {}
            if number_format is not None:
                properties["num_format"] = number_format
            found = self._formats[key] = self.workbook.add_format(properties)
        return found

    def date_style(self) -> int:
        """Return the style index of dates written without a format of their own."""
        return int(self.workbook.default_date_format._get_xf_index())

    def defer(self, worksheet: Worksheet, rows: Rows, last: str) -> None:
        """Have rows of ``worksheet`` written as XML text when the file is put together, after
        the rows written to it so far and those deferred before: ``rows()`` gives the
        ``<row>`` elements in pieces, ``last`` is the cell at the table's lower right (its
        dimension). Nothing may be written to the worksheet after."""
        name = f"xl/worksheets/sheet{worksheet.index + 1}.xml"
        earlier = self._deferred.get(name, ((), ""))[0]
        self._deferred[name] = ((*earlier, rows), last)

    def bytes(self) -> bytes:
        """Return the xlsx bytes of the finished workbook (no sheet can be added after)."""
        self.workbook.close()
        if not self._deferred and not self.signed:
            return self._out.getvalue()
        return _with_rows(self._out.getvalue(), self._deferred, self.signed)


def _with_rows(
    data: bytes, deferred: dict[str, tuple[tuple[Rows, ...], str]], signed: bool = False
) -> bytes:
    """Return the xlsx bytes ``data`` with the deferred rows written into their sheets, after
    the header row, each sheet's dimension set to its whole table; ``signed``: with the
    signature of the parts as written in its custom properties, the last part."""
    out = io.BytesIO()
    digests: dict[str, str] = {}
    custom: zipfile.ZipInfo | None = None
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as dest:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            if signed and info.filename == signature.CUSTOM_PART:
                custom = fixed
                continue
            digest = hashlib.sha256()
            with dest.open(fixed, "w", force_zip64=True) as part:
                for piece in _part_pieces(source.read(info.filename), deferred.get(info.filename)):
                    digest.update(piece)
                    part.write(piece)
            digests[info.filename] = digest.hexdigest()
        if custom is not None:
            dest.writestr(custom, signature.custom_properties(signature.parts_digest(digests)))
    return out.getvalue()


def _part_pieces(part: bytes, tables: tuple[tuple[Rows, ...], str] | None) -> Iterable[bytes]:
    """Yield the bytes of a part as written: as it is, or a sheet with its deferred rows."""
    if tables is None:
        yield part
        return
    rows_of, last = tables
    text = DIMENSION.sub(f'<dimension ref="A1:{last}"/>', part.decode("utf-8"), 1)
    head, tail = text.split("</sheetData>", 1)
    yield head.encode("utf-8")
    for rows in rows_of:
        for piece in rows():
            yield piece.encode("utf-8")
    yield ("</sheetData>" + tail).encode("utf-8")


def deterministic_xlsx(workbook: Workbook) -> bytes:
    """Return the workbook's xlsx bytes with fixed properties and zip timestamps, so the same
    content always gives the same bytes."""
    return zipped(openpyxl_parts(workbook))


def openpyxl_parts(workbook: Workbook) -> list[tuple[str, bytes]]:
    """Return the parts of the workbook as openpyxl saves it, in order, as (name, bytes), with
    fixed document properties and times."""
    workbook.properties.creator = "integaudit"
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    workbook.properties.lastModifiedBy = "integaudit"
    raw = io.BytesIO()
    workbook.save(raw)
    with zipfile.ZipFile(raw) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    return [
        (name, _fix_core_times(data) if name == "docProps/core.xml" else data)
        for name, data in parts
    ]


def zipped(parts: list[tuple[str, bytes]]) -> bytes:
    """Return the xlsx (zip) bytes of the parts, in order, each deflated with a fixed
    timestamp and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for name, data in parts:
            fixed = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dest.writestr(fixed, data)
    return out.getvalue()


def _fix_core_times(data: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\2", data
    )
