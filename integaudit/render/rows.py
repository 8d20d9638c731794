"""Per-contract rows in report order, shared by the renderers."""

from __future__ import annotations

import pandas as pd

from integaudit.aggregate import group_keys
from integaudit.model import Audit, Status


def contract_order(audit: Audit) -> pd.Index:
    """Return the contracts' uids in report order: by municipality code (unknown last), then
    as they were read (file, row)."""
    contracts = audit.extract.contracts
    key = group_keys(contracts, "municipality")["key"]
    numeric = pd.to_numeric(key.where(key.str.isdigit()), errors="coerce")
    order = pd.DataFrame(
        {
            "known": numeric.isna().astype(int),
            "code": numeric.fillna(0),
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
    texts = dated["follow_up_date"].dt.strftime("%Y-%m-%d")
    by_uid = texts.groupby(dated["uid"]).agg(list).to_dict()
    return [list(by_uid.get(uid, [])) for uid in uids]


def findings(audit: Audit) -> pd.DataFrame:
    """Return one row per failing contract and rule, in report order, with contract_id,
    municipality_code, municipality, person, the two goal texts, rule, the detail kind and
    its parameters (i18n.details.detail_texts puts them in words), due (the date the missed
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
    frame["follow_ups"] = [next(dates) if is_rule else None for is_rule in follow_up]
    return frame


def status_table(audit: Audit) -> pd.DataFrame:
    """Return one row per contract in report order with contract_id, municipality_code and
    one status column per rule."""
    wide = audit.statuses.pivot(index="uid", columns="rule", values="status")
    contracts = audit.extract.contracts[["contract_id", "municipality_code"]]
    table = contracts.join(wide.reindex(columns=audit.rule_ids))
    return table.loc[contract_order(audit)]
