"""Files → what ingest needs of them: each file's sheets read and shaped into tables, with the
data issues met on the way (``read_file``), and the rows of consecutive files parsed together
(``read_batch``; parsing is the same row by row, and costs less in one pass than in many).
What a batch gives depends on its files and the options alone, so batches can be read in
worker processes (``ingest.pool``) in any order and put together in the order the files were
found."""

from __future__ import annotations

import csv
import errno
import functools
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from integaudit import layout as layouts
from integaudit import municipalities
from integaudit.i18n import CATALOGUES
from integaudit.ingest import contracts as contract_frame
from integaudit.ingest import copies, limits
from integaudit.ingest import follow_ups as follow_up_frame
from integaudit.ingest.checks import blank
from integaudit.ingest.discover import Found
from integaudit.ingest.headers import AliasIndex, build_alias_index
from integaudit.ingest.held import HeldWords
from integaudit.ingest.limits import NotRegular, TooLarge, read_regular
from integaudit.ingest.readers import DAMAGED, RawSheet, ReadError, read_sheets
from integaudit.ingest.sheets import SheetTable, read_table
from integaudit.issues import DataIssue, IssueKind, IssueLog
from integaudit.layout import Layout
from integaudit.model import InputFile, SheetColumns
from integaudit.writers import signature

if TYPE_CHECKING:
    from integaudit.ingest import LoadOptions
    from integaudit.privacy.pseudonyms import Pseudonymiser

# What a file whose contents no check foresaw may still raise while it is read and parsed (a
# damaged workbook, a csv field beyond the csv module's limit, memory running out): the file
# is unreadable and the run goes on. Anything else (AttributeError, TypeError, KeyError, …) is
# a bug and stops the run with a bug report, never shown as a problem of the user's file.
UNREADABLE = (*DAMAGED, csv.Error, MemoryError, OverflowError, RecursionError, SyntaxError)


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
    called as each file has been read. Never raises for bad input: an error of a file no
    check foresaw (UNREADABLE) makes it unreadable, with the error as the issue's detail."""
    files = []
    for item in items:
        files.append(read_file(item.path, item.display, options, index, item.root))
        if advance:
            advance(item.display)
    try:
        parts = [parse(files, options)]
    except UNREADABLE:  # find the file whose rows cannot be parsed: each file alone
        parts = []
        for item, read in zip(items, files, strict=True):
            try:
                parts.append(parse([read], options))
            except UNREADABLE as exc:
                failed = unreadable(item.path, item.display, options, _detail(exc))
                parts.append(Parsed([failed]))
    for read in files:
        read.tables = []
    return Batch(parts)


def read_file(
    path: Path, display: str, options: LoadOptions, index: AliasIndex, root: Path | None = None
) -> FileRead:
    """Return the file at ``path`` (shown as ``display``, found in the folder ``root`` given
    on the command line) read and shaped under ``options``. Never raises for bad input: an
    error no check foresaw makes the file unreadable."""
    try:
        pseudonymiser = options.pseudonymiser
        log = IssueLog(pseudonymiser.scrub_text)
        shown = pseudonymiser.scrub_text(display)
        tables: list[SheetTable] = []
        sheets: list[SheetColumns] = []
        source = source_of(path, root, options, index)
        found = _read_input(path, shown, options, source, log, tables, sheets)
        return FileRead(found, log.issues, sheets, frozenset(t.kind for t in tables), tables)
    except MemoryError:  # the worker's memory limit (ingest.pool), or the machine's
        return over_limits(path, display, options)
    except UNREADABLE as exc:  # a file no check foresaw must not stop the run
        return unreadable(path, display, options, _detail(exc))


def parse(files: list[FileRead], options: LoadOptions) -> Parsed:
    """Return the rows of the tables of ``files`` parsed together."""
    tables = [t for read in files for t in read.tables]
    own = [t for t in tables if t.kind == "contracts"]
    parsed = Parsed(files, contract_tables=len(own))
    raw = contract_frame.combine(own)
    if not raw.empty:
        parsed.contracts, parsed.notes = contract_frame.parse_rows(
            raw, own, options.pseudonymiser, None, options.as_of
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
    log.add("error", IssueKind.FILE_UNREADABLE, shown, detail=detail)
    return FileRead(InputFile(shown, "", error=True, source=str(path)), log.issues)


def over_limits(path: Path, display: str, options: LoadOptions) -> FileRead:
    """Return the file whose reading went over the memory or time one file may take (or
    ended the process reading it): a file-over-read-limits error."""
    log = IssueLog(options.pseudonymiser.scrub_text)
    shown = options.pseudonymiser.scrub_text(display)
    log.add(
        "error",
        IssueKind.FILE_OVER_READ_LIMITS,
        shown,
        memory=options.read_memory,
        seconds=limits.READ_SECONDS,
    )
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


@dataclass(frozen=True)
class Source:
    """How one file is read, from the config it takes (else the run's options): its header
    aliases, goal placeholders, [[layout]] entries that apply to it, follow-up status words,
    and the municipality of every row when one is set."""

    index: AliasIndex
    placeholders: tuple[str, ...]
    layouts: tuple[Layout, ...]
    held: HeldWords
    municipality: municipalities.Municipality | None


def source_of(path: Path, root: Path | None, options: LoadOptions, index: AliasIndex) -> Source:
    """Return how the file at ``path`` (found in the folder ``root``) is read: by the config
    it takes (``options.configs``), else by ``options`` and ``index``."""
    config = options.configs.get(str(path))
    if config is None:
        entries = layouts.for_path(options.layouts, path, root, options.layout_dir)
        return Source(index, options.goal_placeholders, entries, options.held, options.municipality)
    folder = config.path.parent if config.path else None
    municipality = options.municipality
    if municipality is None and config.municipality:
        municipality = municipalities.lookup(config.municipality)
    return Source(
        _alias_index(tuple((k, tuple(v)) for k, v in sorted(config.aliases.items()))),
        config.goal_placeholders,
        layouts.for_path(config.layouts, path, root, folder),
        HeldWords.of(config.held, config.not_held),
        municipality,
    )


@functools.lru_cache(maxsize=64)
def _alias_index(aliases: tuple[tuple[str, tuple[str, ...]], ...]) -> AliasIndex:
    """Return the alias index of a config's [aliases] (built once per process)."""
    return build_alias_index(dict(aliases))


def _read_input(
    path: Path,
    display: str,
    options: LoadOptions,
    reading: Source,
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
        log.add("error", IssueKind.FILE_NOT_REGULAR, display)
        return InputFile(display, "", error=True, source=source)
    except TooLarge as exc:
        log.add(
            "error", IssueKind.FILE_TOO_LARGE, display, size=exc.size, limit=options.max_file_size
        )
        return InputFile(display, "", error=True, source=source)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            log.add("error", IssueKind.FILE_NO_PERMISSION, display)
        else:
            log.add("error", IssueKind.FILE_UNREADABLE, display, detail=exc.strerror or str(exc))
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
        log.add("info", IssueKind.FILE_OWN_REPORT, display)
        return InputFile(display, sha)
    municipality = reading.municipality or municipalities.from_file_name(path)
    index, entries = reading.index, reading.layouts
    before = len(tables)
    rows_read = 0
    for sheet in sheets:
        # A sheet may be named after a person (one sheet per citizen): scrub as it is read.
        sheet.name = options.pseudonymiser.scrub_text(sheet.name)
        if sheet.hidden:
            log.add("info", IssueKind.SHEET_HIDDEN, display, sheet.name)
        read, decided = layouts.sheet_read(entries or [], sheet.name)
        if not read:
            log.add("info", IssueKind.SHEET_LAYOUT_SKIPPED, display, sheet.name, layout=decided)
            record.append(SheetColumns(display, sheet.name, None, None, layout=(str(decided),)))
            continue
        layout = layouts.for_sheet(entries or [], sheet.name)
        table = read_table(sheet, display, municipality, index, log, record, layout, reading.held)
        if table is not None:
            table.placeholders = reading.placeholders
        if table is not None:
            _note_municipality_option(table, options, log)
            tables.append(table)
            rows_read += len(table.frame)
    if len(tables) == before:
        log.add("error", IssueKind.FILE_NO_TABLES, display)
    for copy in copies.stale_copies(tables[before:], log):
        tables.remove(copy)
        rows_read -= len(copy.frame)
        at = next(i for i, s in enumerate(record) if (s.file, s.sheet) == (display, copy.sheet))
        record[at] = replace(record[at], kind=None)
    return InputFile(display, sha, rows_read=rows_read, source=source)


def _note_municipality_option(table: SheetTable, options: LoadOptions, log: IssueLog) -> None:
    """Record, for a contracts sheet with a municipality column read with --municipality,
    which of the two each row's municipality came from: the column where it names one, the
    option only where it is empty (SPEC §1.1)."""
    given = options.municipality
    if given is None or table.kind != "contracts" or "municipality" not in table.fields:
        return
    empty = int(blank(table.frame["municipality"]).sum())
    log.add(
        "warning",
        IssueKind.MUNICIPALITY_OPTION_AND_COLUMN,
        table.file,
        table.sheet,
        column="municipality",
        given=given.name,
        from_column=len(table.frame) - empty,
        from_option=empty,
    )


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
