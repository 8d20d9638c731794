"""One file → everything ingest needs of it: its sheets read, shaped into tables and parsed,
with the data issues met on the way. What ``read_file`` returns depends on the file and the
options alone, so files can be read in worker processes (``ingest.pool``) in any order and
put together in the order they were found."""

from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from integaudit import municipalities
from integaudit.i18n import CATALOGUES
from integaudit.ingest import contracts as contract_frame
from integaudit.ingest import follow_ups as follow_up_frame
from integaudit.ingest.headers import AliasIndex
from integaudit.ingest.readers import RawSheet, ReadError, read_sheets
from integaudit.ingest.sheets import SheetTable, read_table
from integaudit.issues import DataIssue, IssueLog
from integaudit.model import InputFile, SheetColumns

if TYPE_CHECKING:
    from integaudit.ingest import LoadOptions


@dataclass
class FileResult:
    """What one file gave.

    ``issues`` are the data issues met while reading and shaping it, in order; ``kinds`` the
    kinds of table read from it; ``contract_tables`` how many contracts tables it has.
    ``contracts`` and ``notes`` are its contract rows parsed (``contracts.parse_rows``), None
    when it has no contract rows; ``pieces`` the follow-up dates in those rows
    (``follow_ups.in_row_pieces``) and ``sheet_rows`` those of its follow-up sheets
    (``follow_ups.sheet_rows``), None when it has no column for them. ``pseudonyms`` are
    the pseudonyms a worker process made while reading it (normalised id → pseudonym).
    """

    input: InputFile
    issues: list[DataIssue] = field(default_factory=list)
    sheets: list[SheetColumns] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()
    contract_tables: int = 0
    contracts: pd.DataFrame | None = None
    notes: pd.DataFrame | None = None
    pieces: pd.DataFrame | None = None
    keys: np.ndarray | None = None
    sheet_rows: pd.DataFrame | None = None
    pseudonyms: dict[str, str] = field(default_factory=dict)


def read_file(path: Path, display: str, options: LoadOptions, index: AliasIndex) -> FileResult:
    """Return what the file at ``path`` (shown as ``display``) gives under ``options``. Never
    raises for bad input: an error no check foresaw makes the file unreadable, with the
    error as the issue's detail."""
    try:
        return _read(path, display, options, index)
    except Exception as exc:  # a file nothing else catches must not stop the run
        return unreadable(path, display, options, f"{type(exc).__name__}: {exc}")


def unreadable(path: Path, display: str, options: LoadOptions, detail: str) -> FileResult:
    """Return the result of a file that could not be read, with ``detail`` saying why."""
    log = IssueLog(options.pseudonymiser.scrub_text)
    shown = options.pseudonymiser.scrub_text(display)
    log.add("error", "file-unreadable", shown, detail=detail)
    return FileResult(InputFile(shown, "", error=True, source=str(path)), log.issues)


def _read(path: Path, display: str, options: LoadOptions, index: AliasIndex) -> FileResult:
    """Return what the file gives; ``read_file`` without the net for unforeseen errors."""
    pseudonymiser = options.pseudonymiser
    log = IssueLog(pseudonymiser.scrub_text)
    shown = pseudonymiser.scrub_text(display)
    tables: list[SheetTable] = []
    sheets: list[SheetColumns] = []
    found = _read_input(path, shown, options, index, log, tables, sheets)
    result = FileResult(found, log.issues, sheets, frozenset(t.kind for t in tables))
    own = [t for t in tables if t.kind == "contracts"]
    result.contract_tables = len(own)
    raw = contract_frame.combine(own)
    if not raw.empty:
        result.contracts, result.notes = contract_frame.parse_rows(
            raw, own, pseudonymiser, options.goal_placeholders, options.as_of
        )
        result.pieces = follow_up_frame.in_row_pieces(raw, own, options.as_of)
        result.keys = contract_frame.content_key(
            result.contracts, follow_up_frame.kept(result.pieces)
        ).to_numpy()
    follow_up_tables = [t for t in tables if t.kind == "follow_ups"]
    result.sheet_rows = follow_up_frame.sheet_rows(follow_up_tables, pseudonymiser, options.as_of)
    return result


def pseudonyms_made(pseudonymiser: object) -> dict[str, str]:
    """Return the pseudonyms a pseudonymiser has made (normalised id → pseudonym), so that
    the one of the run knows them, and knows it was used, when a worker made them."""
    return dict(getattr(pseudonymiser, "_cache", {}))


def adopt_pseudonyms(pseudonymiser: object, made: dict[str, str]) -> None:
    """Record in the run's pseudonymiser the pseudonyms a worker process made with a copy."""
    cache = getattr(pseudonymiser, "_cache", None)
    if cache is not None and made:
        cache.update(made)


def _read_input(
    path: Path,
    display: str,
    options: LoadOptions,
    index: AliasIndex,
    log: IssueLog,
    tables: list[SheetTable],
    record: list[SheetColumns],
) -> InputFile:
    """Return the record of the input file, appending the tables read from it to ``tables``
    and how their headers were read to ``record``."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_file_size:
            log.add("error", "file-too-large", display, size=size, limit=options.max_file_size)
            return InputFile(display, "", error=True, source=source)
        data = path.read_bytes()
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            log.add("error", "file-no-permission", display)
        else:
            log.add("error", "file-unreadable", display, detail=exc.strerror or str(exc))
        return InputFile(display, "", error=True, source=source)
    sha = hashlib.sha256(data).hexdigest()
    try:
        sheets = read_sheets(path, data, options.unpacked_limit, options.cell_limit)
    except ReadError as exc:
        log.add("error", exc.kind, display, detail=exc.detail, **exc.params)
        return InputFile(display, sha, error=True, source=source)
    if is_own_report(sheets):
        # A report workbook written into the extract folder by an earlier run: not an
        # extract, and not guarded as an input, so the same command can write it again.
        log.add("info", "file-own-report", display)
        return InputFile(display, sha)
    municipality = options.municipality or municipalities.from_file_name(path)
    before = len(tables)
    rows_read = 0
    for sheet in sheets:
        # A sheet may be named after a person (one sheet per citizen): scrub as it is read.
        sheet.name = options.pseudonymiser.scrub_text(sheet.name)
        if sheet.hidden:
            log.add("info", "sheet-hidden", display, sheet.name)
        table = read_table(sheet, display, municipality, index, log, record)
        if table is not None:
            tables.append(table)
            rows_read += len(table.frame)
    if len(tables) == before:
        log.add("error", "file-no-tables", display)
    return InputFile(display, sha, rows_read=rows_read, source=source)


# integaudit's report workbooks: the national one (summary and audit trail) and a
# municipality's (findings and audit trail), in either language.
REPORT_SHEETS = [
    {catalogue[first], catalogue["xlsx.trail"]}
    for catalogue in CATALOGUES.values()
    for first in ("xlsx.summary", "xlsx.findings")
]


def is_own_report(sheets: list[RawSheet]) -> bool:
    """Return whether the sheets are integaudit's report workbook (--xlsx): its summary and
    audit-trail sheets in one language."""
    names = {sheet.name for sheet in sheets}
    return any(report <= names for report in REPORT_SHEETS)
