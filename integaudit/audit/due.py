"""What is due next: the deadlines still open at the audit date, from the rules' own code.

For each contract and each rule of the ruleset with a deadline (``Rule.deadline``), the next
step still open: *due* when its deadline falls within ``within_days`` of the audit date,
*overdue* when the deadline has passed, the step is still not taken and the rule fails on it.
Rules without a deadline list their failing contracts as *to fix*. The statuses are those of
``audit.run``, so ``due`` and ``check`` never disagree about a contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from integaudit.audit import run as audit
from integaudit.audit.aggregate import group_keys, group_sort_key
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
    deadline (to-fix last), then group, contract id and rule order. ``frames`` is emptied."""
    if not frames:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    items = pd.concat(frames, ignore_index=True)
    frames.clear()
    keys = group_keys(contracts, group_by)
    info = {
        **{c: contracts[c] for c in ("contract_id", "municipality_code", "municipality", "person")},
        "group_key": keys["key"],
        "group_name": keys["name"],
    }
    where = contracts.index.get_indexer(pd.Index(items["uid"]))
    items["deadline"] = pd.to_datetime(items["deadline"])
    items["counts_from"] = pd.to_datetime(items["counts_from"])
    # The order is found on the sort keys alone, then each column is taken in it once: at
    # 2 000 000 contracts a copy of the items per step was the peak of `due`.
    group = info["group_key"].take(where)
    # Each group's place in the group order; keys that sort alike share it, as they compare.
    sort_keys = {key: group_sort_key(key) for key in set(group)}
    places = {value: i for i, value in enumerate(sorted(set(sort_keys.values())))}
    ranks = {key: places[value] for key, value in sort_keys.items()}
    order = (
        pd.DataFrame(
            {
                "_fix": items["deadline"].isna().to_numpy(),
                "deadline": items["deadline"].to_numpy(),
                "_group": group.map(ranks).to_numpy(),
                "contract_id": info["contract_id"].take(where).to_numpy(),
                "_rule": items["rule"].map({r: i for i, r in enumerate(rule_ids)}).to_numpy(),
            },
            copy=False,
        )
        .sort_values(
            ["_fix", "deadline", "_group", "contract_id", "_rule"],
            kind="stable",
            na_position="last",
        )
        .index.to_numpy()
    )
    taken = where[order]
    columns = {}
    for name in ITEM_COLUMNS:
        source, at = (info[name], taken) if name in info else (items.pop(name), order)
        columns[name] = source.take(at).reset_index(drop=True)
    return pd.DataFrame(columns, copy=False)


def _state_counts(items: pd.DataFrame, by: pd.Series | None = None) -> pd.DataFrame:
    """Return the counts of ``items`` per state, one row per value of ``by`` (one row, 0,
    without it): soon (due within 7 days), due, overdue and to_fix."""
    due = items["state"].eq("due")
    flags = pd.DataFrame(
        {
            "soon": due & (items["days"] <= SOON_DAYS).fillna(False),
            "due": due,
            "overdue": items["state"].eq("overdue"),
            "to_fix": items["state"].eq("to-fix"),
        }
    ).astype("int64")
    if by is None:
        return flags.sum().to_frame().T
    return flags.groupby(by.to_numpy(), sort=False).sum()


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
        per_group = _state_counts(items, items["group_key"]).reindex(sizes.index, fill_value=0)
        for key in sorted(sizes.index, key=group_sort_key):
            name = names.get(key)
            counts = per_group.loc[key]
            groups.append(
                {
                    "key": key,
                    "name": None if pd.isna(name) else name,
                    "contracts": int(sizes[key]),
                    **{state: int(counts[state]) for state in per_group.columns},
                }
            )
    counted = _state_counts(items).iloc[0].astype(int)
    total: dict[str, Any] = {"contracts": len(contracts)}
    total.update({str(state): int(n) for state, n in counted.items()})
    return groups, total


def per_distinct(frame: pd.DataFrame, func: Callable[[dict[Hashable, Any]], Any]) -> np.ndarray:
    """Return ``func(row)`` for every row of ``frame`` (a dict of its columns), called once
    per distinct row: the work list repeats few distinct steps over many items."""
    if frame.empty:
        return np.array([], dtype=object)
    groups = frame.groupby(list(frame.columns), dropna=False, sort=False).ngroup().to_numpy()
    _, first = np.unique(groups, return_index=True)
    values = np.empty(len(first), dtype=object)
    values[:] = [func(row) for row in frame.iloc[first].to_dict("records")]
    return values[groups]


def needed_texts(items: pd.DataFrame, lang: str, iso: bool = False) -> pd.Series:
    """Return what each item needs in ``lang`` (see :func:`needed_text`)."""
    columns = ["state", "rule", "need", "count", "of", "deadline"]
    texts = per_distinct(items[columns], lambda item: needed_text(item, lang, iso))
    return pd.Series(texts, index=items.index, dtype=object)


def format_dates(values: pd.Series, lang: str) -> pd.Series:
    """Return dates as Danish DD-MM-YYYY or English YYYY-MM-DD text ("" when missing)."""
    texts = per_distinct(
        values.rename("date").to_frame(), lambda row: format_date(row["date"], lang)
    )
    return pd.Series(texts, index=values.index, dtype=object)


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
