"""Write the malformed-input corpus of tests/data/bad/ (read by tests/ingest/test_bad_corpus.py).

    python tests/data/bad/generate.py

Every file is rebuilt byte for byte from this script (fixed zip timestamps, no randomness),
except ``encrypted.xlsx``: encrypting an OOXML file draws a random salt, so it was made once
with msoffcrypto-tool (password ``hemmelig``) and is kept as committed. The script only makes
it when it is missing, and only if msoffcrypto-tool happens to be installed; it is not a
dependency of the project.

The expectations per file are in ``cases.toml`` beside this script. The contracts in the files
are synthetic; none of the numbers is a real CPR number.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import re
import struct
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from integaudit.writers.xlsx import FIXED_TIME, deterministic_xlsx

HERE = Path(__file__).resolve().parent
D = dt.date
HEADER = [
    "Kontrakt nr.",
    "Kommune",
    "Overtagelsesdato",
    "Underskrevet",
    "Beskæftigelsesmål",
    "Uddannelsesmål",
    "Opfølgninger",
]
ZIP_TIME = FIXED_TIME.timetuple()[:6]
JAN_6 = D(2014, 1, 6)
JAN_20 = D(2014, 1, 20)


def contract(
    cid: Any,
    municipality: Any = "Aarhus",
    responsibility: Any = JAN_6,
    signed: Any = JAN_20,
    employment_goal: Any = "Job i detailhandlen",
    education_goal: Any = None,
    follow_ups: Any = "15-03-2014; 10-05-2014",
) -> list[Any]:
    """Return a contract row under HEADER; the defaults pass every rr2014 rule on 2014-06-30
    (signed after 14 days, follow-ups no more than 3 months apart)."""
    return [cid, municipality, responsibility, signed, employment_goal, education_goal, follow_ups]


# --- writers ----------------------------------------------------------------------------------


def workbook_of(sheets: dict[str, list[list[Any]]]) -> openpyxl.Workbook:
    """Return a workbook with one sheet per entry (rows of cell values; dates as date cells
    shown DD-MM-YYYY). tests/conftest.py's ``write_xlsx`` writes its workbooks with it too."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for column in sheet.iter_cols():
            for cell in column:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD-MM-YYYY"
    return workbook


def xlsx(sheets: dict[str, list[list[Any]]], setup: Callable[[Any], None] | None = None) -> bytes:
    """Return the bytes of a workbook with one sheet per entry (dates as date cells);
    ``setup(workbook)`` may merge, hide or add cells before it is saved."""
    workbook = workbook_of(sheets)
    if setup:
        setup(workbook)
    return deterministic_xlsx(workbook)


def rezip(data: bytes, patch: Callable[[str, bytes], bytes]) -> bytes:
    """Return the zip ``data`` with each member passed through ``patch(name, bytes)``, with the
    fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as dest:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dest.writestr(fixed, patch(info.filename, source.read(info.filename)))
    return out.getvalue()


def csv_bytes(
    rows: list[list[Any]], delimiter: str = ";", encoding: str = "cp1252", bom: bytes = b""
) -> bytes:
    """Return a csv as Danish Excel writes it: CRLF, dates as DD-MM-YYYY, a cell quoted only
    when it holds the delimiter, a quote or a line break."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            "" if c is None else c.strftime("%d-%m-%Y") if isinstance(c, dt.date) else str(c)
            for c in row
        )
    return bom + text.getvalue().encode(encoding)


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, dt.date):
        iso = value.isoformat()
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{iso}">'
            f"<text:p>{value.strftime('%d-%m-%Y')}</text:p></table:table-cell>"
        )
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return (
        f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def ods(sheets: dict[str, list[list[Any]]]) -> bytes:
    """Return the bytes of an OpenDocument spreadsheet (as LibreOffice saves it, reduced to
    the parts a reader needs: mimetype first and stored, manifest, content)."""
    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join(
            "<table:table-row>" + "".join(_ods_cell(c) for c in row) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/"'
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
            info.external_attr = 0o600 << 16
            dest.writestr(info, data)
    return out.getvalue()


# --- the corpus -------------------------------------------------------------------------------


def good() -> dict[str, bytes]:
    """The good extract every case is run beside: two contracts from Odense that pass."""
    rows = [HEADER, contract("GOOD-1", "Odense"), contract("GOOD-2", "Odense")]
    return {"good.xlsx": xlsx({"Kontrakter": rows})}


def _plain_rows(prefix: str) -> list[list[Any]]:
    return [HEADER, contract(f"{prefix}-2"), contract(f"{prefix}-3")]


def broken_files() -> dict[str, bytes]:
    """Files that cannot be opened: empty, renamed text, cut off."""
    text = csv_bytes(_plain_rows("T"))
    workbook = xlsx({"Kontrakter": _plain_rows("C")})
    html = (
        "<html><head><meta charset='utf-8'><title>Udtræk</title></head><body><table>"
        "<tr><th>Kontrakt nr.</th><th>Kommune</th><th>Overtagelsesdato</th></tr>"
        "<tr><td>H-2</td><td>Aarhus</td><td>06-01-2014</td></tr></table></body></html>\r\n"
    ).encode()
    return {
        "empty.csv": b"",
        "empty.xlsx": b"",
        "text_renamed.xlsx": text,
        "text_renamed.xls": text,
        "html_renamed.xls": html,
        "truncated.xlsx": workbook[: len(workbook) * 2 // 3],
    }


def encrypted() -> dict[str, bytes]:
    """An xlsx encrypted with a password (kept as committed, see the module docstring)."""
    path = HERE / "encrypted.xlsx"
    if path.exists():
        return {}
    try:
        import msoffcrypto.format.ooxml as ooxml  # only present when the file is remade
    except ImportError:
        print("encrypted.xlsx is missing and msoffcrypto-tool is not installed", file=sys.stderr)
        return {}
    plain = io.BytesIO(xlsx({"Kontrakter": _plain_rows("E")}))
    out = io.BytesIO()
    ooxml.OOXMLFile(plain).encrypt("hemmelig", out)
    return {"encrypted.xlsx": out.getvalue()}


def readable_formats() -> dict[str, bytes]:
    """Valid extracts in the other formats and encodings: all must be audited."""
    danish = [
        HEADER,
        contract("U-2", "København", employment_goal="Pædagogmedhjælper i Ørestad"),
        contract(
            "U-3", "Århus", employment_goal=None, education_goal="Social- og sundhedsassistent"
        ),
    ]
    tab_text = csv_bytes(danish, delimiter="\t", encoding="utf-8").decode("utf-8")
    return {
        "kontrakter.ods": ods({"Kontrakter": _plain_rows("O")}),
        "utf16.csv": codecs.BOM_UTF16_LE + tab_text.replace("U-", "W-").encode("utf-16-le"),
        "utf16_no_bom.csv": tab_text.replace("U-", "N-").encode("utf-16-le"),
        "cp1252.csv": csv_bytes(
            [[c.replace("U-", "L-") if isinstance(c, str) else c for c in r] for r in danish]
        ),
        "utf8_bom.csv": csv_bytes(
            [[c.replace("U-", "B-") if isinstance(c, str) else c for c in r] for r in danish],
            encoding="utf-8",
            bom=codecs.BOM_UTF8,
        ),
    }


def csv_shapes() -> dict[str, bytes]:
    """Csv rows that do not fit the header."""
    # Row 3 was pasted in from a file separated by commas.
    mixed = (
        csv_bytes(_plain_rows("MD")[:2])
        + csv_bytes([contract("MD-3", follow_ups="15-03-2014 | 10-05-2014")], delimiter=",")
        + csv_bytes([contract("MD-4")])
    )
    # Row 3's goal holds an unquoted ';', so every later cell moves one column to the right.
    shifted = csv_bytes([contract("RG-3")]).replace(b"detailhandlen", b"detailhandlen; deltid")
    ragged = csv_bytes([HEADER, contract("RG-2")]) + shifted + csv_bytes([contract("RG-4")])
    control = csv_bytes(
        [
            HEADER,
            contract("CC-\x002", employment_goal="Job\x1b[31m i detailhandlen\x07"),
            contract(
                "CC-3", education_goal="SOSU\x01-hjælper", follow_ups="15-03-2014\x0b10-05-2014"
            ),
        ]
    )
    return {"mixed_delimiters.csv": mixed, "ragged_row.csv": ragged, "control_chars.csv": control}


def layouts() -> dict[str, bytes]:
    """Workbooks whose header or sheets are laid out unusually."""
    duplicate = [[*HEADER, "Kontrakt nr."]] + [
        [*contract(f"DH-{r}"), f"gammelt nr. {r}"] for r in (2, 3)
    ]
    low = [["Udtræk fra fagsystemet"]] + [[] for _ in range(22)] + [["Kørt 2014-07-01"]]
    low += [HEADER, contract("HL-26"), contract("HL-27")]

    # Rows 1–2 are one header: "Underskrevet" is merged over the citizen's and the
    # municipality's signature; the other header cells are merged down over both rows; the
    # municipality is merged down over the contracts of one municipality.
    merged = [
        ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", None, "Beskæftigelsesmål"],
        [None, None, None, "Borger", "Kommune", None],
        ["MH-3", "Aarhus", D(2014, 1, 6), D(2014, 1, 20), D(2014, 1, 22), "Job"],
        ["MH-4", None, D(2014, 1, 6), D(2014, 3, 1), D(2014, 1, 22), "Job"],
        ["MH-5", None, D(2014, 2, 3), D(2014, 2, 10), D(2014, 2, 12), None],
    ]

    def merge(workbook: Any) -> None:
        sheet = workbook["Kontrakter"]
        for cells in ("A1:A2", "B1:B2", "C1:C2", "D1:E1", "F1:F2", "B3:B5"):
            sheet.merge_cells(cells)

    def hide(workbook: Any) -> None:
        workbook["Kontrakter"].sheet_state = "hidden"
        workbook["Opfølgninger"].sheet_state = "veryHidden"

    hidden = {
        "Forside": [["Udtræk af integrationskontrakter"], ["Se de øvrige ark."]],
        "Kontrakter": [HEADER[:-1], contract("HS-2")[:-1], contract("HS-3")[:-1]],
        "Opfølgninger": [
            ["Kontrakt nr.", "Opfølgningsdato"],
            ["HS-2", D(2014, 3, 15)],
            ["HS-2", D(2014, 5, 10)],
            ["HS-3", D(2014, 4, 1)],
        ],
    }

    def far_right(workbook: Any) -> None:
        workbook["Kontrakter"].cell(row=2, column=16384, value="note i kolonne XFD")

    def last_cell(workbook: Any) -> None:
        workbook["Kontrakter"].cell(row=1048576, column=16384, value="x")

    return {
        "header_only.xlsx": xlsx({"Kontrakter": [HEADER]}),
        "duplicate_header.xlsx": xlsx({"Kontrakter": duplicate}),
        "header_row_25.xlsx": xlsx({"Kontrakter": low}),
        "merged_header.xlsx": xlsx({"Kontrakter": merged}, merge),
        "hidden_sheets.xlsx": xlsx(hidden, hide),
        "columns_16384.xlsx": xlsx({"Kontrakter": _plain_rows("WC")}, far_right),
        "last_cell.xlsx": xlsx({"Kontrakter": _plain_rows("LX")}, last_cell),
    }


def _formula_workbook(prefix: str, cached: bool) -> bytes:
    """Return a workbook whose date cells are formulas; with ``cached`` each formula carries
    its result as Excel saves it, without it the result is missing as when a program that
    does not calculate (openpyxl, many report generators) writes the file."""
    rows = [
        HEADER,
        contract(f"{prefix}-2", responsibility="=DATE(2014,1,6)", signed="=C2+14"),
        contract(f"{prefix}-3", responsibility="=DATE(2014,2,3)", signed="=DATE(2014,2,10)"),
    ]
    results = {b"DATE(2014,1,6)": b"41645", b"C2+14": b"41659", b"DATE(2014,2,3)": b"41673"}
    results[b"DATE(2014,2,10)"] = b"41680"

    def date_format(workbook: Any) -> None:
        for row in workbook["Kontrakter"]["C2:D3"]:
            for cell in row:
                cell.number_format = "DD-MM-YYYY"

    def patch(name: str, data: bytes) -> bytes:
        if not name.startswith("xl/worksheets/"):
            return data

        def fill(match: re.Match[bytes]) -> bytes:
            value = b"<v>" + results[match.group(2)] + b"</v>" if cached else b""
            return match.group(1) + b"<f>" + match.group(2) + b"</f>" + value

        return re.sub(rb"(<c [^>]*>)<f>([^<]*)</f><v\s*/?>(?:</v>)?", fill, data)

    return rezip(xlsx({"Kontrakter": rows}, date_format), patch)


def values() -> dict[str, bytes]:
    """Cells whose values are unusual: formulas, far dates, numbers as text, long and
    control-character texts."""
    far = [
        HEADER,
        contract("FD-2", responsibility=D(1900, 1, 1)),
        contract("FD-3", signed=D(9999, 12, 31)),
        contract("FD-4"),
    ]
    as_text = [
        HEADER,
        [1001, "0751", "41645", "41659", "Job", None, "41713; 41769"],
        ["1002", 751, "06-01-2014", 41659.0, "Job", None, "15-03-2014;10-05-2014"],
    ]
    long = [
        HEADER,
        contract("LC-2", employment_goal="Job i detailhandlen. " * 476 + "Slut"),
        contract("LC-3", signed="20-01-2014 " + "x" * 9989),
    ]
    return {
        "formula_cached.xlsx": _formula_workbook("FC", cached=True),
        "formula_uncached.xlsx": _formula_workbook("FU", cached=False),
        "dates_1900_9999.xlsx": xlsx({"Kontrakter": far}),
        "numbers_as_text.xlsx": xlsx({"Kontrakter": as_text}),
        "long_cells.xlsx": xlsx({"Kontrakter": long}),
    }


def contents() -> dict[str, bytes]:
    """Files that are fine one by one but clash or miss something together."""
    first = [HEADER, contract("K-1"), contract("K-2")]
    second = [HEADER, contract("K-1", signed=D(2014, 3, 1))]
    follow = {
        "Kontrakter": [HEADER[:-1], contract("FU-2")[:-1]],
        "Opfølgninger": [
            ["Kontrakt nr.", "Opfølgningsdato"],
            ["FU-2", D(2014, 3, 15)],
            ["FU-999", D(2014, 4, 1)],
            ["FU-2", D(2014, 5, 10)],
        ],
    }
    no_responsibility = [h for h in HEADER if h != "Overtagelsesdato"]
    missing = [no_responsibility, ["MC-2", "Aarhus", D(2014, 1, 20), "Job", None, None]]
    return {
        "konflikt_a.csv": csv_bytes(first),
        "konflikt_b.csv": csv_bytes(second),
        "ukendte_opfoelgninger.xlsx": xlsx(follow),
        "missing_column.xlsx": xlsx({"Kontrakter": missing}),
        "noter.xlsx": xlsx({"Noter": [["Bemærkning"], ["intet at indberette"]]}),
    }


def limits() -> dict[str, bytes]:
    """Files over the size limits."""
    rows = [HEADER] + [contract(f"BIG-{r}") for r in range(2, 802)]
    big = csv_bytes(rows)  # about 65 kB: over a --max-file-size of 50kB

    # A genuine bomb: the sheet's XML is padded with 100 MB of white space, which deflates to
    # about 100 kB. It is refused under --max-file-size 1MB (unpacked limit 10 MB).
    plain = xlsx({"Kontrakter": _plain_rows("ZB")})

    def pad(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"<sheetData>", b"<sheetData>" + b" " * 100_000_000, 1)
        return data

    bomb = rezip(plain, pad)
    return {"too_big.csv": big, "zip_bomb.xlsx": bomb, "zip_declared_huge.xlsx": _declare_huge()}


def _declare_huge() -> bytes:
    """Return a small xlsx whose zip directory claims 3.5 GB for its sheet: the size in the
    directory is what a reader trusts before it unpacks anything."""
    data = bytearray(xlsx({"Kontrakter": _plain_rows("ZD")}))
    name = b"xl/worksheets/sheet1.xml"
    claimed = struct.pack("<I", 3_500_000_000)
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        name_at = 30 if signature == b"PK\x03\x04" else 46
        start = 0
        while (at := data.find(signature, start)) >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = claimed
            start = at + 4
    return bytes(data)


# --- hostile input: made as an attacker would (issue: hostile input cannot crash, hang, leak
# or overwrite) ------------------------------------------------------------------------------

_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_TYPE = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def raw_xlsx(sheet: bytes, strings: list[str], unique_count: int | None = None) -> bytes:
    """Return an xlsx package written part by part: one sheet ``Kontrakter`` with the sheet
    XML given and a shared strings part with ``strings`` (declaring ``unique_count`` of
    them, their number unless given)."""
    count = str(len(strings) if unique_count is None else unique_count).encode()
    items = b"".join(
        b"<si><t>" + s.replace("&", "&amp;").replace("<", "&lt;").encode() + b"</t></si>"
        for s in strings
    )
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        b'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml"'
        b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        b'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="'
        b'/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        + _REL_TYPE
        + b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": b'<?xml version="1.0" encoding="UTF-8"?><workbook '
        + _NS
        + b' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="Kontrakter" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        b'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        b'Id="rId1" Type="' + _REL_TYPE + b'worksheet" Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="rId2" Type="' + _REL_TYPE + b'sharedStrings" '
        b'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": b'<?xml version="1.0" encoding="UTF-8"?><sst '
        + _NS
        + b' count="'
        + count
        + b'" uniqueCount="'
        + count
        + b'">'
        + items
        + b"</sst>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dest:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            dest.writestr(info, data)
    return out.getvalue()


def _shared_rows(prefix: str) -> tuple[list[str], bytes]:
    """Return the shared strings and the <row> elements of a header and two contracts of
    Aarhus that pass every rule (dates as serial numbers, text as shared strings)."""
    header = ["Kontrakt nr.", "Kommune", "Overtagelsesdato", "Underskrevet", "Beskæftigelsesmål"]
    strings = [*header, f"{prefix}-2", f"{prefix}-3", "Aarhus", "Job i detailhandlen"]
    cells = [
        [(0, "s"), (1, "s"), (2, "s"), (3, "s"), (4, "s")],
        [(5, "s"), (7, "s"), (41645, "n"), (41659, "n"), (8, "s")],
        [(6, "s"), (7, "s"), (41645, "n"), (41659, "n"), (8, "s")],
    ]
    rows = b""
    for r, row in enumerate(cells, start=1):
        rows += b'<row r="%d">' % r
        for c, (value, kind) in enumerate(row):
            kind_attr = b' t="s"' if kind == "s" else b""
            rows += b'<c r="%s%d"%s><v>%d</v></c>' % (b"ABCDE"[c : c + 1], r, kind_attr, value)
        rows += b"</row>"
    return strings, rows


def _sheet_xml(rows: bytes, dimension: bytes | None) -> bytes:
    stated = b'<dimension ref="' + dimension + b'"/>' if dimension else b""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        + _NS
        + b">"
        + stated
        + b"<sheetData>"
        + rows
        + b"</sheetData></worksheet>"
    )


def lying_workbooks() -> dict[str, bytes]:
    """Workbooks whose parts lie about their size, or reach where the reader would allocate
    without end: each holds two contracts that pass (SS-2, SS-3 and the like)."""
    out = {}
    strings, rows = _shared_rows("SS")
    # 2 kB of strings claiming four billion: the reader would reserve room for them at once.
    out["shared_strings_4e9.xlsx"] = raw_xlsx(_sheet_xml(rows, b"A1:E3"), strings, 4_000_000_000)
    far = b'<row r="1048576"><c r="XFD1048576" t="s"><v>7</v></c></row>'
    strings, rows = _shared_rows("XN")
    out["far_cell_no_dimension.xlsx"] = raw_xlsx(_sheet_xml(rows + far, None), strings)
    strings, rows = _shared_rows("XL")
    out["far_cell_lying_dimension.xlsx"] = raw_xlsx(_sheet_xml(rows + far, b"A1:E3"), strings)
    # The dimension says A1:E3; one cell at Z12000000 spans 312 million positions.
    strings, rows = _shared_rows("LD")
    deep = b'<row r="12000000"><c r="Z12000000" t="s"><v>7</v></c></row>'
    out["lying_dimension_3e8.xlsx"] = raw_xlsx(_sheet_xml(rows + deep, b"A1:E3"), strings)
    # Rows and cells without r count on from the one before: a million empty rows and a row
    # of 20 000 cells, in a part of 6 MB that deflates to 10 kB.
    strings, rows = _shared_rows("NR")
    wide = b"<row>" + b"<c><v>1</v></c>" * 20_000 + b"</row>"
    unnumbered = rows + b"<row/>" * 1_000_000 + wide
    out["rows_without_references.xlsx"] = raw_xlsx(_sheet_xml(unnumbered, b"A1:E3"), strings)
    out["corrupt_deflate.xlsx"] = _corrupt_deflate(xlsx({"Kontrakter": _plain_rows("CD")}))
    return out


def _corrupt_deflate(data: bytes) -> bytes:
    """Return the workbook with the deflate stream of its sheet made invalid (its first block
    of the reserved type), the zip directory left intact."""
    name = b"xl/worksheets/sheet1.xml"
    changed = bytearray(data)
    at = data.find(name) - 30
    assert data[at : at + 4] == b"PK\x03\x04", "the sheet's local header"
    name_length, extra_length = struct.unpack("<HH", data[at + 26 : at + 30])
    start = at + 30 + name_length + extra_length
    changed[start] = 0x07  # final block of type 3: reserved, invalid
    return bytes(changed)


def hostile_text() -> dict[str, bytes]:
    """Extracts whose text is meant to break what prints it, or to hide CPR numbers."""
    markup = [
        [*HEADER[:-1], "[/red] note [bold]"],
        [*contract("K-[/]2", employment_goal="Job [bold]")[:-1], "[/]"],
        [*contract("K-3", municipality="[/red]")[:-1], ":smile: [/]"],
    ]
    numbers = [
        HEADER,
        contract("SUP-2", municipality="²³"),
        contract("SUP-3", municipality="①②③"),
        contract("SUP-4", municipality="Langtvækkekommune" * 18),
    ]
    # Made-up CPR numbers, each written another way, in every field and header (none is a
    # real person's).
    fullwidth = "\uff10\uff15\uff10\uff15\uff19\uff10\uff11\uff10\uff10\uff12"
    spelled = [
        [*HEADER, "CPR 050590\u20141002", "Bemærkning"],
        [
            *contract("101090\u20131004", signed="10.10.90-1004"),
            "26-01-90-1002",
            "borger 050590\u22121002",
        ],
        [
            *contract("CP-3", employment_goal="Job for 050590\u00a01002"),
            fullwidth,
            "050590\u00ad1002",
        ],
        [
            *contract("CP-4", education_goal="SOSU 050590\u200b1002"),
            "050590\x011002",
            "050590\x0b1002",
        ],
    ]
    return {
        "markup_[bold].csv": csv_bytes(markup),
        "digits_of_other_kinds.csv": csv_bytes(numbers, encoding="utf-8"),
        "udtraek 26-01-90-1002.csv": csv_bytes(spelled, encoding="utf-8"),
        "ark_101090-1004.xlsx": xlsx({"Borger 10.10.90-1004": spelled[:3]}),  # no control chars
        "long_field.csv": csv_bytes(
            [HEADER, contract("LF-2", employment_goal="Langt notat. " * 12_000)]
        ),
    }


def lookalikes() -> dict[str, bytes]:
    """Files that look like integaudit's reports and are not: an extract whose sheets bear
    the report's names, a page of the user's with the generator tag, the user's JSON with a
    schema_version; and an audit JSON edited to hold what breaks a comparison."""
    named = {
        "Kontrakter": _plain_rows("RN"),
        "Oversigt": [["Kontrakter i alt", 2]],
        "Revisionsspor": [["Udtrukket", "2014-07-01"]],
    }
    page = (
        '<!DOCTYPE html><html><head><meta name="generator" content="integaudit">'
        "<title>Mine noter</title></head><body><p>Mine noter til revisionen.</p></body></html>\n"
    )
    group = {"pass": 1, "fail": 1, "not_applicable": 0, "not_assessed": 0, "rate": 0.5}
    groups = [
        {"key": key, "name": name, "contracts": 2, "rules": {"missing-goal": group}}
        for key, name in (("²³", "[/red]"), ("①②③", "\ud800 [bold]"), ("751", "Aarhus"))
    ]
    audit = {
        "schema_version": 1,
        "tool": {"name": "integaudit", "version": "[/]"},
        "ruleset": "rr2014",
        "as_of": "2014-06-30",
        "group_by": "municipality",
        "total": {"contracts": 6, "rules": {"missing-goal": group}},
        "groups": groups,
    }
    return {
        "report_named_extract.xlsx": xlsx(named),
        "page_with_generator.html": page.encode(),
        "users_schema.json": b'{"schema_version": 1, "mine": true}\n',
        "hostile_audit.json": json.dumps(audit, indent=2).encode("ascii"),
        "audit_date_in_markup.json": json.dumps({**audit, "as_of": "[/]"}).encode("ascii"),
    }


BUILDERS = (
    good,
    broken_files,
    encrypted,
    readable_formats,
    csv_shapes,
    layouts,
    values,
    contents,
    limits,
    lying_workbooks,
    hostile_text,
    lookalikes,
)


def generate(out_dir: Path = HERE) -> list[Path]:
    """Write every corpus file into ``out_dir``, and SHA256SUMS with the SHA-256 of each
    (``encrypted.xlsx`` as committed): what a case's inputs must hash to before and after the
    run; return the paths written."""
    written = []
    sums = {}
    for build in BUILDERS:
        for name, data in build().items():
            path = out_dir / name
            path.write_bytes(data)
            written.append(path)
            sums[name] = hashlib.sha256(data).hexdigest()
    for name in ("encrypted.xlsx",):
        if name not in sums and (HERE / name).exists():
            sums[name] = hashlib.sha256((HERE / name).read_bytes()).hexdigest()
    manifest = out_dir / "SHA256SUMS"
    manifest.write_text("".join(f"{sums[n]}  {n}\n" for n in sorted(sums)), encoding="utf-8")
    return [*written, manifest]


if __name__ == "__main__":
    for path in generate():
        print(f"{path.stat().st_size:>10}  {path.name}")
