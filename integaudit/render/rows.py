"""Per-contract rows in report order, shared by the renderers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from integaudit.audit.aggregate import group_keys
from integaudit.model import Audit, Status
from integaudit.municipalities import is_code


def contract_order(audit: Audit) -> pd.Index:
    """Return the contracts' uids in report order: by municipality code (unknown last), then
    as they were read (file, row)."""
    contracts = audit.extract.contracts
    key = group_keys(contracts, "municipality")["key"]
    # A few distinct keys over many contracts: each is read as a number once.
    codes, uniques = pd.factorize(key)
    keys = pd.Series(uniques, dtype=object)
    coded = keys.where(keys.map(is_code).astype(bool))
    numeric = pd.to_numeric(coded, errors="coerce").to_numpy()[codes]
    order = pd.DataFrame(
        {
            "known": np.isnan(numeric).astype(int),
            "code": np.nan_to_num(numeric, nan=0.0),
            "name": key,
            "file": contracts["file"],
            "row": contracts["row"],
        },
        index=contracts.index,
    )
    return order.sort_values(["known", "code", "name", "file", "row"], kind="stable").index


# The rule whose findings carry the contract's follow-up dates and the date one was due.
FOLLOW_UP_RULE = "missed-follow-up"


def follow_up_dates(audit: Audit, uids: pd.Series) -> list[list[str]]:
    """Return, for each contract uid in ``uids``, its distinct follow-up dates on record as
    YYYY-MM-DD texts in date order (an empty list when it has none)."""
    dated = audit.extract.follow_ups[["uid", "follow_up_date"]].dropna()
    dated = dated[dated["uid"].isin(set(uids))].drop_duplicates()
    dated = dated.sort_values(["uid", "follow_up_date"], kind="stable")
    if dated.empty:
        return [[] for _ in uids]
    texts = dated["follow_up_date"].dt.strftime("%Y-%m-%d").tolist()
    # Each uid's dates are one run of the sorted rows: cut the list at the runs' starts.
    owner = dated["uid"].to_numpy()
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    ends = [*starts[1:].tolist(), len(owner)]
    by_uid = {
        uid: texts[start:end]
        for uid, start, end in zip(owner[starts].tolist(), starts.tolist(), ends, strict=True)
    }
    return [list(by_uid.get(uid, ())) for uid in uids]


def findings(audit: Audit) -> pd.DataFrame:
    """Return one row per failing contract and rule, in report order, with contract_id,
    municipality_code, municipality, person, the two goal texts, rule, the detail kind and
    its parameters (render.details.detail_texts puts them in words), due (the date the missed
    step was due, NaT when the rule does not say), follow_ups (for missed-follow-up the
    contract's follow-up dates as YYYY-MM-DD texts, else None) and the source location."""
    contracts = audit.extract.contracts
    failing = audit.statuses[audit.statuses["status"] == Status.FAIL.value]
    rank = pd.Series(range(len(contracts)), index=contract_order(audit))
    columns = [
        "contract_id",
        "municipality_code",
        "municipality",
        "person",
        "employment_goal",
        "education_goal",
        "responsibility_date",
        "signed_date",
        "file",
        "sheet",
    ]
    frame = failing.join(contracts[[*columns, "row"]], on="uid")
    frame["_rank"] = frame["uid"].map(rank)
    rule_rank = {rule: i for i, rule in enumerate(audit.rule_ids)}
    frame["_rule"] = frame["rule"].map(rule_rank)
    frame = frame.sort_values(["_rank", "_rule"], kind="stable").drop(columns=["_rank", "_rule"])
    follow_up = frame["rule"].eq(FOLLOW_UP_RULE)
    dates = iter(follow_up_dates(audit, frame.loc[follow_up, "uid"]))
    listed: list[list[str] | None] = [next(dates) if is_rule else None for is_rule in follow_up]
    frame["follow_ups"] = pd.Series(listed, index=frame.index, dtype=object)
    return frame


def status_table(audit: Audit) -> pd.DataFrame:
    """Return one row per contract in report order with contract_id, municipality_code and
    one status column per rule."""
    wide = _wide(audit.statuses, audit.rule_ids)
    contracts = audit.extract.contracts[["contract_id", "municipality_code"]]
    table = contracts.join(wide.reindex(columns=audit.rule_ids))
    return table.loc[contract_order(audit)]


def _wide(statuses: pd.DataFrame, rule_ids: list[str]) -> pd.DataFrame:
    """Return the statuses as one row per contract uid (ascending) and one column per rule.
    The statuses frame has a row per contract and rule, by uid and then in ruleset order, so
    its status column is the table read row by row; a frame of any other shape is pivoted."""
    count = len(rule_ids)
    uid = statuses["uid"].to_numpy()
    if count and len(statuses) % count == 0:
        uids = uid[::count]
        shaped = (
            (uid.reshape(-1, count) == uids[:, None]).all()
            and (np.diff(uids) > 0).all()
            and (statuses["rule"].to_numpy(dtype=object).reshape(-1, count) == rule_ids).all()
        )
        if shaped:
            table = statuses["status"].to_numpy().reshape(-1, count)
            wide = pd.DataFrame(table, index=pd.Index(uids, name="uid"), columns=rule_ids)
            return wide.rename_axis(columns="rule")
    return statuses.pivot(index="uid", columns="rule", values="status")
