"""Statuses → counts, rates and Wilson intervals per group and in total (SPEC §3)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any, cast

import numpy as np
import pandas as pd

from integaudit import municipalities
from integaudit.figures import AnyFail, Baseline, Group, RuleStats, Total
from integaudit.intervals import wilson_interval
from integaudit.model import Status

SMALL_GROUP = 5
GROUP_BY = ("municipality", "region", "none")
UNKNOWN_KEY = "?"
_COUNT_KEYS = {
    Status.PASS.value: "pass",
    Status.FAIL.value: "fail",
    Status.NOT_APPLICABLE.value: "not_applicable",
    Status.NOT_ASSESSED.value: "not_assessed",
}


def group_keys(contracts: pd.DataFrame, group_by: str) -> pd.DataFrame:
    """Return per contract the group ``key`` and ``name``: the municipality code and name (the
    name as written for an unknown municipality), or the region code and name."""
    if group_by == "region":
        key = contracts["region_code"].fillna(UNKNOWN_KEY)
        name = contracts["region_name"].where(contracts["region_code"].notna(), None)
    else:
        key = contracts["municipality_code"].fillna(contracts["municipality"]).fillna(UNKNOWN_KEY)
        name = contracts["municipality"]
    return pd.DataFrame({"key": key.astype(str), "name": name.astype(object)})


def group_sort_key(key: str) -> tuple[int, int, str]:
    return municipalities.code_order(key)


def _rule_block(counts: pd.DataFrame) -> pd.DataFrame:
    """Return counts with rate and Wilson interval columns added."""
    assessed = counts["pass"] + counts["fail"]
    low, high = wilson_interval(counts["fail"].to_numpy(), assessed.to_numpy())
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(assessed > 0, counts["fail"] / assessed, np.nan)
    return counts.assign(rate=rate, low=low, high=high)


def _rounded(value: float) -> float | None:
    return None if pd.isna(value) else round(float(value), 4)


def _rule_dict(row: Mapping[Hashable, Any]) -> RuleStats:
    assessed = int(row["pass"]) + int(row["fail"])
    not_assessed = int(row["not_assessed"])
    return {
        "pass": int(row["pass"]),
        "fail": int(row["fail"]),
        "not_applicable": int(row["not_applicable"]),
        "not_assessed": not_assessed,
        "rate": _rounded(row["rate"]),
        "ci95": None if pd.isna(row["rate"]) else [_rounded(row["low"]), _rounded(row["high"])],
        # Assessed over assessed + not assessed: a not-applicable contract is not one the
        # rule failed to assess. 0 means it assessed none it concerned; None, it concerned none.
        "coverage": round(assessed / (assessed + not_assessed), 4)
        if assessed + not_assessed
        else None,
    }


def _any_fail_dict(fail: int, assessed: int, rules: dict[str, RuleStats]) -> AnyFail:
    return {
        "fail": int(fail),
        "assessed": int(assessed),
        "rate": round(fail / assessed, 4) if assessed else None,
        # Over how many rules: those assessed for at least one contract, of all.
        "rules_assessed": sum(1 for r in rules.values() if r["pass"] + r["fail"] > 0),
        "rules": len(rules),
    }


def reason_counts(statuses: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Return, per rule with not-assessed contracts, their number per reason, most common
    first (ties by reason)."""
    block = statuses[statuses["status"].eq(Status.NOT_ASSESSED.value)]
    reason = block["reason"] if "reason" in block else pd.Series(None, index=block.index)
    pairs = pd.DataFrame({"rule": block["rule"], "reason": reason.astype(object).fillna("other")})
    out: dict[str, dict[str, int]] = {}
    counts = cast("dict[tuple[str, str], int]", pairs.value_counts().to_dict())
    for (rule, why), n in sorted(counts.items(), key=lambda c: (-c[1], c[0][1])):
        out.setdefault(rule, {})[why] = int(n)
    return out


def aggregate(
    contracts: pd.DataFrame, statuses: pd.DataFrame, rule_ids: list[str], group_by: str
) -> tuple[Total, list[Group]]:
    """Return (total, groups): per rule the counts of each status, the rate fail/(pass+fail)
    with its 95 % Wilson interval, and any-fail; groups sorted by code, marked ``small`` when
    fewer than 5 contracts were assessed on any rule. ``group_by`` none gives no groups."""
    keys = group_keys(contracts, group_by)
    long = statuses.join(keys["key"], on="uid")
    long["count_key"] = long["status"].map(_COUNT_KEYS)
    table = long.groupby(["key", "rule", "count_key"]).size().unstack("count_key", fill_value=0)
    table = table.reindex(columns=list(_COUNT_KEYS.values()), fill_value=0)
    totals = table.groupby(level="rule").sum()
    per_contract = (
        long.assign(
            failed=long["status"].eq(Status.FAIL.value),
            assessed=long["status"].isin([Status.PASS.value, Status.FAIL.value]),
        )
        .groupby("uid")[["failed", "assessed"]]
        .any()
    )
    per_contract["key"] = keys["key"].reindex(per_contract.index)

    nothing: dict[Hashable, Any] = {key: 0 for key in _COUNT_KEYS.values()}
    nothing.update(rate=np.nan, low=np.nan, high=np.nan)

    def rules_for(counts: pd.DataFrame) -> dict[str, RuleStats]:
        rows = _rule_block(counts).to_dict("index")
        return {rule: _rule_dict(rows.get(rule, nothing)) for rule in rule_ids}

    total_rules = rules_for(totals)
    reasons = reason_counts(statuses)
    for rule in rule_ids:
        total_rules[rule]["not_assessed_reasons"] = reasons.get(rule, {})
    total: Total = {
        "contracts": len(contracts),
        "rules": total_rules,
        "any_fail": _any_fail_dict(
            int(per_contract["failed"].sum()), int(per_contract["assessed"].sum()), total_rules
        ),
    }
    if group_by == "none" or contracts.empty:
        return total, []
    names = keys.drop_duplicates("key").set_index("key")["name"]
    sizes = keys["key"].value_counts()
    any_by_key = per_contract.groupby("key")[["failed", "assessed"]].sum()
    per_group = _rule_block(table).to_dict("index")
    groups: list[Group] = []
    for key in sorted(sizes.index, key=group_sort_key):
        failed, assessed = any_by_key.loc[key] if key in any_by_key.index else (0, 0)
        group_rules = {rule: _rule_dict(per_group.get((key, rule), nothing)) for rule in rule_ids}
        groups.append(
            {
                "key": key,
                "name": names.get(key),
                "contracts": int(sizes[key]),
                "small": bool(assessed < SMALL_GROUP),
                "rules": group_rules,
                "any_fail": _any_fail_dict(failed, assessed, group_rules),
            }
        )
    return total, groups


def baseline(total: Total, rates: dict[str, float], contracts: int) -> Baseline:
    """Return the comparison of the national ``total`` with a reference's ``rates``."""
    difference: dict[str, float | None] = {}
    for rule, stats in total["rules"].items():
        base = rates.get(rule)
        rate = stats["rate"]
        difference[rule] = None if base is None or rate is None else (rate - base) * 100
    return Baseline(rates, contracts, difference)
