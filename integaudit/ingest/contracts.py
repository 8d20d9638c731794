"""Contract tables → one canonical contracts frame, parsed in bulk (SPEC §1.2–§1.4).

Parsing is split in two so that it can run in a worker process per file: ``parse_rows`` turns
one file's rows into canonical columns and notes (what a data issue needs: which cells were
unreadable, early, late or unknown, and their raw values); ``log_issues`` records the issues
of every file's rows, concatenated in the order the files were found, exactly as one pass over
all rows would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

import numpy as np
import pandas as pd

from integaudit import municipalities
from integaudit.ingest import values
from integaudit.ingest.dates import parse_dates
from integaudit.ingest.sheets import SheetTable
from integaudit.issues import IssueKind, IssueLog, located
from integaudit.model import CONTRACT_FIELDS, DATE_FIELDS
from integaudit.privacy.pseudonyms import Pseudonymiser

LOCATION = ["file", "sheet", "row"]
# The integration law took effect on 1 January 1999; an earlier date in a contract is a typing
# error or a placeholder such as Excel's day 1 (1900-01-01), never a real event.
EARLIEST_DATE = pd.Timestamp("1999-01-01")
# Columns whose presence in a contract's sheet matters to the rules ("absent is not empty").
PRESENCE_FIELDS = tuple(f.name for f in CONTRACT_FIELDS if f.name != "follow_ups")
# Free-text fields, read as text with placeholders ("-", "ukendt") counted as empty.
GOAL_FIELDS = ("employment_goal", "education_goal", "coordinating_unit")


def combine(tables: list[SheetTable]) -> pd.DataFrame:
    """Return the raw rows of all contract tables in one frame, with the source location,
    the table's position in ``tables`` and a ``has__<field>`` flag per canonical field."""
    parts = []
    for i, table in enumerate(tables):
        part = table.frame.copy()
        part["file"] = table.file
        part["sheet"] = table.sheet
        part["table"] = i
        parts.append(part)
    raw = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if not len(raw):
        for name in (*PRESENCE_FIELDS, "follow_ups"):
            if name not in raw.columns:
                raw[name] = None
            raw["has__" + name] = False
        return raw
    table_of_row = raw["table"].to_numpy()
    extra: dict[str, Any] = {}
    for name in (*PRESENCE_FIELDS, "follow_ups"):
        if name not in raw.columns:
            extra[name] = pd.Series(None, raw.index, object)
        extra["has__" + name] = np.array([name in t.fields for t in tables])[table_of_row]
    return pd.concat([raw, pd.DataFrame(extra, index=raw.index)], axis=1)


def date_notes(raw: pd.Series, as_of: dt.date) -> tuple[pd.Series, dict[str, pd.Series], pd.Series]:
    """Return (dates, flags, cells) for a column of raw date cells: the dates with those before
    EARLIEST_DATE and after the audit date blanked; flags ``unreadable``, ``early`` and
    ``late`` per cell; and the raw cell where a flag is set (None elsewhere), for the issue."""
    dates, unreadable = parse_dates(raw)
    early = dates < EARLIEST_DATE
    if early.any():
        dates = dates.mask(early)
    late = dates > pd.Timestamp(as_of)
    if late.any():
        dates = dates.mask(late)
    flagged = unreadable | early | late
    cells = raw.where(flagged, None) if flagged.any() else pd.Series(None, raw.index, object)
    return dates, {"unreadable": unreadable, "early": early, "late": late}, cells


def parse_rows(
    raw: pd.DataFrame,
    tables: list[SheetTable],
    pseudonymiser: Pseudonymiser,
    goal_placeholders: Iterable[str] | None,
    as_of: dt.date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (rows, notes) for ``raw`` (one file's contract rows, from ``combine``): the
    canonical contracts frame, one row per input row, with dates after the audit date blanked
    (SPEC §2); and on the same index what ``log_issues`` needs to record the data issues."""
    row = raw["row"].astype("int64")
    out: dict[str, Any] = {"file": raw["file"], "sheet": raw["sheet"], "row": row}
    out["table"] = raw["table"]
    for name in (*PRESENCE_FIELDS, "follow_ups"):
        out["has__" + name] = raw["has__" + name]
    notes: dict[str, Any] = {}

    # Contract ids: a row without one is audited under <file>:<row> (SPEC §1.4).
    ids = pseudonymiser.scrub(values.text_or_none(raw["contract_id"]))
    no_id = ids.isna()
    file_names = {f: PurePath(f).name for f in raw["file"].unique()}
    generated = raw["file"].map(file_names) + ":" + row.astype(str)
    out["contract_id"] = ids.where(~no_id, generated).astype(object)
    out["contract_id_generated"] = no_id

    _municipality(out, notes, raw, tables, pseudonymiser)

    out["person"] = pseudonymiser.pseudonymise(raw["person_id"])

    # One pass over the cells of every date column, and one over the goal texts: parsing is
    # the same cell by cell.
    n = len(raw)
    dates, flags, cells = date_notes(_stack(raw, DATE_FIELDS), as_of)
    day, unreadable, early = dates.to_numpy(), flags["unreadable"].to_numpy(), flags["early"]
    for k, name in enumerate(DATE_FIELDS):
        part = slice(k * n, (k + 1) * n)
        out[name] = day[part]
        out[name + "__bad"] = unreadable[part] | early.to_numpy()[part]
        for flag, mask in flags.items():
            notes[f"{name}__{flag}"] = mask.to_numpy()[part]
        notes[name + "__cell"] = pd.Series(cells.to_numpy()[part], raw.index, object)
    _derive_signed_date(out)

    texts = pseudonymiser.scrub(_goal_texts(raw, tables, goal_placeholders))
    for k, name in enumerate(GOAL_FIELDS):
        out[name] = pd.Series(texts.to_numpy()[k * n : (k + 1) * n], raw.index, object)

    situation, bad = values.parse_situation(raw["situation"])
    out["situation"] = situation
    out["situation__bad"] = bad
    notes["situation__cell"] = raw["situation"].where(bad, None)
    return pd.DataFrame(out, index=raw.index), pd.DataFrame(notes, index=raw.index)


def _goal_texts(
    raw: pd.DataFrame, tables: list[SheetTable], placeholders: Iterable[str] | None
) -> pd.Series:
    """Return the goal texts of ``raw`` (GOAL_FIELDS stacked), placeholders as empty: the
    given ones, or (None) each table's own (the config its file takes)."""
    stacked = _stack(raw, GOAL_FIELDS)
    if placeholders is not None:
        return values.clean_text(stacked, placeholders)
    own = [t.placeholders for t in tables]
    if len(set(own)) <= 1:
        return values.clean_text(stacked, own[0] if own else ())
    table = np.tile(raw["table"].to_numpy(), len(GOAL_FIELDS))
    out = pd.Series(None, index=stacked.index, dtype=object)
    for words in set(own):
        rows = np.isin(table, [i for i, w in enumerate(own) if w == words])
        out[rows] = values.clean_text(stacked[rows], words).to_numpy()
    return out


def _stack(raw: pd.DataFrame, columns: Iterable[str]) -> pd.Series:
    """Return the cells of ``columns`` one column after the other, as one object Series."""
    return pd.Series(np.concatenate([raw[c].to_numpy(dtype=object) for c in columns]))


def log_issues(rows: pd.DataFrame, notes: pd.DataFrame, log: IssueLog, as_of: dt.date) -> None:
    """Record a data issue for every missing contract id and municipality, unknown
    municipality, unreadable date, date before the law or after the audit date (which was
    ignored) and unknown situation that ``parse_rows`` noted (SPEC §1.4)."""
    where = rows[LOCATION]
    log.add_rows(
        "warning",
        IssueKind.MISSING_CONTRACT_ID,
        where[rows["contract_id_generated"]],
        "contract_id",
    )
    _log_municipality(where, rows, notes, log)
    for name in DATE_FIELDS:
        cells = notes[name + "__cell"]
        log.add_rows(
            "warning", IssueKind.UNREADABLE_DATE, where[notes[name + "__unreadable"]], name, cells
        )
        log.add_rows(
            "warning", IssueKind.DATE_BEFORE_LAW, where[notes[name + "__early"]], name, cells
        )
        log.add_rows(
            "warning",
            IssueKind.DATE_AFTER_AS_OF,
            where[notes[name + "__late"]],
            name,
            cells,
            as_of=as_of.isoformat(),
        )
    log.add_rows(
        "warning",
        IssueKind.UNKNOWN_SITUATION,
        where[rows["situation__bad"]],
        "situation",
        notes["situation__cell"],
    )


def log_by_column(
    pieces: pd.DataFrame, flag: str, kind: IssueKind, log: IssueLog, **params: str
) -> None:
    """Record a ``kind`` issue per piece (follow-up date) whose ``flag`` is set, column by
    column in the order the columns first have one, each naming the piece's raw cell."""
    flagged = pieces[flag]
    if not flagged.any():
        return
    for col in pieces.loc[flagged, "column"].unique():
        mask = flagged & pieces["column"].eq(col)
        log.add_rows("warning", kind, pieces[mask], col, pieces["raw"], **params)


def _municipality(
    out: dict[str, Any],
    notes: dict[str, Any],
    raw: pd.DataFrame,
    tables: list[SheetTable],
    pseudonymiser: Pseudonymiser,
) -> None:
    """Set code, name and region per row: from the cell, else from the file (SPEC §1.1); note
    the names that are no municipality's, as written."""
    norm = municipalities.normalise(raw["municipality"])
    # The file's municipality per row, for rows that name none (by the row's table).
    table = raw["table"].to_numpy()
    from_file = {
        column: np.array([getattr(t.municipality, column, None) for t in tables], object)[table]
        for column in ("code", "name", "region_code", "region_name")
    }
    written = norm["written"].notna().to_numpy()
    unknown = written & ~norm["known"].to_numpy(dtype=bool)
    for column, target in (
        ("code", "municipality_code"),
        ("region_code", "region_code"),
        ("region_name", "region_name"),
    ):
        chosen = np.where(written, norm[column].to_numpy(dtype=object), from_file[column])
        out[target] = pd.Series(chosen, raw.index, object)
    written_names = pseudonymiser.scrub(norm["written"]).to_numpy(dtype=object)
    name = np.where(unknown, written_names, norm["name"].to_numpy(dtype=object))
    out["municipality"] = pd.Series(np.where(written, name, from_file["name"]), raw.index, object)
    notes["municipality__unknown"] = unknown
    notes["municipality__written"] = pd.Series(
        np.where(unknown, written_names, None),  # type: ignore[call-overload]
        raw.index,
        object,  # type: ignore[arg-type]
    )


def _log_municipality(
    where: pd.DataFrame, rows: pd.DataFrame, notes: pd.DataFrame, log: IssueLog
) -> None:
    """Record unknown municipality names, one issue per distinct value and sheet at its first
    row, and the rows without a municipality."""
    unknown = notes["municipality__unknown"]
    if unknown.any():
        firsts = (
            where[unknown]
            .assign(value=notes.loc[unknown, "municipality__written"], n=1)
            .groupby(["file", "sheet", "value"], sort=False, as_index=False)
            .agg(row=("row", "min"), n=("n", "sum"))
        )
        for rec in located(firsts):
            meant = municipalities.suggest(rec.value)
            hint = {"suggested_name": meant.name, "suggested_code": meant.code} if meant else {}
            log.add(
                "warning",
                IssueKind.UNKNOWN_MUNICIPALITY,
                rec.file,
                rec.sheet,
                rec.row,
                "municipality",
                rec.value,
                rows=rec.n,
                **hint,
            )
    log.add_rows(
        "warning",
        IssueKind.MISSING_MUNICIPALITY,
        where[rows["municipality"].isna()],
        "municipality",
    )


def _derive_signed_date(out: dict[str, Any]) -> None:
    """Fill ``signed_date`` from the two signatures where it is empty: the later of the two,
    and only when both have signed (a contract is entered when both have signed)."""
    citizen, council = out["signed_citizen_date"], out["signed_municipality_date"]
    both = ~np.isnat(citizen) & ~np.isnat(council)
    derived = np.where(both, np.where(citizen >= council, citizen, council), np.datetime64("NaT"))
    derived_bad = out["signed_citizen_date__bad"] | out["signed_municipality_date__bad"]
    use = np.isnat(out["signed_date"]) & ~out["signed_date__bad"]
    out["signed_date"] = np.where(use, derived, out["signed_date"])
    out["signed_date__bad"] = out["signed_date__bad"] | (use & derived_bad)
    # One signature column alone cannot say when both had signed: the date is unknown then,
    # not empty (an absent column is not an empty value).
    out["has__signed_date"] = out["has__signed_date"] | (
        out["has__signed_citizen_date"] & out["has__signed_municipality_date"]
    )


def content_key(contracts: pd.DataFrame, row_follow_ups: pd.DataFrame) -> pd.Series:
    """Return a 64-bit hash per contract of everything it says (fields and in-row follow-up
    dates), equal for identical duplicates wherever they were read."""
    content = [c for c in contracts.columns if c not in (*LOCATION, "table", "uid")]
    values = contracts[content].copy()
    # A generated id (file:row) differs between copies; the missing id is what they share.
    values["contract_id"] = values["contract_id"].where(~values["contract_id_generated"], None)
    key = pd.util.hash_pandas_object(values, index=False).to_numpy(np.uint64)
    if not row_follow_ups.empty:
        # Order-free sum of per-date hashes: the same dates in any column order hash equal.
        dates = row_follow_ups.drop_duplicates(["raw_index", "follow_up_date"])
        h = pd.util.hash_pandas_object(dates["follow_up_date"], index=False).to_numpy(np.uint64)
        per_row = pd.Series(h, index=dates["raw_index"].to_numpy()).groupby(level=0).sum()
        extra = per_row.reindex(contracts.index, fill_value=0).to_numpy(np.uint64)
        key = key ^ (extra * np.uint64(0x9E3779B97F4A7C15))
    return pd.Series(key, index=contracts.index)
