"""What is due next: the deadlines still open at the audit date, from the rules' own code.

For each contract and each rule of the ruleset with a deadline (``Rule.deadline``), the next
step still open: *due* when its deadline falls within ``within_days`` of the audit date,
*overdue* when the deadline has passed, the step is still not taken and the rule fails on it.
Rules without a deadline list their failing contracts as *to fix*. The statuses are those of
``audit.run``, so ``due`` and ``check`` never disagree about a contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from integaudit import audit
from integaudit.aggregate import group_keys, group_sort_key
from integaudit.i18n import text
from integaudit.model import Audit, Extract, Status, Suspension
from integaudit.rules.base import RuleContext
from integaudit.rules.details import DETAIL_COLUMNS
from integaudit.rules.rulesets import get_ruleset

DEFAULT_WITHIN_DAYS = 30
SOON_DAYS = 7
STATES = ("overdue", "due", "to-fix")
ITEM_COLUMNS = [
    "uid",
    "contract_id",
    "municipality_code",
    "municipality",
    "person",
    "group_key",
    "group_name",
    "rule",
    "state",
    "deadline",
    "days",
    "need",
    "count",
    "of",
    "counts_from",
    *DETAIL_COLUMNS,
]


@dataclass
class DueList:
    """The work list: the audit it rests on, the horizon, the items and the group counts.

    ``items`` has one row per contract and rule that needs action (ITEM_COLUMNS): ``state``
    is ``overdue``, ``due`` or ``to-fix``; ``deadline`` the last day in time (NaT for to-fix);
    ``days`` the days left until it (negative when overdue; <NA> for to-fix); ``need``,
    ``count``, ``of`` and ``counts_from`` what is needed (see rules.base.deadlines).
    ``groups`` and ``total`` count the items per state: ``soon`` (due within 7 days),
    ``due``, ``overdue`` and ``to_fix``.
    """

    audit: Audit
    within_days: int
    items: pd.DataFrame
    groups: list[dict[str, Any]]
    total: dict[str, Any]


def run(
    extract: Extract,
    ruleset: str,
    as_of: dt.date,
    within_days: int = DEFAULT_WITHIN_DAYS,
    suspensions: tuple[Suspension, ...] = (),
    group_by: str = "municipality",
    pseudonyms_stable: bool = True,
    meta: dict[str, Any] | None = None,
) -> DueList:
    """Return the work list of ``extract`` under ``ruleset`` on ``as_of``: the items due
    within ``within_days`` days, overdue or to fix, sorted by deadline (to-fix last), and
    their counts by ``group_by`` (municipality, region or none); ``pseudonyms_stable`` and
    ``meta`` go to the audit trail as in ``check``."""
    result = audit.run(
        extract,
        ruleset,
        as_of,
        group_by=group_by,
        suspensions=suspensions,
        pseudonyms_stable=pseudonyms_stable,
        meta=meta,
    )
    ctx = RuleContext(as_of=as_of, suspensions=suspensions)
    contracts, follow_ups = extract.contracts, extract.follow_ups
    as_of_ts = ctx.as_of_ts
    frames = []
    for rule in get_ruleset(ruleset):
        verdict = result.statuses[result.statuses["rule"] == rule.id].set_index("uid")
        verdict = verdict.reindex(contracts.index)
        if rule.deadline is not None:
            steps = rule.deadline(contracts, follow_ups, ctx, verdict["status"])
            days = (steps["deadline"] - as_of_ts).dt.days
            state = pd.Series(None, index=contracts.index, dtype=object)
            state = state.mask(steps["deadline"].notna() & (days <= within_days), "due")
            state = state.mask(steps["overdue"], "overdue")
        else:
            steps = pd.DataFrame(index=contracts.index)
            days = pd.Series(pd.NA, index=contracts.index, dtype="Int64")
            state = pd.Series(None, index=contracts.index, dtype=object)
            state = state.mask(verdict["status"].eq(Status.FAIL.value), "to-fix")
        chosen = state.notna()
        if not chosen.any():
            continue
        frame = pd.DataFrame(
            {
                "uid": contracts.index[chosen],
                "rule": rule.id,
                "state": state[chosen],
                "deadline": steps.get("deadline", pd.Series(pd.NaT, index=contracts.index))[chosen],
                "days": days[chosen].astype("Int64"),
                "need": steps.get("need", pd.Series(None, index=contracts.index))[chosen],
                "count": steps.get("count", pd.Series(pd.NA, index=contracts.index))[chosen],
                "of": steps.get("of", pd.Series(pd.NA, index=contracts.index))[chosen],
                "counts_from": steps.get("counts_from", pd.Series(pd.NaT, index=contracts.index))[
                    chosen
                ],
                **{column: verdict[column][chosen] for column in DETAIL_COLUMNS},
            }
        )
        frames.append(frame)
    items = _with_contracts(frames, contracts, group_by, result.rule_ids)
    groups, total = _counts(items, contracts, group_by, within_days)
    return DueList(result, within_days, items, groups, total)


def _with_contracts(
    frames: list[pd.DataFrame], contracts: pd.DataFrame, group_by: str, rule_ids: list[str]
) -> pd.DataFrame:
    """Return the items with the contract's id, municipality, pseudonym and group, sorted by
    deadline (to-fix last), then group, contract id and rule order."""
    if not frames:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    items = pd.concat(frames, ignore_index=True)
    keys = group_keys(contracts, group_by)
    info = contracts[["contract_id", "municipality_code", "municipality", "person"]].join(
        keys.rename(columns={"key": "group_key", "name": "group_name"})
    )
    items = items.join(info, on="uid")
    items["deadline"] = pd.to_datetime(items["deadline"])
    items["counts_from"] = pd.to_datetime(items["counts_from"])
    order = {rule: i for i, rule in enumerate(rule_ids)}
    items["_rule"] = items["rule"].map(order)
    items["_group"] = items["group_key"].map(group_sort_key)
    items["_fix"] = items["deadline"].isna()
    items = items.sort_values(
        ["_fix", "deadline", "_group", "contract_id", "_rule"], kind="stable", na_position="last"
    )
    return items[ITEM_COLUMNS].reset_index(drop=True)


def _state_counts(items: pd.DataFrame) -> dict[str, int]:
    """Return the counts of ``items`` per state: soon (due within 7 days), due, overdue and
    to_fix."""
    due = items["state"].eq("due")
    return {
        "soon": int((due & (items["days"] <= SOON_DAYS)).sum()),
        "due": int(due.sum()),
        "overdue": int(items["state"].eq("overdue").sum()),
        "to_fix": int(items["state"].eq("to-fix").sum()),
    }


def _counts(
    items: pd.DataFrame, contracts: pd.DataFrame, group_by: str, within_days: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Return one count dict per group of the extract (key, name, contracts and the state
    counts; groups without items too), in group order, and the total's."""
    keys = group_keys(contracts, group_by)
    groups = []
    if group_by != "none":
        names = keys.groupby("key")["name"].first()
        sizes = keys.groupby("key").size()
        for key in sorted(sizes.index, key=group_sort_key):
            name = names.get(key)
            groups.append(
                {
                    "key": key,
                    "name": None if pd.isna(name) else name,
                    "contracts": int(sizes[key]),
                    **_state_counts(items[items["group_key"] == key]),
                }
            )
    total = {"contracts": len(contracts), **_state_counts(items)}
    return groups, total


def needed_text(item: Mapping[Hashable, Any] | pd.Series, lang: str, iso: bool = False) -> str:
    """Return what an item needs in ``lang``: the step and its deadline ("opfølgning senest
    15-07-2024", "mangler 2 af 4 opfølgninger senest 01-09-2024"; with ``iso`` the date as
    YYYY-MM-DD, as a workbook shows its dates), or for a to-fix item what to correct."""
    if item["state"] == "to-fix":
        return text(f"due.fix.{item['rule']}", lang)
    deadline = format_date(item["deadline"], "en" if iso else lang)
    if item["need"] == "follow-ups":
        return text(
            "due.need.follow-ups", lang, count=int(item["count"]), of=int(item["of"]), date=deadline
        )
    return text(f"due.need.{item['need']}", lang, date=deadline)


def format_date(value: Any, lang: str) -> str:
    """Return a date as Danish DD-MM-YYYY or English YYYY-MM-DD text ("" when missing)."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime("%d-%m-%Y" if lang == "da" else "%Y-%m-%d")
