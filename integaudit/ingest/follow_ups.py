"""Follow-up dates from all three layouts (long sheet, wide columns, one cell) → one long
frame of (contract, date), so every layout gives the same result (SPEC §1.2).

As for contracts, each file's rows are parsed on their own (``in_row_pieces``,
``sheet_rows``, in a worker process when there are several) and the data issues of all files
are recorded afterwards in the order the files were found (``in_row``, ``from_sheets``)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from integaudit import municipalities
from integaudit.ingest import held, values
from integaudit.ingest.checks import blank, blank_cells
from integaudit.ingest.contracts import date_notes, log_by_column
from integaudit.ingest.sheets import SheetTable
from integaudit.issues import IssueKind, IssueLog, located
from integaudit.privacy.pseudonyms import Pseudonymiser

# ``bad`` marks a follow-up whose date is unknown (unreadable, or before 1999): it exists, so a
# rule must not conclude a follow-up was missed (SPEC §2.1), but its date counts for nothing.
# ``not_held`` marks a conversation its status says was not held (ingest.held): it is no
# follow-up, and ``status`` keeps the status as written, for the finding that names it.
LONG_COLUMNS = ["raw_index", "follow_up_date", "file", "sheet", "row", "column", "bad",
                "not_held", "status"]  # fmt: skip
SHEET_COLUMNS = ["contract_id", "mkey", "follow_up_date", "file", "sheet", "row", "bad",
                 "not_held", "status"]  # fmt: skip
# What the issues of a piece or a follow-up sheet's row need: its raw cell where it is flagged.
_NOTES = ["unreadable", "early", "late", "raw"]


def in_row_pieces(
    raw: pd.DataFrame, tables: list[SheetTable], as_of: dt.date
) -> pd.DataFrame | None:
    """Return the follow-up dates held in the contract rows of ``raw`` (from
    ``contracts.combine``: wide columns and one-cell lists), keyed by ``raw_index``, the
    contract's position in ``raw``, parsed and with their notes; None when none of
    ``tables`` has a column for them."""
    # raw_index, column, raw cell, status state, status text
    found: list[tuple[np.ndarray, ...]] = []
    offsets = raw.groupby("table", sort=False).indices if len(raw) else {}
    for i, table in enumerate(tables):
        positions = offsets.get(i)
        if positions is None:
            continue
        if not table.wide.empty:
            # Column by column, as the wide columns are read one after the other.
            cells = table.wide.to_numpy(dtype=object).T.ravel()
            labels = np.repeat(table.wide.columns.to_numpy(dtype=object), len(positions))
            rows = np.tile(positions, table.wide.shape[1])
            filled = ~blank_cells(cells)
            status = _wide_status(table)
            state, text = held.states(pd.Series(status[filled], dtype=object), table.held)
            found.append((rows[filled], labels[filled], cells[filled], state, text.to_numpy()))
        if "follow_ups" in table.frame.columns:
            listed = table.frame["follow_ups"].set_axis(positions)
            split = values.split_date_list(listed[~blank(listed)])
            n = len(split)
            # One text object for all (np.full would make a copy of the text per piece).
            column = np.empty(n, dtype=object)
            column[:] = "follow_ups"
            no_status = (np.zeros(n, np.int8), np.full(n, None, dtype=object))
            found.append(
                (split["row"].to_numpy(), column, split["raw"].to_numpy(dtype=object), *no_status)
            )
    if not found:
        return None
    index, column, cells, state, status = (np.concatenate(p) for p in zip(*found, strict=True))
    pieces = pd.DataFrame({"raw_index": index.astype(np.int64), "column": column})
    for name in ("file", "sheet", "row"):
        pieces[name] = raw[name].to_numpy()[index]
    dates, flags, notes = date_notes(pd.Series(cells, dtype=object), as_of)
    pieces = pieces.assign(follow_up_date=dates, bad=flags["unreadable"] | flags["early"], **flags)
    pieces = _with_status(pieces, state, status)
    return pieces[[*LONG_COLUMNS, *_NOTES[:3], "status_unknown"]].assign(raw=notes)


def _wide_status(table: SheetTable) -> np.ndarray:
    """Return the status cell beside each cell of the table's wide follow-up columns, in the
    order ``in_row_pieces`` reads them (None where a column has no status beside it)."""
    if table.wide_status is None or table.wide_status.empty:
        return np.full(table.wide.size, None, dtype=object)
    aligned = table.wide_status.reindex(columns=table.wide.columns)
    return aligned.to_numpy(dtype=object).T.ravel()


def _with_status(
    frame: pd.DataFrame, state: np.ndarray, text: pd.Series | np.ndarray
) -> pd.DataFrame:
    """Return ``frame`` with the columns of its conversations' status: ``not_held``,
    ``status_unknown`` and ``status`` (the text, where it is not held or not known)."""
    text = np.asarray(text, dtype=object)
    said = (state == held.NOT_HELD) | (state == held.UNKNOWN)
    return frame.assign(
        not_held=state == held.NOT_HELD,
        status_unknown=state == held.UNKNOWN,
        status=np.where(said, text, None),  # type: ignore[call-overload]
    )


def log_unknown_statuses(frame: pd.DataFrame, log: IssueLog) -> None:
    """Record one warning per sheet and status value no word list knows, at its first row,
    with the number of conversations it marks: they count as held (ingest.held)."""
    unknown = frame[frame["status_unknown"].astype(bool)]
    if unknown.empty:
        return
    firsts = (
        unknown.assign(n=1)
        .groupby(["file", "sheet", "status"], sort=False, as_index=False)
        .agg(row=("row", "min"), n=("n", "sum"))
    )
    for rec in located(firsts):
        log.add(
            "warning",
            IssueKind.FOLLOW_UP_STATUS_UNKNOWN,
            rec.file,
            rec.sheet,
            rec.row,
            "follow_up_status",
            rec.status,
            status=rec.status,
            count=int(rec.n),
        )


def in_row(parts: list[pd.DataFrame], log: IssueLog, as_of: dt.date) -> pd.DataFrame:
    """Return the follow-up dates of every file's contract rows (``in_row_pieces`` of each,
    ``raw_index`` counting the contracts of all files), each unreadable or later piece a
    warning, and later ones dropped. ``parts`` is emptied: its frames are in the one returned."""
    if not parts:
        return pd.DataFrame(columns=LONG_COLUMNS)
    pieces = pd.concat(parts, ignore_index=True)
    parts.clear()
    for rec in located(pieces[pieces["unreadable"]]):
        log.add(
            "warning", IssueKind.UNREADABLE_DATE, rec.file, rec.sheet, rec.row, rec.column, rec.raw
        )
    log_by_column(pieces, "early", IssueKind.DATE_BEFORE_LAW, log)
    log_by_column(pieces, "late", IssueKind.DATE_AFTER_AS_OF, log, as_of=as_of.isoformat())
    log_unknown_statuses(pieces, log)
    return pieces[pieces["follow_up_date"].notna() | pieces["bad"]][LONG_COLUMNS]


def sheet_rows(
    tables: list[SheetTable], pseudonymiser: Pseudonymiser, as_of: dt.date
) -> pd.DataFrame | None:
    """Return the rows of one file's long-layout follow-up sheets: contract_id, municipality
    key (code, or the name as written, or None), follow_up_date, the source location and the
    notes ``from_sheets`` records issues from; None when there are no such sheets."""
    parts = []
    for table in tables:
        part = table.frame.copy()
        for name in ("contract_id", "municipality", "follow_up_date", "follow_up_status"):
            if name not in part.columns:
                part[name] = None
        part["file"] = table.file
        part["sheet"] = table.sheet
        part["file_municipality"] = table.municipality.code if table.municipality else None
        state, text = held.states(part["follow_up_status"], table.held)
        parts.append(_with_status(part, state, text))
    if not parts:
        return None
    raw = pd.concat(parts, ignore_index=True)
    raw["contract_id"] = pseudonymiser.scrub(values.text_or_none(raw["contract_id"]))
    norm = municipalities.normalise(raw["municipality"])
    mkey = norm["code"].where(norm["known"].astype(bool), norm["written"])
    raw["mkey"] = mkey.where(norm["written"].notna(), raw["file_municipality"]).astype(object)
    dates, flags, cells = date_notes(raw["follow_up_date"], as_of)
    raw = raw.assign(follow_up_date=dates, bad=flags["unreadable"] | flags["early"], **flags)
    return raw[[*SHEET_COLUMNS, *_NOTES[:3], "status_unknown"]].assign(raw=cells)


def from_sheets(parts: list[pd.DataFrame], log: IssueLog, as_of: dt.date) -> pd.DataFrame:
    """Return the rows of every file's long-layout follow-up sheets (``sheet_rows`` of each)
    that name a contract and hold a date or an unknown one (SHEET_COLUMNS), recording the
    rows without a contract id or a date, and the unreadable, early and later dates."""
    if not parts:
        return pd.DataFrame(columns=SHEET_COLUMNS)
    raw = pd.concat(parts, ignore_index=True)
    no_id = raw["contract_id"].isna()
    log.add_rows("warning", IssueKind.FOLLOW_UP_MISSING_CONTRACT_ID, raw[no_id], "contract_id")
    log_unknown_statuses(raw[~no_id], log)
    unreadable, early, late = raw["unreadable"], raw["early"], raw["late"]
    log.add_rows(
        "warning", IssueKind.UNREADABLE_DATE, raw[unreadable], "follow_up_date", raw["raw"]
    )
    no_date = raw["follow_up_date"].isna() & ~(unreadable | early | late) & ~no_id
    log.add_rows("warning", IssueKind.FOLLOW_UP_MISSING_DATE, raw[no_date], "follow_up_date")
    log.add_rows("warning", IssueKind.DATE_BEFORE_LAW, raw[early], "follow_up_date", raw["raw"])
    log.add_rows(
        "warning",
        IssueKind.DATE_AFTER_AS_OF,
        raw[late],
        "follow_up_date",
        raw["raw"],
        as_of=as_of.isoformat(),
    )
    return raw[~no_id & (raw["follow_up_date"].notna() | raw["bad"])][SHEET_COLUMNS]


def match(sheet_rows: pd.DataFrame, contracts: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    """Return sheet follow-ups joined to their contracts (column ``uid``).

    A follow-up names its contract by id and, when it can, by municipality; without a
    municipality it matches a contract with that id in the same file, else the one contract
    in the run with that id. Unmatched and ambiguous rows become warnings.
    """
    out_columns = ["uid", "follow_up_date", "file", "sheet", "row", "column", "bad",
                   "not_held", "status"]  # fmt: skip
    if sheet_rows.empty:
        return pd.DataFrame(columns=out_columns)
    keys = contracts[["contract_id", "file"]].copy()
    keys["mkey"] = contracts["municipality_code"].fillna(contracts["municipality"])
    keys["uid"] = contracts.index
    rows = sheet_rows.reset_index(drop=True).rename_axis("fu").reset_index()

    with_m = rows[rows["mkey"].notna()]
    by_m = with_m.merge(keys[["contract_id", "mkey", "uid"]], on=["contract_id", "mkey"])
    without_m = rows[rows["mkey"].isna()]
    by_file = without_m.merge(keys[["contract_id", "file", "uid"]], on=["contract_id", "file"])
    rest = without_m[~without_m["fu"].isin(by_file["fu"])]
    by_id = rest.merge(keys[["contract_id", "uid"]], on="contract_id")
    counts = by_id.groupby("fu")["uid"].transform("size")
    ambiguous = by_id[counts > 1].drop_duplicates("fu")
    log.add_rows(
        "warning", IssueKind.FOLLOW_UP_AMBIGUOUS, ambiguous, "contract_id", ambiguous["contract_id"]
    )
    matched = pd.concat([by_m, by_file, by_id[counts == 1]], ignore_index=True)
    unmatched = rows[~rows["fu"].isin(matched["fu"]) & ~rows["fu"].isin(ambiguous["fu"])]
    log.add_rows(
        "warning",
        IssueKind.FOLLOW_UP_UNKNOWN_CONTRACT,
        unmatched,
        "contract_id",
        unmatched["contract_id"],
    )
    matched["column"] = "follow_up_date"
    return matched[out_columns]
