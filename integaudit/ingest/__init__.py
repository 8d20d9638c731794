"""Ingest: files → canonical contracts and follow-ups frames plus data issues (SPEC §1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from integaudit.config.file import Config
from integaudit.ingest import contracts as contract_frame
from integaudit.ingest import duplicates
from integaudit.ingest import follow_ups as follow_up_frame
from integaudit.ingest.dates import DATE_DTYPE
from integaudit.ingest.discover import discover
from integaudit.ingest.files import FileRead, Parsed, adopt_pseudonyms
from integaudit.ingest.headers import build_alias_index
from integaudit.ingest.held import HeldWords
from integaudit.ingest.limits import (
    BYTES_PER_CELL,
    DEFAULT_MAX_FILE_SIZE,
    UNPACKED_FACTOR,
    read_memory,
)
from integaudit.ingest.pool import read_files
from integaudit.issues import DataIssue, IssueKind, IssueLog
from integaudit.layout import Layout
from integaudit.memory import give_back
from integaudit.model import DATE_FIELDS, Extract, InputFile, SheetColumns
from integaudit.municipalities import Municipality
from integaudit.privacy.pseudonyms import Pseudonymiser

Progress = Callable[[str], None]


@dataclass
class LoadOptions:
    """What ingest needs beyond the paths.

    A file larger than ``max_file_size`` bytes is not read; a zip package (xlsx, xlsm, ods)
    whose directory declares more than ``max_unpacked_size`` bytes unpacked is not opened
    (None: UNPACKED_FACTOR times ``max_file_size``); a sheet whose used range spans more than
    ``max_file_size`` / BYTES_PER_CELL cells is not read. The files are read in ``workers``
    processes (1: in this one).
    """

    as_of: dt.date
    pseudonymiser: Pseudonymiser
    municipality: Municipality | None = None
    aliases: Mapping[str, Iterable[str]] = field(default_factory=dict)
    goal_placeholders: tuple[str, ...] = ()
    layouts: tuple[Layout, ...] = ()
    layout_dir: Path | None = None
    held: HeldWords = field(default_factory=HeldWords.of)
    # The config each file takes (its path as found → config), when it takes one.
    configs: Mapping[str, Config] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_unpacked_size: int | None = None
    workers: int = 1

    @property
    def unpacked_limit(self) -> int:
        """Return the largest unpacked size of a zip package that is opened, in bytes."""
        if self.max_unpacked_size is not None:
            return self.max_unpacked_size
        return UNPACKED_FACTOR * self.max_file_size

    @property
    def cell_limit(self) -> int:
        """Return the most cells a sheet's used range may span to be read."""
        return self.max_file_size // BYTES_PER_CELL

    @property
    def read_memory(self) -> int:
        """Return the memory in bytes reading one file in a worker process may take."""
        return read_memory(self.max_file_size)


def load(
    paths: list[Path],
    options: LoadOptions,
    progress: Progress | None = None,
    on_files: Callable[[int], None] | None = None,
) -> Extract:
    """Return the contracts and follow-ups of every readable file under ``paths``, the data
    issues found, and a record of each input file. Never raises for bad input.

    The files are read in ``options.workers`` processes (``ingest.pool``); everything they
    give is put together in the order the files were found, so the result is the same for
    any number of workers. ``on_files(n)`` is called with the number of files to read,
    ``progress(display)`` as each one is done."""
    log = IssueLog(options.pseudonymiser.scrub_text)
    index = build_alias_index({k: tuple(v) for k, v in options.aliases.items()})
    found = discover(paths)
    todo = [item for item in found if item.problem is None]
    if on_files:
        on_files(len(todo))
    parts = []
    for batch in read_files(todo, options, index, progress):
        adopt_pseudonyms(options.pseudonymiser, batch.pseudonyms)
        parts.extend(batch.parts)
    reads = iter([read for part in parts for read in part.files])
    files: list[FileRead] = []
    for item in found:
        if item.problem:
            log.add("error", item.problem, item.display)
            continue
        read = next(reads)
        log.extend(read.issues)
        files.append(read)
    inputs = [f.input for f in files]

    contracts, row_fus, rows_per_file = _contracts(parts, log, options.as_of)
    sheet_rows = follow_up_frame.from_sheets(
        [p.sheet_rows for p in parts if p.sheet_rows is not None], log, options.as_of
    )
    del parts  # what was read is in the frames now
    matched = follow_up_frame.match(sheet_rows, contracts, log)
    has_info = (
        None if contracts.empty else _has_follow_up_info(contracts, files, sheet_rows, matched)
    )
    del sheet_rows
    row_fus = row_fus.rename(columns={"raw_index": "uid"})
    follow_ups = pd.concat([row_fus, matched], ignore_index=True)
    del row_fus, matched
    follow_ups["uid"] = follow_ups["uid"].astype("int64")
    follow_ups["follow_up_date"] = follow_ups["follow_up_date"].astype(DATE_DTYPE)
    # A conversation not held is no follow-up (ingest.held); it is kept apart, so the finding
    # of its contract can say that it did not count.
    not_held = follow_ups["not_held"].fillna(False).astype(bool).to_numpy()
    bad = follow_ups["bad"].astype(bool).to_numpy()
    unknown_per_contract = follow_ups.loc[~not_held & bad, "uid"].value_counts()
    not_held_frame = follow_ups.loc[
        not_held & follow_ups["follow_up_date"].notna().to_numpy(),
        ["uid", "follow_up_date", "status", "file", "sheet", "row"],
    ].reset_index(drop=True)
    # One selection of the held, readable ones: at 2 000 000 contracts there are ten million.
    kept = [c for c in follow_ups.columns if c not in ("bad", "not_held", "status")]
    follow_ups = follow_ups.loc[~not_held & ~bad, kept].reset_index(drop=True)

    if not contracts.empty:
        contracts["has__follow_ups"] = has_info
        unknown_count = unknown_per_contract.reindex(contracts.index, fill_value=0).to_numpy()
        contracts["follow_ups__bad"] = unknown_count > 0
        contracts["follow_ups__unknown"] = unknown_count.astype("int64")
        _check_order(contracts, follow_ups, log)
        inputs = _count_per_file(inputs, rows_per_file, follow_ups)
    give_back()
    return Extract(
        contracts=contracts,
        follow_ups=follow_ups,
        issues=with_headers(log.issues, [s for f in files for s in f.sheets]),
        inputs=inputs,
        sheets=[s for f in files for s in f.sheets],
        not_held=not_held_frame,
    )


def _contracts(
    parts: list[Parsed], log: IssueLog, as_of: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """Return the contracts of all parts (identical duplicates collapsed), the follow-up
    dates held in their rows, and the number of contract rows read per file, recording the
    data issues of those rows. What the parts held of it is let go."""
    found = _contract_rows(parts)
    if found is None:
        empty = pd.DataFrame(columns=follow_up_frame.LONG_COLUMNS)
        return _empty_contracts(), empty, pd.Series(dtype="int64")
    contracts, notes, pieces = found
    del found  # else its notes and pieces outlive the names let go below
    give_back()
    contract_frame.log_issues(contracts, notes, log, as_of)
    del notes
    row_fus = follow_up_frame.in_row(pieces, log, as_of)
    del pieces
    rows_per_file = contracts["file"].value_counts()
    contracts, row_fus = duplicates.collapse(contracts, row_fus, log)
    give_back()
    return contracts, row_fus, rows_per_file


def _contract_rows(
    parts: list[Parsed],
) -> tuple[pd.DataFrame, pd.DataFrame, list[pd.DataFrame]] | None:
    """Return the parsed contract rows of all parts in one frame, their notes, and the
    follow-up pieces of those rows, numbered across parts as if read as one (tables and
    ``raw_index``); None when no file has a contract row. The parts let go of them."""
    rows: list[pd.DataFrame] = []
    notes: list[pd.DataFrame] = []
    pieces: list[pd.DataFrame] = []
    tables = offset = 0
    for f in parts:
        if f.contracts is not None:
            rows.append(f.contracts.assign(table=f.contracts["table"] + tables))
            if f.notes is not None:
                notes.append(f.notes)
            if f.pieces is not None:
                pieces.append(f.pieces.assign(raw_index=f.pieces["raw_index"] + offset))
            offset += len(f.contracts)
        tables += f.contract_tables
        f.contracts = f.notes = f.pieces = None
    if not rows:
        return None
    return _combined(rows), _combined(notes), pieces


def _combined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Return the frames one under the other, as ``pd.concat`` puts them, and empty
    ``frames``. When they have the same columns (as parsed rows do) they are put together
    one dtype group at a time, each frame's columns of the group let go once they are in: at
    2 000 000 contracts, holding every batch and the frame made of them at once was the peak
    of reading."""
    columns = frames[0].columns
    if len(frames) == 1 or any(not f.columns.equals(columns) for f in frames):
        out = pd.concat(frames, ignore_index=True)
        frames.clear()
        return out
    # Columns of one dtype share a block in each frame: they are put together and let go as
    # one, so each batch's block goes as soon as it is in.
    groups: dict[str, list[Hashable]] = {}
    for name, dtype in frames[0].dtypes.items():
        groups.setdefault(str(dtype), []).append(name)
    combined: dict[Hashable, pd.Series] = {}
    for names in groups.values():
        part = pd.concat([f[names] for f in frames], ignore_index=True)
        frames[:] = [f.drop(columns=names) for f in frames]
        combined.update((name, part[name]) for name in names)
        del part
    frames.clear()
    return pd.DataFrame({name: combined[name] for name in columns}, copy=False)


def with_headers(issues: list[DataIssue], sheets: list[SheetColumns]) -> list[DataIssue]:
    """Return the issues with the header as written and the column letter filled in wherever
    the issue names a column of a sheet that was read, so every issue speaks of the user's
    own file ("Overtagelsesdato", column C) beside the canonical field."""
    where: dict[tuple[str, str, str], tuple[str, str]] = {}
    for sheet in sheets:
        for col in sheet.columns:
            for name in (col.header, col.field):
                if name and col.source != "duplicate":
                    where.setdefault((sheet.file, sheet.sheet, name), (col.header, col.letter))
    out = []
    for issue in issues:
        found = None
        if issue.column and issue.header is None and issue.file and issue.sheet:
            found = where.get((issue.file, issue.sheet, issue.column))
        out.append(replace(issue, header=found[0], letter=found[1]) if found else issue)
    return out


def _empty_contracts() -> pd.DataFrame:
    frame = pd.DataFrame(
        columns=["file", "sheet", "row", "contract_id", "municipality_code", "municipality"]
    )
    for name in DATE_FIELDS:
        frame[name] = pd.Series(dtype=DATE_DTYPE)
    return frame


def _has_follow_up_info(
    contracts: pd.DataFrame,
    files: list[FileRead],
    sheet_rows: pd.DataFrame,
    matched: pd.DataFrame,
) -> pd.Series:
    """Return True per contract whose follow-ups are on record somewhere (SPEC §2.1): a
    follow-up column in its sheet, a follow-ups sheet in its own file, or a file of follow-ups
    alone (no contracts) that covers its municipality — by naming it, or by holding a
    follow-up of one of its contracts. A follow-ups sheet in a file with contracts of its own
    covers only those."""
    contract_files = {f.input.path for f in files if "contracts" in f.kinds}
    follow_up_files = {f.input.path for f in files if "follow_ups" in f.kinds}
    only = follow_up_files - contract_files
    mkey = contracts["municipality_code"].fillna(contracts["municipality"])
    named = set(sheet_rows.loc[sheet_rows["file"].isin(only), "mkey"].dropna())
    via_ids = matched.loc[matched["file"].isin(only), "uid"].unique()
    covered = named | set(mkey.loc[via_ids].dropna())
    return (
        contracts["has__follow_ups"].astype(bool)
        | contracts["file"].isin(follow_up_files)
        | mkey.isin(covered)
    )


def _check_order(contracts: pd.DataFrame, follow_ups: pd.DataFrame, log: IssueLog) -> None:
    """Warn about dates in an impossible order; the values are used as given (SPEC §1.4)."""
    early = contracts["signed_date"] < contracts["responsibility_date"]
    log.add_rows(
        "warning",
        IssueKind.SIGNED_BEFORE_RESPONSIBILITY,
        contracts[early],
        "signed_date",
        contracts.loc[early, "signed_date"],
    )
    signed = contracts["signed_date"].reindex(follow_ups["uid"].to_numpy()).to_numpy()
    before = follow_ups["follow_up_date"].to_numpy() < signed
    log.add_rows(
        "warning",
        IssueKind.FOLLOW_UP_BEFORE_SIGNING,
        follow_ups[before],
        "follow_up_date",
        follow_ups.loc[before, "follow_up_date"],
    )


def _count_per_file(
    inputs: list[InputFile], rows_per_file: pd.Series, follow_ups: pd.DataFrame
) -> list[InputFile]:
    """Return the inputs with the number of contracts (``rows_per_file``: contract rows read
    per file) and follow-up dates read from each."""
    n_follow = follow_ups["file"].value_counts()
    return [
        InputFile(
            path=f.path,
            sha256=f.sha256,
            contracts=int(rows_per_file.get(f.path, 0)),
            follow_ups=int(n_follow.get(f.path, 0)),
            rows_read=f.rows_read,
            error=f.error,
            source=f.source,
        )
        for f in inputs
    ]
