"""Looks inside the zip container of xlsx, xlsm and ods files before a reader unpacks them, so
that nothing is allocated on a workbook's word (README "Limits"):

- the zip directory: the unpacked size it declares in all (zip bombs), and each part's
  compression ratio, which no genuine workbook comes near;
- the shared strings: the count the part declares, which the reader reserves room for at
  once (a part of 2 kB claiming 4 000 000 000 strings), against what the part can hold;
- each worksheet's real extent: the last row and column its cells reach (calamine holds
  every position from A1 to there), found from the cells themselves, not from the
  ``<dimension>`` a file may state falsely or leave out;
- formula cells saved without their result (calamine reads them as empty).
"""

from __future__ import annotations

import functools
import html
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from xml.etree import ElementTree

from integaudit.ingest.limits import is_regular
from integaudit.issues import IssueKind

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_SHARED_STRINGS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
)

# A cell holding a formula and no saved result: <c r="D2"><f>C2+14</f></c>, or with an empty
# <v/> as openpyxl writes it. Excel writes t="str" with an empty <v></v> for a formula whose
# result is the empty text, so that form counts as a result.
_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*[^/>])?>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
# A cell reference of two or three letters (column AA or further), with its letters. The
# patterns that scan whole sheets begin with a literal (r=", <c): a \b before it makes the
# scan ten times slower.
_WIDE_REF = re.compile(rb'r="([A-Z]{2,3})[0-9]')
# A row or cell element whose first attribute is not its r (every writer puts r first): one
# without r comes, for the reader, next after the one before.
_UNNUMBERED = (re.compile(rb"<c(?:>|/>|\s(?!r=))"), re.compile(rb"<row(?:>|/>|\s(?!r=))"))
_ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,10})"')
# Every row and cell element, in order, for the exact count when some lack their r.
_ELEMENT = re.compile(rb"<(row|c)(?=[\s/>])([^>]*)>")
_ELEMENT_REF = re.compile(rb'\sr="([A-Z]{0,3})([0-9]{0,10})"')
_UNIQUE_COUNT = re.compile(rb'<(?:\w+:)?sst\b[^>]*?\buniqueCount="([0-9]+)"')
_CHUNK = 8 << 20
_OVERLAP = 64 << 10
# A zip part unpacking to more than this many times its packed size, and to more than
# RATIO_FLOOR bytes, is no workbook's: real ones compress 5 to 20 times, deflate at most
# about 1 000 times (100 MB of white space, the corpus's bomb).
MAX_RATIO = 250
RATIO_FLOOR = 50_000_000
# The fewest bytes a shared string takes in its part (<si/>), and the count below which a
# false one costs too little to matter.
_BYTES_PER_STRING = 5
_HARMLESS_STRINGS = 1_000_000

T = TypeVar("T")


class ReadError(Exception):
    """A file that cannot be read; ``kind`` keys the message catalogue, ``params`` fill it."""

    def __init__(self, kind: IssueKind, detail: str = "", **params: Any) -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail
        self.params = params


@dataclass
class SheetScan:
    """What a look at one worksheet's XML found: its formula cells saved without a result
    ((row, column) from 0 → formula text) and the rows and columns its cells reach."""

    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        """Return the positions a reader holds for the sheet: from A1 to its last cell."""
        return self.rows * self.columns

    @property
    def used_range(self) -> str:
        """Return the range from A1 to the sheet's last cell, as Excel writes it."""
        return f"A1:{column_letters(self.columns - 1)}{self.rows}" if self.cells else ""


def is_zip(data: bytes) -> bool:
    """Return True when ``data`` starts like a zip file (xlsx, xlsm, xlsb, ods)."""
    return data[:4] == ZIP_SIGNATURE


def declared_unpacked_size(data: bytes) -> int | None:
    """Return the total size the zip directory declares for the members once unpacked, or
    None when ``data`` is not a zip file with a readable directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return None


def check_directory(data: bytes, max_unpacked: int) -> None:
    """Return None when a zip package may be opened; raise ReadError when its directory
    declares more than ``max_unpacked`` bytes unpacked, or a part that unpacks at a ratio no
    workbook has. Nothing is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return  # not a readable zip: the reader says what it is
    unpacked = sum(info.file_size for info in infos)
    if unpacked > max_unpacked:
        raise ReadError(IssueKind.FILE_UNPACKED_TOO_LARGE, size=unpacked, limit=max_unpacked)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * info.compress_size:
            raise ReadError(
                IssueKind.FILE_ZIP_RATIO,
                part=info.filename,
                size=info.file_size,
                packed=info.compress_size,
                ratio=info.file_size // max(info.compress_size, 1),
            )


def column_letters(position: int) -> str:
    """Return the Excel letters of a column position counted from 0 (0 → A, 16383 → XFD)."""
    letters = ""
    position += 1
    while position > 0:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return sheet name → zip member of each worksheet of an xlsx/xlsm package."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    targets = _relationships(archive)
    members = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id", ""), ("", ""))[1]
        if target:
            members[sheet.get("name", "")] = target
    return members


def _relationships(archive: zipfile.ZipFile) -> dict[str, tuple[str, str]]:
    """Return relationship id → (type, zip member) of the workbook's relationships."""
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    found = {}
    for rel in rels.iter(f"{_PACKAGE_REL}Relationship"):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(member))
    return found


def _check_shared_strings(archive: zipfile.ZipFile, max_cells: int) -> None:
    """Raise ReadError when the shared strings part declares more strings than it can hold
    (each takes some bytes) and more than a few, or more than ``max_cells``: the reader
    reserves room for the declared count before it reads one."""
    members = {m for kind, m in _relationships(archive).values() if kind == _SHARED_STRINGS}
    for member in members & set(archive.namelist()):
        size = archive.getinfo(member).file_size
        with archive.open(member) as stream:
            found = _UNIQUE_COUNT.search(stream.read(_OVERLAP))
        declared = int(found.group(1)) if found else 0
        holds = size // _BYTES_PER_STRING + 1
        if (declared > holds and declared > _HARMLESS_STRINGS) or declared > max_cells:
            raise ReadError(IssueKind.FILE_STRINGS_TOO_MANY, count=declared, size=size)


def _scan(archive: zipfile.ZipFile, member: str, max_cells: int | None = None) -> SheetScan:
    """Return the formulas without a result and the extent of one worksheet's XML.

    One pass in chunks finds what is cheap to find: the last row element's number, every
    reference with more digits than it, the widest column reference, and whether a row or
    cell goes without a reference. When those leave the extent possibly above ``max_cells``
    (or a row or cell has no reference), the rows and cells are counted one by one."""
    scan = SheetScan()
    last = longer = 0
    widest = b""
    unnumbered = False
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            if b"<f" in text:
                _formulas(text, scan.formulas)
            if _WIDE_REF.search(text):
                widest = max([widest, *set(_WIDE_REF.findall(text))], key=lambda c: (len(c), c))
            unnumbered = unnumbered or any(p.search(text) for p in _UNNUMBERED)
            last = max(last, _last_row_element(text))
            beyond = _longer_refs(len(str(last))).findall(text)
            longer = max([longer, *map(int, beyond)])
            tail = text[-_OVERLAP:]
    digits = len(str(last))
    # Every reference not looked at has at most as many digits as the last row element; a
    # sheet without a reference of two letters ends in column Z at the latest.
    scan.rows = max(last, longer)
    scan.columns = _column_index(widest) + 1 if widest else 26
    rows_bound = scan.rows if len(str(scan.rows)) > digits else 10**digits - 1
    if unnumbered or (max_cells is not None and rows_bound * scan.columns > max_cells):
        scan.rows, scan.columns = _exact_extent(archive, member)
    return scan


def _formulas(text: bytes, found: dict[tuple[int, int], str]) -> None:
    """Add the formula cells of ``text`` that were saved without their result to ``found``."""
    for match in _FORMULA_CELL.finditer(text):
        attributes = match.group(1) or b""
        if match.group(3) is not None and b't="str"' in attributes:
            continue
        ref = _REF.search(attributes)
        if ref is None:
            continue
        formula = html.unescape((match.group(2) or b"").decode("utf-8", "replace"))
        found[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = formula


def _last_row_element(text: bytes) -> int:
    """Return the number of the last ``<row r="N">`` of ``text`` (0 when there is none)."""
    at = text.rfind(b'<row r="')
    found = _ROW_NUMBER.match(text, at) if at >= 0 else None
    return int(found.group(1)) if found else 0


@functools.cache
def _longer_refs(digits: int) -> re.Pattern[bytes]:
    """Return a pattern of the row or cell references with more than ``digits`` digits."""
    return re.compile(rb'r="[A-Z]{0,3}([0-9]{%d,})"' % (digits + 1))


def _exact_extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """Return the rows and columns a worksheet's cells reach, counted as the reader counts
    them: a row or cell without an r attribute comes next after the one before."""
    rows = columns = row = column = 0
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            cut = text.rfind(b"<")
            text, tail = text[:cut], text[cut:]
            for element in _ELEMENT.finditer(text):
                ref = _ELEMENT_REF.search(element.group(2))
                if element.group(1) == b"row":
                    row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                    column = 0
                    rows = max(rows, row)
                    continue
                if ref and ref.group(1):
                    column = _column_index(ref.group(1)) + 1
                    row_here = int(ref.group(2)) if ref.group(2) else row
                else:
                    column, row_here = column + 1, row
                rows, columns = max(rows, row_here, 1), max(columns, column)
    return rows, columns


def _per_sheet(
    data: bytes, visit: Callable[[zipfile.ZipFile, str], T], max_cells: int | None = None
) -> dict[str, T]:
    """Return sheet name → ``visit(archive, member)`` for each worksheet of an xlsx or xlsm
    package (its shared strings checked first when ``max_cells`` is given); a package that
    is not OOXML gives {}. Raises ReadError for a part whose deflated data is damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            if max_cells is not None:
                _check_shared_strings(archive, max_cells)
            return {
                sheet: visit(archive, member)
                for sheet, member in _sheet_members(archive).items()
                if member in names
            }
    except zlib.error as exc:
        raise ReadError(IssueKind.FILE_CORRUPT, f"{exc}") from exc
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, EOFError, OSError):
        return {}


def inspect(data: bytes, max_unpacked: int, max_cells: int) -> dict[str, SheetScan]:
    """Return sheet name → what a look at its XML found, for an xlsx or xlsm package, after
    checking its directory and its shared strings against the limits (ReadError when they
    are above them, or a part is damaged). Other packages and files give {}."""
    if not is_zip(data):
        return {}
    check_directory(data, max_unpacked)
    return _per_sheet(data, lambda archive, member: _scan(archive, member, max_cells), max_cells)


def formulas_without_results(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Return sheet name → {(row, column): formula text} for every formula cell of an xlsx or
    xlsm package that was saved without its result (calamine reads such a cell as empty);
    rows and columns count from 0. An unreadable or non-OOXML package gives {}."""
    scans = _per_sheet(data, _scan)
    return {name: scan.formulas for name, scan in scans.items() if scan.formulas}


def read_within_checks(path: Path) -> bool:
    """Return whether what a reader allocates for the file is bounded by the checks made
    before it reads (``inspect``, the csv reader's own size): a csv or text file, or a zip
    package holding an xlsx/xlsm workbook. Other workbooks (xls, xlsb, ods, whatever an
    extension hides) are read where a reader that runs away hurts nothing else: in a worker
    process of their own (``ingest.pool``). A file that is not there or not a regular file
    is read here: it is never opened."""
    if path.suffix.lower() in (".csv", ".txt") or not is_regular(path):
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(len(ZIP_SIGNATURE))
        if head != ZIP_SIGNATURE:
            return head != OLE_SIGNATURE[: len(head)] or not head  # an xls is isolated
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return True  # the reader's first look fails as quickly: nothing to isolate
