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


def findings(audit: Audit) -> pd.DataFrame:
    """Return one row per failing contract and rule, in report order, with contract_id,
    municipality_code, municipality, person, the two goal texts, rule, detail_en, detail_da and
    the source location."""
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
    return frame.sort_values(["_rank", "_rule"], kind="stable").drop(columns=["_rank", "_rule"])


def status_table(audit: Audit) -> pd.DataFrame:
    """Return one row per contract in report order with contract_id, municipality_code and
    one status column per rule."""
    wide = audit.statuses.pivot(index="uid", columns="rule", values="status")
    contracts = audit.extract.contracts[["contract_id", "municipality_code"]]
    table = contracts.join(wide.reindex(columns=audit.rule_ids))
    return table.loc[contract_order(audit)]
