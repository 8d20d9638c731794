"""Looks inside the zip container of xlsx, xlsm and ods files before calamine unpacks them:
the unpacked size the zip directory declares (zip bombs), and formula cells saved without
their result."""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from typing import TypeVar
from xml.etree import ElementTree

ZIP_SIGNATURE = b"PK\x03\x04"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A cell holding a formula and no saved result: <c r="D2"><f>C2+14</f></c>, or with an empty
# <v/> as openpyxl writes it. Excel writes t="str" with an empty <v></v> for a formula whose
# result is the empty text, so that form counts as a result.
_FORMULA_CELL = re.compile(
    rb"<c\b([^>]*[^/>])?>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>"
)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]{0,3}[0-9]{0,7}(?::([A-Z]{1,3})([0-9]{1,7}))?"')
_CHUNK = 8 << 20
_OVERLAP = 64 << 10


T = TypeVar("T")


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


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return sheet name → zip member of each worksheet of an xlsx/xlsm package."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")
    }
    members = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if not target:
            continue
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        members[sheet.get("name", "")] = posixpath.normpath(member)
    return members


def _scan(archive: zipfile.ZipFile, member: str) -> dict[tuple[int, int], str]:
    """Return (row, column) → formula text of the cells in one worksheet's XML that hold a
    formula without a saved result; rows and columns count from 0."""
    found: dict[tuple[int, int], str] = {}
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            if b"<f" in text:
                for match in _FORMULA_CELL.finditer(text):
                    attributes = match.group(1) or b""
                    if match.group(3) is not None and b't="str"' in attributes:
                        continue
                    ref = _REF.search(attributes)
                    if ref is None:
                        continue
                    formula = html.unescape((match.group(2) or b"").decode("utf-8", "replace"))
                    found[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = formula
            tail = text[-_OVERLAP:]
    return found


def _per_sheet(data: bytes, visit: Callable[[zipfile.ZipFile, str], T | None]) -> dict[str, T]:
    """Return sheet name → ``visit(archive, member)`` for each worksheet of an xlsx or xlsm
    package where the visit finds something; an unreadable or non-OOXML package gives {}."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
                return {}
            out = {}
            for sheet, member in _sheet_members(archive).items():
                if member in names and (found := visit(archive, member)):
                    out[sheet] = found
            return out
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, EOFError, OSError):
        return {}


def _used_range(archive: zipfile.ZipFile, member: str) -> tuple[str, int] | None:
    with archive.open(member) as stream:
        match = _DIMENSION.search(stream.read(_OVERLAP))
    if not (match and match.group(1)):
        return None
    rows, columns = int(match.group(2)), _column_index(match.group(1)) + 1
    return match.group(0).split(b'"')[1].decode(), rows * columns


def used_ranges(data: bytes) -> dict[str, tuple[str, int]]:
    """Return sheet name → (used range as written, number of cells from A1 to its end) for
    each worksheet of an xlsx or xlsm package that states its range (<dimension ref=...>,
    near the start of the sheet's XML); unreadable packages give {}."""
    return _per_sheet(data, _used_range)


def formulas_without_results(data: bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Return sheet name → {(row, column): formula text} for every formula cell of an xlsx or
    xlsm package that was saved without its result (calamine reads such a cell as empty);
    rows and columns count from 0. An unreadable or non-OOXML package gives {}."""
    return _per_sheet(data, _scan)
