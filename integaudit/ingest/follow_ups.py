"""Follow-up dates from all three layouts (long sheet, wide columns, one cell) → one long
frame of (contract, date), so every layout gives the same result (SPEC §1.2)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from integaudit import municipalities
from integaudit.ingest import values
from integaudit.ingest.contracts import drop_after_as_of, drop_before_law
from integaudit.ingest.dates import parse_dates
from integaudit.ingest.sheets import SheetTable
from integaudit.issues import IssueLog
from integaudit.privacy.pseudonyms import Pseudonymiser

# ``bad`` marks a follow-up whose date is unknown (unreadable, or before 1999): it exists, so a
# rule must not conclude a follow-up was missed (SPEC §2.1), but its date counts for nothing.
LONG_COLUMNS = ["raw_index", "follow_up_date", "file", "sheet", "row", "column", "bad"]


def _parse_pieces(pieces: pd.DataFrame, log: IssueLog, as_of: dt.date) -> pd.DataFrame:
    """Return the pieces (raw_index, raw, file, sheet, row, column) as LONG_COLUMNS: those
    whose text is a date on or before the audit date, and those whose date is unknown (marked
    ``bad``); each unreadable or later piece is a warning, and later ones are dropped."""
    dates, bad = parse_dates(pieces["raw"])
    flagged = pieces[bad]
    for rec in flagged.itertuples():
        log.add("warning", "unreadable-date", rec.file, rec.sheet, rec.row, rec.column, rec.raw)
    dates, early = drop_before_law(dates, pieces, pieces["column"], pieces["raw"], log)
    dates = drop_after_as_of(dates, as_of, pieces, pieces["column"], pieces["raw"], log)
    out = pieces.assign(follow_up_date=dates, bad=bad | early)
    return out[out["follow_up_date"].notna() | out["bad"]][LONG_COLUMNS]


def in_row(
    raw: pd.DataFrame, tables: list[SheetTable], log: IssueLog, as_of: dt.date
) -> pd.DataFrame:
    """Return the follow-up dates held in contract rows (wide columns and one-cell lists),
    keyed by ``raw_index``, the contract's position in ``raw``."""
    pieces = []
    offsets = raw.groupby("table", sort=False).indices if len(raw) else {}
    for i, table in enumerate(tables):
        positions = offsets.get(i)
        if positions is None:
            continue
        index = raw.index[positions]
        location = raw.loc[index, ["file", "sheet", "row"]]
        if not table.wide.empty:
            wide = table.wide.set_axis(index)
            long = wide.melt(ignore_index=False, var_name="column", value_name="raw")
            long = long[~_blank(long["raw"])]
            pieces.append(long.join(location).rename_axis("raw_index").reset_index())
        if "follow_ups" in table.frame.columns:
            cells = table.frame["follow_ups"].set_axis(index)
            split = values.split_date_list(cells[~_blank(cells)])
            split = split.rename(columns={"row": "raw_index"})
            split = split.join(location, on="raw_index").assign(column="follow_ups")
            pieces.append(split)
    if not pieces:
        return pd.DataFrame(columns=LONG_COLUMNS)
    return _parse_pieces(pd.concat(pieces, ignore_index=True), log, as_of)


def _blank(cells: pd.Series) -> pd.Series:
    return cells.isna() | cells.astype(str).str.strip().eq("")


def from_sheets(
    tables: list[SheetTable], log: IssueLog, pseudonymiser: Pseudonymiser, as_of: dt.date
) -> pd.DataFrame:
    """Return the rows of long-layout follow-up sheets: contract_id, municipality key (code, or
    the name as written, or None), follow_up_date and the source location."""
    parts = []
    for table in tables:
        part = table.frame.copy()
        for name in ("contract_id", "municipality", "follow_up_date"):
            if name not in part.columns:
                part[name] = None
        part["file"] = table.file
        part["sheet"] = table.sheet
        part["file_municipality"] = table.municipality.code if table.municipality else None
        parts.append(part)
    columns = ["contract_id", "mkey", "follow_up_date", "file", "sheet", "row", "bad"]
    if not parts:
        return pd.DataFrame(columns=columns)
    raw = pd.concat(parts, ignore_index=True)
    raw["contract_id"] = pseudonymiser.scrub(values.text_or_none(raw["contract_id"]))
    norm = municipalities.normalise(raw["municipality"])
    mkey = norm["code"].where(norm["known"].astype(bool), norm["written"])
    raw["mkey"] = mkey.where(norm["written"].notna(), raw["file_municipality"]).astype(object)
    no_id = raw["contract_id"].isna()
    log.add_rows("warning", "follow-up-missing-contract-id", raw[no_id], "contract_id")
    dates, bad = parse_dates(raw["follow_up_date"])
    log.add_rows("warning", "unreadable-date", raw[bad], "follow_up_date", raw["follow_up_date"])
    no_date = dates.isna() & ~bad & ~no_id
    log.add_rows("warning", "follow-up-missing-date", raw[no_date], "follow_up_date")
    dates, early = drop_before_law(dates, raw, "follow_up_date", raw["follow_up_date"], log)
    raw["follow_up_date"] = drop_after_as_of(
        dates, as_of, raw, "follow_up_date", raw["follow_up_date"], log
    )
    raw["bad"] = bad | early
    return raw[~no_id & (raw["follow_up_date"].notna() | raw["bad"])][columns]


def match(sheet_rows: pd.DataFrame, contracts: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    """Return sheet follow-ups joined to their contracts (column ``uid``).

    A follow-up names its contract by id and, when it can, by municipality; without a
    municipality it matches a contract with that id in the same file, else the one contract
    in the run with that id. Unmatched and ambiguous rows become warnings.
    """
    out_columns = ["uid", "follow_up_date", "file", "sheet", "row", "column", "bad"]
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
        "warning", "follow-up-ambiguous", ambiguous, "contract_id", ambiguous["contract_id"]
    )
    matched = pd.concat([by_m, by_file, by_id[counts == 1]], ignore_index=True)
    unmatched = rows[~rows["fu"].isin(matched["fu"]) & ~rows["fu"].isin(ambiguous["fu"])]
    log.add_rows(
        "warning", "follow-up-unknown-contract", unmatched, "contract_id", unmatched["contract_id"]
    )
    matched["column"] = "follow_up_date"
    return matched[out_columns]
