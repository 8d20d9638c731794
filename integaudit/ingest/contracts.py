"""Contract tables → one canonical contracts frame, parsed in bulk (SPEC §1.2–§1.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import PurePath

import numpy as np
import pandas as pd

from integaudit import municipalities
from integaudit.ingest import values
from integaudit.ingest.dates import parse_dates
from integaudit.ingest.sheets import SheetTable
from integaudit.issues import IssueLog
from integaudit.model import CONTRACT_FIELDS, DATE_FIELDS
from integaudit.privacy.pseudonyms import Pseudonymiser

LOCATION = ["file", "sheet", "row"]
# The integration law took effect on 1 January 1999; an earlier date in a contract is a typing
# error or a placeholder such as Excel's day 1 (1900-01-01), never a real event.
EARLIEST_DATE = pd.Timestamp("1999-01-01")
# Columns whose presence in a contract's sheet matters to the rules ("absent is not empty").
PRESENCE_FIELDS = tuple(f.name for f in CONTRACT_FIELDS if f.name != "follow_ups")


def combine(tables: list[SheetTable]) -> pd.DataFrame:
    """Return the raw rows of all contract tables in one frame, with the source location,
    the file-level municipality and a ``has__<field>`` flag per canonical field."""
    parts = []
    for i, table in enumerate(tables):
        part = table.frame.copy()
        part["file"] = table.file
        part["sheet"] = table.sheet
        part["table"] = i
        parts.append(part)
    raw = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    for name in (*PRESENCE_FIELDS, "follow_ups"):
        if name not in raw.columns:
            raw[name] = None
        flags = {i: name in t.fields for i, t in enumerate(tables)}
        raw["has__" + name] = raw["table"].map(flags).astype(bool) if len(raw) else False
    return raw


def parse(
    raw: pd.DataFrame,
    tables: list[SheetTable],
    log: IssueLog,
    pseudonymiser: Pseudonymiser,
    goal_placeholders: Iterable[str],
    as_of: dt.date,
) -> pd.DataFrame:
    """Return the canonical contracts frame parsed from ``raw`` (one row per input row),
    recording a data issue for every unreadable or missing value and every date after the
    audit date (which is ignored, SPEC §2)."""
    out = raw[[*LOCATION, "table"]].copy()
    out["row"] = out["row"].astype("int64")
    for name in (*PRESENCE_FIELDS, "follow_ups"):
        out["has__" + name] = raw["has__" + name]

    # Contract ids: a row without one is audited under <file>:<row> (SPEC §1.4).
    ids = pseudonymiser.scrub(values.text_or_none(raw["contract_id"]))
    no_id = ids.isna()
    log.add_rows("warning", "missing-contract-id", out[no_id], "contract_id")
    file_names = {f: PurePath(f).name for f in out["file"].unique()}
    generated = out["file"].map(file_names) + ":" + out["row"].astype(str)
    out["contract_id"] = ids.where(~no_id, generated).astype(object)
    out["contract_id_generated"] = no_id

    _municipality(out, raw, tables, log, pseudonymiser)

    out["person"] = pseudonymiser.pseudonymise(raw["person_id"])

    for name in DATE_FIELDS:
        dates, bad = parse_dates(raw[name])
        log.add_rows("warning", "unreadable-date", out[bad], name, raw[name])
        dates, early = drop_before_law(dates, out, name, raw[name], log)
        out[name] = drop_after_as_of(dates, as_of, out, name, raw[name], log)
        out[name + "__bad"] = bad | early
    _derive_signed_date(out)

    placeholders = tuple(goal_placeholders)
    for name in ("employment_goal", "education_goal", "coordinating_unit"):
        out[name] = pseudonymiser.scrub(values.clean_text(raw[name], placeholders))

    situation, bad = values.parse_situation(raw["situation"])
    out["situation"] = situation
    out["situation__bad"] = bad
    log.add_rows("warning", "unknown-situation", out[bad], "situation", raw["situation"])
    return out


def drop_after_as_of(
    dates: pd.Series,
    as_of: dt.date,
    rows: pd.DataFrame,
    column: str | pd.Series,
    raw: pd.Series,
    log: IssueLog,
) -> pd.Series:
    """Return ``dates`` with those after the audit date blanked, each with a warning naming
    the raw cell; ``rows`` holds the location (file, sheet, row) on the same index and
    ``column`` the column name, or per row the column the date came from."""
    late = dates > pd.Timestamp(as_of)
    if not late.any():
        return dates
    if isinstance(column, str):
        log.add_rows(
            "warning", "date-after-as-of", rows[late], column, raw, as_of=as_of.isoformat()
        )
    else:
        for col in column[late].unique():
            mask = late & column.eq(col)
            log.add_rows(
                "warning", "date-after-as-of", rows[mask], col, raw, as_of=as_of.isoformat()
            )
    return dates.mask(late)


def drop_before_law(
    dates: pd.Series,
    rows: pd.DataFrame,
    column: str | pd.Series,
    raw: pd.Series,
    log: IssueLog,
) -> tuple[pd.Series, pd.Series]:
    """Return ``dates`` with those before EARLIEST_DATE blanked, each with a warning naming
    the raw cell, and True per date blanked; ``rows`` and ``column`` as in drop_after_as_of."""
    early = dates < EARLIEST_DATE
    if not early.any():
        return dates, early
    if isinstance(column, str):
        log.add_rows("warning", "date-before-law", rows[early], column, raw)
    else:
        for col in column[early].unique():
            log.add_rows("warning", "date-before-law", rows[early & column.eq(col)], col, raw)
    return dates.mask(early), early


def _municipality(
    out: pd.DataFrame,
    raw: pd.DataFrame,
    tables: list[SheetTable],
    log: IssueLog,
    pseudonymiser: Pseudonymiser,
) -> None:
    """Set code, name and region per row: from the cell, else from the file (SPEC §1.1)."""
    norm = municipalities.normalise(raw["municipality"])
    file_level = pd.DataFrame(
        [
            (m.code, m.name, m.region_code, m.region_name)
            if (m := t.municipality)
            else (None, None, None, None)
            for t in tables
        ],
        columns=["code", "name", "region_code", "region_name"],
        dtype=object,
    )
    from_file = file_level.reindex(raw["table"].to_numpy()).set_index(raw.index)
    written = norm["written"].notna()
    unknown = written & ~norm["known"].astype(bool)
    for column, target in (
        ("code", "municipality_code"),
        ("region_code", "region_code"),
        ("region_name", "region_name"),
    ):
        out[target] = norm[column].where(written, from_file[column]).astype(object)
    written_names = pseudonymiser.scrub(norm["written"])
    name = norm["name"].where(~unknown, written_names).where(written, from_file["name"])
    out["municipality"] = name.astype(object)
    # Unknown names: one issue per distinct value and sheet, at its first row.
    if unknown.any():
        firsts = (
            out.loc[unknown, LOCATION]
            .assign(value=written_names[unknown], n=1)
            .groupby(["file", "sheet", "value"], sort=False, as_index=False)
            .agg(row=("row", "min"), n=("n", "sum"))
        )
        for rec in firsts.itertuples():
            meant = municipalities.suggest(rec.value)
            hint = {"suggested_name": meant.name, "suggested_code": meant.code} if meant else {}
            log.add(
                "warning",
                "unknown-municipality",
                rec.file,
                rec.sheet,
                rec.row,
                "municipality",
                rec.value,
                rows=rec.n,
                **hint,
            )
    log.add_rows("warning", "missing-municipality", out[name.isna()], "municipality")


def _derive_signed_date(out: pd.DataFrame) -> None:
    """Fill ``signed_date`` from the two signatures where it is empty: the later of the two,
    and only when both have signed (a contract is entered when both have signed)."""
    citizen, council = out["signed_citizen_date"], out["signed_municipality_date"]
    both = citizen.notna() & council.notna()
    derived = citizen.where(citizen >= council, council).where(both)
    derived_bad = out["signed_citizen_date__bad"] | out["signed_municipality_date__bad"]
    use = out["signed_date"].isna() & ~out["signed_date__bad"]
    out["signed_date"] = out["signed_date"].where(~use, derived)
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
