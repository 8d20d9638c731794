"""Ingest: files → canonical contracts and follow-ups frames plus data issues (SPEC §1)."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from integaudit import municipalities
from integaudit.i18n import CATALOGUES
from integaudit.ingest import contracts as contract_frame
from integaudit.ingest import follow_ups as follow_up_frame
from integaudit.ingest.dates import DATE_DTYPE
from integaudit.ingest.discover import discover
from integaudit.ingest.headers import AliasIndex, build_alias_index
from integaudit.ingest.limits import BYTES_PER_CELL, DEFAULT_MAX_FILE_SIZE, UNPACKED_FACTOR
from integaudit.ingest.readers import RawSheet, ReadError, read_sheets
from integaudit.ingest.sheets import SheetTable, read_table
from integaudit.issues import DataIssue, IssueLog
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
    ``max_file_size`` / BYTES_PER_CELL cells is not read.
    """

    as_of: dt.date
    pseudonymiser: Pseudonymiser
    municipality: Municipality | None = None
    aliases: Mapping[str, Iterable[str]] = field(default_factory=dict)
    goal_placeholders: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_unpacked_size: int | None = None

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


def load(
    paths: list[Path],
    options: LoadOptions,
    progress: Progress | None = None,
    on_files: Callable[[int], None] | None = None,
) -> Extract:
    """Return the contracts and follow-ups of every readable file under ``paths``, the data
    issues found, and a record of each input file. Never raises for bad input."""
    log = IssueLog(options.pseudonymiser.scrub_text)
    index = build_alias_index({k: tuple(v) for k, v in options.aliases.items()})
    found = discover(paths)
    if on_files:
        on_files(sum(f.problem is None for f in found))
    tables: list[SheetTable] = []
    inputs: list[InputFile] = []
    sheets: list[SheetColumns] = []
    for item in found:
        if item.problem:
            log.add("error", item.problem, item.display)
            continue
        display = options.pseudonymiser.scrub_text(item.display)
        inputs.append(_read_file(item.path, display, options, index, log, tables, sheets))
        if progress:
            progress(item.display)

    contract_tables = [t for t in tables if t.kind == "contracts"]
    raw = contract_frame.combine(contract_tables)
    if raw.empty:
        contracts = _empty_contracts()
        row_fus = pd.DataFrame(columns=follow_up_frame.LONG_COLUMNS)
    else:
        contracts = contract_frame.parse(
            raw,
            contract_tables,
            log,
            options.pseudonymiser,
            options.goal_placeholders,
            options.as_of,
        )
        row_fus = follow_up_frame.in_row(raw, contract_tables, log, options.as_of)
        contracts, row_fus = _collapse_duplicates(contracts, row_fus, log)
    sheet_rows = follow_up_frame.from_sheets(
        [t for t in tables if t.kind == "follow_ups"], log, options.pseudonymiser, options.as_of
    )
    matched = follow_up_frame.match(sheet_rows, contracts, log)
    row_fus = row_fus.rename(columns={"raw_index": "uid"})
    follow_ups = pd.concat([row_fus, matched], ignore_index=True)
    follow_ups["uid"] = follow_ups["uid"].astype("int64")
    follow_ups["follow_up_date"] = follow_ups["follow_up_date"].astype(DATE_DTYPE)
    unknown = follow_ups["bad"].astype(bool)
    unknown_per_contract = follow_ups.loc[unknown, "uid"].value_counts()
    follow_ups = follow_ups[~unknown].drop(columns="bad").reset_index(drop=True)

    if not contracts.empty:
        contracts["has__follow_ups"] = _has_follow_up_info(contracts, tables, sheet_rows, matched)
        contracts["follow_ups__bad"] = (
            unknown_per_contract.reindex(contracts.index, fill_value=0).to_numpy() > 0
        )
        _check_order(contracts, follow_ups, log)
        inputs = _count_per_file(inputs, raw, follow_ups)
    return Extract(
        contracts=contracts,
        follow_ups=follow_ups,
        issues=with_headers(log.issues, sheets),
        inputs=inputs,
        sheets=sheets,
    )


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


def _read_file(
    path: Path,
    display: str,
    options: LoadOptions,
    index: AliasIndex,
    log: IssueLog,
    tables: list[SheetTable],
    record: list[SheetColumns],
) -> InputFile:
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
    if _is_own_report(sheets):
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
_REPORT_SHEETS = [
    {catalogue[first], catalogue["xlsx.trail"]}
    for catalogue in CATALOGUES.values()
    for first in ("xlsx.summary", "xlsx.findings")
]


def report_workbook(path: Path) -> bool:
    """Return whether the workbook at ``path`` is integaudit's report workbook (by its sheet
    names only; nothing else is read). False for a file that cannot be opened."""
    import python_calamine

    try:
        names = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    except Exception:  # any file calamine cannot open is not our report
        return False
    return any(report <= set(names) for report in _REPORT_SHEETS)


def _is_own_report(sheets: list[RawSheet]) -> bool:
    """Return whether the sheets are integaudit's report workbook (--xlsx): its summary and
    audit-trail sheets in one language."""
    names = {sheet.name for sheet in sheets}
    return any(report <= names for report in _REPORT_SHEETS)


def _empty_contracts() -> pd.DataFrame:
    frame = pd.DataFrame(
        columns=["file", "sheet", "row", "contract_id", "municipality_code", "municipality"]
    )
    for name in DATE_FIELDS:
        frame[name] = pd.Series(dtype=DATE_DTYPE)
    return frame


def _collapse_duplicates(
    contracts: pd.DataFrame, row_fus: pd.DataFrame, log: IssueLog
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return contracts with identical duplicates collapsed into their first copy (SPEC §1.4),
    re-indexed 0..n-1 as ``uid``, and the in-row follow-ups re-keyed to match."""
    key = contract_frame.content_key(contracts, row_fus)
    first = (
        pd.Series(contracts.index, index=contracts.index).groupby(key.to_numpy()).transform("first")
    )
    dup = first != contracts.index
    if dup.any():
        original = contracts.loc[first[dup], ["file", "row"]].set_axis(first[dup].index)
        for rec, orig in zip(
            contracts.loc[dup, ["file", "sheet", "row", "contract_id"]].itertuples(),
            original.itertuples(),
            strict=True,
        ):
            log.add(
                "warning",
                "duplicate-contract",
                rec.file,
                rec.sheet,
                rec.row,
                "contract_id",
                rec.contract_id,
                first_file=orig.file,
                first_row=orig.row,
            )
    kept = contracts[~dup]
    mkey = kept["municipality_code"].fillna(kept["municipality"]).fillna("")
    clash = kept.assign(mkey=mkey).duplicated(["mkey", "contract_id"], keep=False)
    _log_conflicts(kept[clash].assign(mkey=mkey[clash]), log)
    new_uid = pd.Series(range(len(kept)), index=kept.index)
    row_fus = row_fus[row_fus["raw_index"].isin(kept.index)].copy()
    row_fus["raw_index"] = row_fus["raw_index"].map(new_uid)
    return kept.reset_index(drop=True).drop(columns="table"), row_fus


def _log_conflicts(clashing: pd.DataFrame, log: IssueLog) -> None:
    """Warn about each contract whose id has other contents elsewhere in its municipality
    (SPEC §1.4), naming another copy: the first copy names the second, the others the first."""
    if clashing.empty:
        return
    groups = clashing.groupby(["mkey", "contract_id"], sort=False)
    later = groups.cumcount() > 0
    other_file = groups["file"].transform("first").where(later, groups["file"].shift(-1))
    other_row = groups["row"].transform("first").where(later, groups["row"].shift(-1))
    for rec, file, row in zip(clashing.itertuples(), other_file, other_row, strict=True):
        log.add(
            "warning",
            "conflicting-contract",
            rec.file,
            rec.sheet,
            rec.row,
            "contract_id",
            rec.contract_id,
            other_file=file,
            other_row=int(row),
        )


def _has_follow_up_info(
    contracts: pd.DataFrame,
    tables: list[SheetTable],
    sheet_rows: pd.DataFrame,
    matched: pd.DataFrame,
) -> pd.Series:
    """Return True per contract whose follow-ups are on record somewhere (SPEC §2.1): a
    follow-up column in its sheet, a follow-ups sheet in its own file, or a file of follow-ups
    alone (no contracts) that covers its municipality — by naming it, or by holding a
    follow-up of one of its contracts. A follow-ups sheet in a file with contracts of its own
    covers only those."""
    contract_files = {t.file for t in tables if t.kind == "contracts"}
    follow_up_files = {t.file for t in tables if t.kind == "follow_ups"}
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
        "signed-before-responsibility",
        contracts[early],
        "signed_date",
        contracts.loc[early, "signed_date"],
    )
    signed = contracts["signed_date"].reindex(follow_ups["uid"].to_numpy()).to_numpy()
    before = follow_ups["follow_up_date"].to_numpy() < signed
    log.add_rows(
        "warning",
        "follow-up-before-signing",
        follow_ups[before],
        "follow_up_date",
        follow_ups.loc[before, "follow_up_date"],
    )


def _count_per_file(
    inputs: list[InputFile], raw: pd.DataFrame, follow_ups: pd.DataFrame
) -> list[InputFile]:
    """Return the inputs with the number of contracts and follow-up dates read from each."""
    n_contracts = raw["file"].value_counts()
    n_follow = follow_ups["file"].value_counts()
    return [
        InputFile(
            path=f.path,
            sha256=f.sha256,
            contracts=int(n_contracts.get(f.path, 0)),
            follow_ups=int(n_follow.get(f.path, 0)),
            rows_read=f.rows_read,
            error=f.error,
            source=f.source,
        )
        for f in inputs
    ]
