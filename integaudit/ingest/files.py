"""Files → what ingest needs of them: each file's sheets read and shaped into tables, with the
data issues met on the way (``read_file``), and the rows of consecutive files parsed together
(``read_batch``; parsing is the same row by row, and costs less in one pass than in many).
What a batch gives depends on its files and the options alone, so batches can be read in
worker processes (``ingest.pool``) in any order and put together in the order the files were
found."""

from __future__ import annotations

import errno
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from integaudit import municipalities
from integaudit.i18n import CATALOGUES
from integaudit.ingest import contracts as contract_frame
from integaudit.ingest import follow_ups as follow_up_frame
from integaudit.ingest import limits
from integaudit.ingest.discover import Found
from integaudit.ingest.headers import AliasIndex
from integaudit.ingest.limits import NotRegular, TooLarge, read_regular
from integaudit.ingest.readers import RawSheet, ReadError, read_sheets
from integaudit.ingest.sheets import SheetTable, read_table
from integaudit.issues import DataIssue, IssueLog
from integaudit.model import InputFile, SheetColumns
from integaudit.writers import signature

if TYPE_CHECKING:
    from integaudit.ingest import LoadOptions
    from integaudit.privacy.pseudonyms import Pseudonymiser


@dataclass
class FileRead:
    """One file read and shaped into tables.

    ``issues`` are the data issues met while reading it, in order; ``sheets`` how the headers
    of its sheets were read; ``kinds`` the kinds of table read from it. ``tables`` are the
    tables themselves, held only until they are parsed (``parse``).
    """

    input: InputFile
    issues: list[DataIssue] = field(default_factory=list)
    sheets: list[SheetColumns] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()
    tables: list[SheetTable] = field(default_factory=list)


@dataclass
class Parsed:
    """The rows of consecutive files, parsed together (parsing is the same row by row).

    ``contract_tables`` is how many contracts tables the files hold; ``contracts`` and
    ``notes`` are their contract rows parsed (``contracts.parse_rows``), None when there are
    none; ``pieces`` the
    follow-up dates in those rows (``follow_ups.in_row_pieces``) and ``sheet_rows`` those
    of the files' follow-up sheets (``follow_ups.sheet_rows``), None when no table has a
    column for them.
    """

    files: list[FileRead]
    contract_tables: int = 0
    contracts: pd.DataFrame | None = None
    notes: pd.DataFrame | None = None
    pieces: pd.DataFrame | None = None
    sheet_rows: pd.DataFrame | None = None


@dataclass
class Batch:
    """Files read one after the other, in order, by one process: their rows parsed in one
    part, or one part per file when that failed; ``pseudonyms`` holds one of the
    pseudonyms a worker process made meanwhile, if it made any (``pseudonyms_made``)."""

    parts: list[Parsed]
    pseudonyms: dict[str, str] = field(default_factory=dict)


def read_batch(
    items: Sequence[Found],
    options: LoadOptions,
    index: AliasIndex,
    advance: Callable[[str], None] | None = None,
) -> Batch:
    """Return the files of ``items`` read and their rows parsed; ``advance(display)`` is
    called as each file has been read. Never raises for bad input: an error no check
    foresaw makes its file unreadable, with the error as the issue's detail."""
    files = []
    for item in items:
        files.append(read_file(item.path, item.display, options, index))
        if advance:
            advance(item.display)
    try:
        parts = [parse(files, options)]
    except Exception:  # find the file whose rows cannot be parsed: each file alone
        parts = []
        for item, read in zip(items, files, strict=True):
            try:
                parts.append(parse([read], options))
            except Exception as exc:
                failed = unreadable(item.path, item.display, options, _detail(exc))
                parts.append(Parsed([failed]))
    for read in files:
        read.tables = []
    return Batch(parts)


def read_file(path: Path, display: str, options: LoadOptions, index: AliasIndex) -> FileRead:
    """Return the file at ``path`` (shown as ``display``) read and shaped under ``options``.
    Never raises for bad input: an error no check foresaw makes the file unreadable."""
    try:
        pseudonymiser = options.pseudonymiser
        log = IssueLog(pseudonymiser.scrub_text)
        shown = pseudonymiser.scrub_text(display)
        tables: list[SheetTable] = []
        sheets: list[SheetColumns] = []
        found = _read_input(path, shown, options, index, log, tables, sheets)
        return FileRead(found, log.issues, sheets, frozenset(t.kind for t in tables), tables)
    except MemoryError:  # the worker's memory limit (ingest.pool), or the machine's
        return over_limits(path, display, options)
    except Exception as exc:  # a file nothing else catches must not stop the run
        return unreadable(path, display, options, _detail(exc))


def parse(files: list[FileRead], options: LoadOptions) -> Parsed:
    """Return the rows of the tables of ``files`` parsed together."""
    tables = [t for read in files for t in read.tables]
    own = [t for t in tables if t.kind == "contracts"]
    parsed = Parsed(files, contract_tables=len(own))
    raw = contract_frame.combine(own)
    if not raw.empty:
        parsed.contracts, parsed.notes = contract_frame.parse_rows(
            raw, own, options.pseudonymiser, options.goal_placeholders, options.as_of
        )
        parsed.pieces = follow_up_frame.in_row_pieces(raw, own, options.as_of)
    follow_up_tables = [t for t in tables if t.kind == "follow_ups"]
    parsed.sheet_rows = follow_up_frame.sheet_rows(
        follow_up_tables, options.pseudonymiser, options.as_of
    )
    return parsed


def unreadable(path: Path, display: str, options: LoadOptions, detail: str) -> FileRead:
    """Return the file that could not be read, with ``detail`` saying why."""
    log = IssueLog(options.pseudonymiser.scrub_text)
    shown = options.pseudonymiser.scrub_text(display)
    log.add("error", "file-unreadable", shown, detail=detail)
    return FileRead(InputFile(shown, "", error=True, source=str(path)), log.issues)


def over_limits(path: Path, display: str, options: LoadOptions) -> FileRead:
    """Return the file whose reading went over the memory or time one file may take (or
    ended the process reading it): a file-over-read-limits error."""
    log = IssueLog(options.pseudonymiser.scrub_text)
    shown = options.pseudonymiser.scrub_text(display)
    allowed = {"memory": options.read_memory, "seconds": limits.READ_SECONDS}
    log.add("error", "file-over-read-limits", shown, **allowed)
    return FileRead(InputFile(shown, "", error=True, source=str(path)), log.issues)


def _detail(exc: Exception) -> str:
    """Return what an unforeseen error says, for the file-unreadable issue."""
    return f"{type(exc).__name__}: {exc}"


def pseudonyms_made(pseudonymiser: Pseudonymiser) -> dict[str, str]:
    """Return one of the pseudonyms a pseudonymiser has made (normalised id → pseudonym),
    none when it made none: what the run's pseudonymiser needs of a worker's copy to know
    that its key was used (the pseudonyms themselves are in the frames)."""
    return pseudonymiser.made(1)


def adopt_pseudonyms(pseudonymiser: Pseudonymiser, made: dict[str, str]) -> None:
    """Record in the run's pseudonymiser pseudonyms a worker process made with its copy."""
    pseudonymiser.adopt(made)


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
        data = read_regular(path, options.max_file_size)
    except NotRegular:
        log.add("error", "file-not-regular", display)
        return InputFile(display, "", error=True, source=source)
    except TooLarge as exc:
        log.add("error", "file-too-large", display, size=exc.size, limit=options.max_file_size)
        return InputFile(display, "", error=True, source=source)
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
    if is_own_report(sheets) and signature.xlsx_verdict(data) == "signed":
        # A report workbook written into the extract folder by an earlier run: not an
        # extract, and not guarded as an input, so the same command can write it again.
        # Only a signed one: an extract whose sheets happen to bear the same names is read.
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
    """Return whether the sheets are named as integaudit's report workbook (--xlsx): its
    summary and audit-trail sheets in one language (whether it is one, its signature says)."""
    names = {sheet.name for sheet in sheets}
    return any(report <= names for report in REPORT_SHEETS)
