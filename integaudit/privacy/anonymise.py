"""Pseudonymised copies of extracts (SPEC §4.4): same sheets, rows and headers, with person
ids and CPR numbers replaced by their keyed pseudonyms and name columns dropped.

Per sheet: the header is found as ingest finds it (else the first non-blank row is taken as
the header); columns whose header is a name (``navn``, ``fornavn``, ``efternavn``, ``name`` …)
are dropped; the person-id column (any alias of ``person_id``) is pseudonymised below the
header; every other cell — header and title rows included — has each embedded CPR number
replaced by its pseudonym, and a cell that is a CPR number as a whole becomes its pseudonym.
The names found in the file's name columns are masked as ``[navn]`` wherever they appear in
other text of the file; a name the file never lists in a name column cannot be recognised.
Workbooks are written as .xlsx (values, not formulas; hidden sheets stay hidden); csv files
keep their encoding and delimiter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from integaudit.errors import IntegauditError
from integaudit.ingest.discover import discover
from integaudit.ingest.headers import find_header, normalise_header
from integaudit.ingest.limits import (
    BYTES_PER_CELL,
    DEFAULT_MAX_FILE_SIZE,
    UNPACKED_FACTOR,
    NotRegular,
    TooLarge,
    read_regular,
)
from integaudit.ingest.readers import RawSheet, ReadError, read_sheets, text_encoding
from integaudit.ingest.sheets import cell_frame
from integaudit.model import FIELDS_BY_NAME
from integaudit.privacy.pseudonyms import Pseudonymiser

NAME_HEADERS = frozenset(
    normalise_header(h)
    for h in (
        *("navn", "fornavn", "efternavn", "mellemnavn", "kaldenavn", "fulde navn"),
        *("borgers navn", "borgernavn", "borger navn", "for- og efternavn", "name"),
        *("first name", "firstname", "last name", "lastname", "surname", "given name"),
        *("full name", "middle name", "citizen name"),
    )
)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
FORMULA_STARTS = ("=", "+", "-", "@")
NAME_MASK = "[navn]"
TEXTUAL = ("string", "mixed", "mixed-integer")


@dataclass
class SheetResult:
    """One sheet's anonymised cells and what was changed."""

    name: str
    rows: list[list[Any]]
    hidden: bool
    pseudonymised: int = 0
    masked: int = 0
    dropped: list[str] = field(default_factory=list)


@dataclass
class FileResult:
    """One input file: where its copy went, or why there is none."""

    source: Path
    shown: str
    target: Path | None = None
    sheets: list[SheetResult] = field(default_factory=list)
    problem: str | None = None  # a data-issue kind of the message catalogue
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def pseudonymised(self) -> int:
        """Return the number of person-id cells replaced by pseudonyms."""
        return sum(s.pseudonymised for s in self.sheets)

    @property
    def masked(self) -> int:
        """Return the number of other cells in which a CPR number was replaced."""
        return sum(s.masked for s in self.sheets)

    @property
    def dropped(self) -> list[str]:
        """Return the dropped name columns as ``sheet: header``."""
        return [f"{s.name}: {d}" for s in self.sheets for d in s.dropped]


def _header_row(sheet: RawSheet, index: Mapping[str, str]) -> int | None:
    header = find_header(sheet.rows, index)
    return header.row if header else _first_non_blank(sheet.rows)


def known_names(sheets: list[RawSheet], index: Mapping[str, str]) -> re.Pattern[str] | None:
    """Return a pattern matching the names held in the name columns of ``sheets`` (each whole
    name and each of its words of three letters or more, as whole words in any case and with
    a genitive s), or None
    when there are none. Free text elsewhere in the file is masked with it."""
    words: set[str] = set()
    for sheet in sheets:
        at = _header_row(sheet, index)
        if at is None:
            continue
        header = sheet.rows[at]
        columns = [i for i, cell in enumerate(header) if normalise_header(cell) in NAME_HEADERS]
        for row in sheet.rows[at + 1 :]:
            for i in columns:
                value = row[i] if i < len(row) else None
                if isinstance(value, str) and value.strip():
                    words.add(value.strip())
                    words.update(w for w in re.split(r"[\s,.;]+", value) if len(w) >= 3)
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Danish genitive: "Hassans", "Abdi's".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:'?s)?(?!\w)", re.IGNORECASE)


def anonymise_sheet(
    sheet: RawSheet,
    index: Mapping[str, str],
    pseudonymiser: Pseudonymiser,
    names: re.Pattern[str] | None = None,
) -> SheetResult:
    """Return the sheet with name columns dropped, the person-id column pseudonymised, every
    CPR number elsewhere replaced by its pseudonym and the ``names`` masked as [navn]."""
    name = pseudonymiser.scrub_text(sheet.name)
    if not sheet.rows:
        return SheetResult(name, [], sheet.hidden)
    frame = cell_frame(sheet.rows)
    header_row = _header_row(sheet, index)
    result = SheetResult(name, [], sheet.hidden)
    keep = []
    for position in frame.columns:
        column = frame[position]
        label = column.iloc[header_row] if header_row is not None else None
        key = normalise_header(label)
        if header_row is not None and key in NAME_HEADERS:
            result.dropped.append(str(label).strip())
            continue
        keep.append(position)
        field_ = FIELDS_BY_NAME.get(index.get(key, ""))
        if header_row is not None and field_ is not None and field_.type == "person":
            body = column.iloc[header_row + 1 :]
            named = pseudonymiser.pseudonymise(body)
            present = body.notna() & (body.astype(str).str.strip() != "")
            result.pseudonymised += int(present.sum())
            above = pseudonymiser.scrub(column.iloc[: header_row + 1])
            frame[position] = pd.concat([above, named.where(present, body)])
            continue
        scrubbed = pseudonymiser.scrub(column)
        if names is not None and pd.api.types.infer_dtype(scrubbed, skipna=True) in TEXTUAL:
            # Non-text cells come back as NaN from .str and keep their value.
            replaced = scrubbed.astype(object).str.replace(names, NAME_MASK, regex=True)
            scrubbed = replaced.where(replaced.notna(), scrubbed)
        result.masked += int((scrubbed.ne(column) & column.notna()).sum())
        frame[position] = scrubbed
    out = frame[keep].astype(object).where(frame[keep].notna(), None)
    result.rows = [_trim(row) for row in out.itertuples(index=False, name=None)]
    return result


def _first_non_blank(rows: list[list[Any]]) -> int | None:
    for i, row in enumerate(rows):
        if any(c is not None and str(c).strip() for c in row):
            return i
    return None


def _trim(row: tuple[Any, ...]) -> list[Any]:
    cells = list(row)
    while cells and (cells[-1] is None or cells[-1] == ""):
        cells.pop()
    return cells


def csv_bytes(rows: list[list[Any]], delimiter: str, encoding: str) -> bytes:
    """Return the rows as csv in ``encoding`` with ``delimiter`` (characters the encoding
    cannot hold become '?')."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return text.getvalue().encode(encoding, errors="replace")


def workbook_bytes(sheets: list[SheetResult]) -> bytes:
    """Return the sheets as xlsx bytes (the same bytes for the same cells); text that looks
    like a formula stays text."""
    from openpyxl import Workbook

    from integaudit.writers.xlsx import deterministic_xlsx

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        ws = workbook.create_sheet(_sheet_title(sheet.name, workbook.sheetnames))
        if sheet.hidden:
            ws.sheet_state = "hidden"
        for r, row in enumerate(sheet.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(r, c, _cell_value(value))
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    cell.data_type = "s"
    if not workbook.sheetnames:
        workbook.create_sheet("Ark1")
    if all(ws.sheet_state == "hidden" for ws in workbook.worksheets):
        workbook.worksheets[0].sheet_state = "visible"
    return deterministic_xlsx(workbook)


def _cell_value(value: Any) -> Any:
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    if isinstance(value, str):
        # XML 1.0 cannot hold most control characters; openpyxl refuses them.
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n\r")
    return value


def _sheet_title(name: str, taken: list[str]) -> str:
    title = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Ark"
    base, n = title, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def targets(paths: list[Path], out: Path, pseudonymiser: Pseudonymiser) -> list[FileResult]:
    """Return per input file its planned copy under ``out``: a folder's files keep their path
    below the folder, a named file goes to ``out`` directly; file names are scrubbed of CPR
    numbers and workbooks become .xlsx. Raises IntegauditError when ``out`` is an input
    folder or lies inside one, or when two inputs would get the same copy."""
    out_resolved = out.resolve()
    for path in paths:
        folder = path if path.is_dir() else path.parent
        if path.exists() and out_resolved.is_relative_to(folder.resolve()):
            raise IntegauditError(key="anonymise-into-input", out=out, folder=folder)
    planned: list[FileResult] = []
    for item in discover(paths):
        shown = pseudonymiser.scrub_text(item.display)
        result = FileResult(item.path, shown, problem=item.problem)
        if item.problem is None:
            base = next(
                (p for p in paths if p.is_dir() and item.path.is_relative_to(p)), item.path.parent
            )
            relative = item.path.relative_to(base)
            parts = [pseudonymiser.scrub_text(part) for part in relative.parts]
            target = out.joinpath(*parts)
            if target.suffix.lower() in WORKBOOK_SUFFIXES:
                target = target.with_suffix(".xlsx")
            result.target = target
        planned.append(result)
    seen: dict[Path, str] = {}
    for result in planned:
        if result.target is None:
            continue
        if result.target in seen:
            raise IntegauditError(
                key="anonymise-same-copy",
                first=seen[result.target],
                second=result.shown,
                target=result.target,
            )
        seen[result.target] = result.shown
    return planned


def anonymise_file(
    result: FileResult,
    index: Mapping[str, str],
    pseudonymiser: Pseudonymiser,
    max_file_size: int = DEFAULT_MAX_FILE_SIZE,
) -> bytes | None:
    """Return the bytes of the file's anonymised copy, or None with ``result.problem`` set
    when the file cannot be read or is above the limits ``check`` applies."""
    try:
        data = read_regular(result.source, max_file_size)
    except NotRegular:
        result.problem = "file-not-regular"
        return None
    except TooLarge as exc:
        result.problem, result.params = "file-too-large", {"size": exc.size, "limit": max_file_size}
        return None
    except OSError as exc:
        result.problem, result.params = "file-unreadable", {"detail": exc.strerror or str(exc)}
        return None
    try:
        sheets = read_sheets(
            result.source, data, UNPACKED_FACTOR * max_file_size, max_file_size // BYTES_PER_CELL
        )
    except ReadError as exc:
        result.problem, result.params = exc.kind, {"detail": exc.detail, **exc.params}
        return None
    names = known_names(sheets, index)
    result.sheets = [anonymise_sheet(sheet, index, pseudonymiser, names) for sheet in sheets]
    if result.source.suffix.lower() in (".csv", ".txt"):
        delimiter = sheets[0].delimiter or ";"
        return csv_bytes(result.sheets[0].rows, delimiter, text_encoding(data))
    return workbook_bytes(result.sheets)


def inputs_of(results: Iterable[FileResult]) -> list[Path]:
    """Return the input files, for the guard against overwriting one."""
    return [r.source for r in results]
