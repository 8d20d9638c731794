"""Contracts read more than once: identical copies collapsed into the first (SPEC §1.4), and
rows with the same contract id in one municipality but other contents merged into one
contract, the fields they disagree on marked (``conflict__<field>``) so that the rules that
need such a field are not assessed (issue 19 §5)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integaudit.ingest import contracts as contract_frame
from integaudit.ingest.contracts import GOAL_FIELDS
from integaudit.issues import IssueKind, IssueLog, located
from integaudit.model import DATE_FIELDS

# The fields two rows of one contract are compared on: (field, its column, the column that
# says whether the row's sheet has the field, the column of its unreadable flag or None).
COMPARED: tuple[tuple[str, str, str, str | None], ...] = (
    *((f, f, f"has__{f}", f"{f}__bad") for f in DATE_FIELDS),
    *((f, f, f"has__{f}", None) for f in GOAL_FIELDS),
    ("situation", "situation", "has__situation", "situation__bad"),
    ("person_id", "person", "has__person_id", None),
)
CONFLICT_PREFIX = "conflict__"


def collapse(
    contracts: pd.DataFrame, row_fus: pd.DataFrame, log: IssueLog
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the contracts with every copy of a contract folded into its first row,
    re-indexed 0..n-1 as ``uid``, and the in-row follow-ups re-keyed to match: identical
    copies (a warning each), then rows with the same id in one municipality (one contract:
    its fields taken from the first row whose sheet has them, a ``conflict__<field>`` column
    True where they disagree, and a data issue per later row naming the first)."""
    first = _identical(contracts, row_fus, log)
    mkey = contracts["municipality_code"].fillna(contracts["municipality"]).fillna("")
    original = first == contracts.index
    ids = contracts["contract_id"].where(~contracts["contract_id_generated"], None)
    same = pd.DataFrame({"mkey": mkey, "id": ids})[original.to_numpy()]
    clash = same["id"].notna() & same.duplicated(keep=False)
    merged = None
    if clash.any():
        rows = same[clash]
        group_first = rows.index.to_series().groupby([rows["mkey"], rows["id"]]).transform("first")
        contracts = contracts.copy()
        conflicts = _merge(contracts, row_fus, group_first)
        _log(contracts, group_first, conflicts, log)
        first[group_first.index] = group_first.to_numpy()
        merged = group_first
        # An identical copy of a later row belongs to the first row of that row's group.
        first = pd.Series(first.reindex(first.to_numpy()).to_numpy(), index=first.index)
    drop = first != contracts.index
    if not drop.any():
        return contracts.reset_index(drop=True).drop(columns="table"), row_fus
    kept = contracts[~drop.to_numpy()]
    if merged is not None:
        # A follow-up of a row merged into a contract belongs to it; the same date twice once.
        moved = row_fus["raw_index"].isin(merged.index)
        if moved.any():
            into = row_fus[moved].assign(
                raw_index=merged.reindex(row_fus.loc[moved, "raw_index"]).to_numpy()
            )
            into = into.drop_duplicates(["raw_index", "follow_up_date", "column", "not_held"])
            row_fus = pd.concat([row_fus[~moved], into]).sort_index(kind="stable")
    # An identical copy's follow-ups are those of the contract it copies: they go with it.
    row_fus = row_fus[row_fus["raw_index"].isin(kept.index)].copy()
    # The kept contracts are numbered 0..n-1 in order: a follow-up's new number is the
    # position of its contract's old one among them.
    row_fus["raw_index"] = np.searchsorted(kept.index.to_numpy(), row_fus["raw_index"])
    return kept.reset_index(drop=True).drop(columns="table"), row_fus


def _identical(contracts: pd.DataFrame, row_fus: pd.DataFrame, log: IssueLog) -> pd.Series:
    """Return per contract row the row it is an identical copy of (itself when none),
    recording a warning for each copy."""
    # Identical copies share their contract id (or both lack one): only contracts whose id
    # is not unique need their content compared.
    ids = contracts["contract_id"].where(~contracts["contract_id_generated"], None)
    shared = contracts[ids.duplicated(keep=False).to_numpy()]
    own_follow_ups = row_fus[row_fus["raw_index"].isin(shared.index)]
    key = contract_frame.content_key(shared, own_follow_ups).to_numpy()
    firsts = pd.Series(shared.index, index=shared.index).groupby(key).transform("first")
    first = pd.Series(contracts.index, index=contracts.index)
    first[shared.index] = firsts.to_numpy()
    dup = first != contracts.index
    if dup.any():
        original = contracts.loc[first[dup], ["file", "row"]].set_axis(first[dup].index)
        for rec, orig in zip(
            located(contracts.loc[dup, ["file", "sheet", "row", "contract_id"]]),
            original.itertuples(),
            strict=True,
        ):
            log.add(
                "warning",
                IssueKind.DUPLICATE_CONTRACT,
                rec.file,
                rec.sheet,
                rec.row,
                "contract_id",
                rec.contract_id,
                first_file=orig.file,
                first_row=orig.row,
            )
    return first


def _merge(
    contracts: pd.DataFrame, row_fus: pd.DataFrame, group_first: pd.Series
) -> dict[int, list[str]]:
    """Fold the rows of each group (``group_first``: row → the group's first row) into its
    first row: each field from the first row whose sheet has it; return per group the fields
    its rows disagree on, and set ``conflict__<field>`` on its first row."""
    conflicts: dict[int, list[str]] = {}
    rows = contracts.loc[group_first.index]
    for name, column, has, bad in COMPARED:
        present = rows[has].astype(bool).to_numpy()
        sub = rows[present]
        if sub.empty:
            continue
        groups = group_first[present].to_numpy()
        values = sub[[column, *([bad] if bad else [])]]
        key = pd.util.hash_pandas_object(values, index=False).to_numpy()
        differ = pd.Series(key).groupby(groups).nunique()
        for group in differ.index[differ.to_numpy() > 1]:
            conflicts.setdefault(int(group), []).append(name)
        source = pd.Series(sub.index, index=groups).groupby(level=0).first()
        moved = source[source.index != source.to_numpy()]
        taken = [c for c in (column, bad, has) if c]
        contracts.loc[moved.index, taken] = contracts.loc[moved.to_numpy(), taken].to_numpy()
    for group in _follow_ups_differ(contracts, row_fus, group_first):
        conflicts.setdefault(group, []).append("follow_ups")
    for group, names in conflicts.items():
        for name in names:
            column = CONFLICT_PREFIX + name
            if column not in contracts.columns:
                contracts[column] = False
            contracts.loc[group, column] = True
    return conflicts


def _follow_ups_differ(
    contracts: pd.DataFrame, row_fus: pd.DataFrame, group_first: pd.Series
) -> list[int]:
    """Return the groups whose rows, among those with follow-up columns of their own, hold
    other follow-up dates."""
    has = contracts.loc[group_first.index, "has__follow_ups"].astype(bool).to_numpy()
    rows = group_first[has]
    if rows.empty:
        return []
    own = row_fus[row_fus["raw_index"].isin(rows.index)]
    dates = own.drop_duplicates(["raw_index", "follow_up_date", "not_held"])
    h = pd.util.hash_pandas_object(dates[["follow_up_date", "not_held"]], index=False)
    per_row = pd.Series(h.to_numpy(), index=dates["raw_index"].to_numpy()).groupby(level=0).sum()
    key = per_row.reindex(rows.index, fill_value=0)
    differ = pd.Series(key.to_numpy()).groupby(rows.to_numpy()).nunique()
    return [int(g) for g in differ.index[differ.to_numpy() > 1]]


def _log(
    contracts: pd.DataFrame,
    group_first: pd.Series,
    conflicts: dict[int, list[str]],
    log: IssueLog,
) -> None:
    """Record, for each later row of a contract read more than once, that it is the same
    contract as its first row: an error naming the fields they disagree on, a warning when
    they only complete each other."""
    later = group_first[group_first.index != group_first.to_numpy()]
    where = contracts.loc[later.index, ["file", "sheet", "row", "contract_id"]]
    first = contracts.loc[later.to_numpy(), ["file", "row"]]
    for rec, (first_file, first_row), group in zip(
        located(where), first.itertuples(index=False), later.to_numpy(), strict=True
    ):
        fields = conflicts.get(int(group), [])
        log.add(
            "error" if fields else "warning",
            IssueKind.CONFLICTING_CONTRACT,
            rec.file,
            rec.sheet,
            rec.row,
            "contract_id",
            rec.contract_id,
            other_file=first_file,
            other_row=int(first_row),
            fields=", ".join(fields),
        )
