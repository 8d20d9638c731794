"""The one place rules are applied: extract → statuses → aggregated Audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from integaudit.audit.aggregate import aggregate
from integaudit.audit.aggregate import baseline as compare_with
from integaudit.audit.coverage import not_assessable_issues
from integaudit.ingest.duplicates import CONFLICT_PREFIX
from integaudit.issues import IssueKind
from integaudit.memory import give_back
from integaudit.model import Audit, Extract, Status, Suspension
from integaudit.rules.base import NEEDS, Rule, RuleContext
from integaudit.rules.details import DETAIL_COLUMNS, PART_SEPARATOR
from integaudit.rules.rulesets import BASELINE_CONTRACTS, get_ruleset

BASELINES = {"rr2014": "rr2014"}
STATUS_COLUMNS = ["uid", "rule", "status", *DETAIL_COLUMNS, "reason", "due"]


def evaluate(extract: Extract, rules: list[Rule], ctx: RuleContext) -> pd.DataFrame:
    """Return the long statuses frame: one row per contract and rule with columns uid, rule,
    status, the detail kind and its parameters (rules.details), reason (why a contract was not
    assessed) and due (the date a failing contract's missed step was due, NaT where the rule
    does not say), in contract order then rule order."""
    if not rules:
        return pd.DataFrame(columns=STATUS_COLUMNS)
    # The rules that read the follow-ups work the most (ten million of them at 2 000 000
    # contracts): they run first, while no other verdict is held. Rules have no side effects.
    verdicts: list[tuple[pd.DataFrame, dict[str, Any]]] = [(pd.DataFrame(), {})] * len(rules)
    for i in sorted(range(len(rules)), key=lambda i: "follow_ups" not in rules[i].needs):
        verdicts[i] = _lean(rules[i].evaluate(extract.contracts, extract.follow_ups, ctx))
    uids = np.concatenate([v.index.to_numpy(dtype=np.int64) for v, _ in verdicts])
    rule_order = np.repeat(np.arange(len(rules)), [len(v) for v, _ in verdicts])
    # The rows in contract order, then rule order: put together column by column, so the
    # whole frame is never copied to be sorted.
    order = np.lexsort((rule_order, uids))
    names = np.array([rule.id for rule in rules], dtype=object)
    columns: dict[str, Any] = {
        "uid": uids[order],
        "rule": pd.Series(names[rule_order[order]], dtype="str"),
    }
    for name in STATUS_COLUMNS[2:]:
        # Each verdict's column is let go once it is in the long one, so the verdicts and
        # the frame made of them are never held in full at once.
        parts = [
            v.pop(name) if name in v else _missing(v.index, empty[name]) for v, empty in verdicts
        ]
        column = pd.concat(parts, ignore_index=True)
        del parts
        columns[name] = column.take(order).reset_index(drop=True)
        del column
    # copy=False: the columns are new already; putting them into blocks would copy them all.
    return pd.DataFrame(columns, copy=False)


def _lean(verdict: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Return a rule's verdict without the columns in which it says nothing (most rules
    fill few of the detail columns), and the dtype of each column left out."""
    empty: dict[str, Any] = {}
    for name in STATUS_COLUMNS[2:]:
        column = verdict[name]
        if pd.api.types.is_object_dtype(column.dtype):
            if list(pd.unique(column.to_numpy())) == [None]:
                empty[name] = column.dtype
        elif column.isna().all():
            empty[name] = column.dtype
    return verdict.drop(columns=list(empty)), empty


def _missing(index: pd.Index, dtype: Any) -> pd.Series:
    """Return a column with nothing in it on ``index``: None for text, else the dtype's NA."""
    if pd.api.types.is_object_dtype(dtype):
        return pd.Series(np.full(len(index), None, dtype=object), index=index)
    return pd.Series(index=index, dtype=dtype)


def rule_fields(rule: Rule) -> list[str]:
    """Return the canonical fields a rule reads: those of its needs, and those it uses."""
    fields = [name for need in rule.needs for name in NEEDS.get(need, (need,))]
    if "situation" in rule.needs:
        # The benefit period of a follow-up or visitation counts from the takeover.
        fields.append("responsibility_date")
    return list(dict.fromkeys([*fields, *rule.uses]))


def not_assessed_on_conflict(
    statuses: pd.DataFrame, contracts: pd.DataFrame, rules: list[Rule]
) -> None:
    """Make a rule not assessed, with reason ``conflict:<field>``, for every contract read
    more than once whose rows disagree on a field the rule reads (ingest.duplicates): which
    row is right cannot be known. Rules whose fields agree keep their status."""
    marked = {
        c.removeprefix(CONFLICT_PREFIX) for c in contracts.columns if c.startswith(CONFLICT_PREFIX)
    }
    for rule in rules:
        fields = [f for f in rule_fields(rule) if f in marked]
        if not fields:
            continue
        reason = pd.Series(None, index=contracts.index, dtype=object)
        for name in reversed(fields):
            reason = reason.mask(contracts[CONFLICT_PREFIX + name].astype(bool), f"conflict:{name}")
        hit = (
            statuses["rule"].eq(rule.id).to_numpy()
            & statuses["uid"].isin(reason.index[reason.notna()]).to_numpy()
        )
        if not hit.any():
            continue
        statuses.loc[hit, "status"] = Status.NOT_ASSESSED.value
        statuses.loc[hit, "reason"] = reason.reindex(statuses.loc[hit, "uid"]).to_numpy()
        statuses.loc[hit, "detail"] = None
        for name in DETAIL_COLUMNS[1:]:
            statuses.loc[hit, name] = None
        statuses.loc[hit, "due"] = pd.NaT


FOLLOW_UP_RULE = "missed-follow-up"
# The detail parts name_not_held adds: one conversation not held, or one and more.
NOT_HELD_PARTS = ("follow-up.not-held", "follow-up.not-held-more")


def name_not_held(statuses: pd.DataFrame, extract: Extract) -> None:
    """Add to each missed-follow-up finding the first conversation of its contract, from its
    signing on, that its status says was not held and so did not count ("samtalen
    2021-01-10 er registreret som Aflyst og tæller ikke"), and how many more there were."""
    not_held = extract.not_held
    if not_held is None or not_held.empty:
        return
    signed = extract.contracts["signed_date"].reindex(not_held["uid"].to_numpy()).to_numpy()
    after = ~(not_held["follow_up_date"].to_numpy() < signed)
    firsts = (
        not_held[after]
        .sort_values(["uid", "follow_up_date"], kind="stable")
        .groupby("uid")
        .agg(date=("follow_up_date", "first"), status=("status", "first"), n=("uid", "size"))
    )
    found = statuses["rule"].eq(FOLLOW_UP_RULE) & statuses["status"].eq("fail")
    found &= statuses["uid"].isin(firsts.index)
    if not found.any():
        return
    chosen = firsts.reindex(statuses.loc[found, "uid"].to_numpy())
    more = chosen["n"].to_numpy() > 1
    part = np.where(more, NOT_HELD_PARTS[1], NOT_HELD_PARTS[0])
    before = statuses.loc[found, "detail"].to_numpy(dtype=object)
    statuses.loc[found, "detail"] = [
        p if b is None else f"{b}{PART_SEPARATOR}{p}" for b, p in zip(before, part, strict=True)
    ]
    statuses.loc[found, "detail_not_held_date"] = chosen["date"].to_numpy()
    statuses.loc[found, "detail_not_held_status"] = chosen["status"].to_numpy(dtype=object)
    statuses.loc[found, "detail_not_held_more"] = pd.array(chosen["n"].to_numpy() - 1, "Int64")


def run(
    extract: Extract,
    ruleset: str,
    as_of: dt.date,
    group_by: str = "municipality",
    suspensions: tuple[Suspension, ...] = (),
    baseline: str | None = None,
    pseudonyms_stable: bool = True,
    meta: dict[str, Any] | None = None,
) -> Audit:
    """Return the audit of ``extract`` under ``ruleset`` on ``as_of``, aggregated by
    ``group_by`` (municipality, region or none), with the baseline rates when ``baseline``
    names a ruleset whose rules carry them; ``pseudonyms_stable`` and ``meta`` (command line,
    config, suspensions, start time) are recorded for the audit trail."""
    rules = get_ruleset(ruleset)
    ctx = RuleContext(as_of=as_of, suspensions=suspensions)
    statuses = evaluate(extract, rules, ctx)
    give_back()
    not_assessed_on_conflict(statuses, extract.contracts, rules)
    name_not_held(statuses, extract)
    # A second run over the same extract replaces the warnings of the first.
    kept = [i for i in extract.issues if i.kind != IssueKind.RULE_NOT_ASSESSABLE]
    extract.issues = kept + not_assessable_issues(extract, statuses, rules, ruleset)
    total, groups = aggregate(extract.contracts, statuses, [rule.id for rule in rules], group_by)
    reference = None
    if baseline:
        rates = {r.id: r.baseline for r in get_ruleset(baseline) if r.baseline is not None}
        reference = compare_with(total, rates, BASELINE_CONTRACTS.get(baseline, 0))
    give_back()
    return Audit(
        ruleset=ruleset,
        as_of=as_of,
        group_by=group_by,
        rules=tuple(rules),
        extract=extract,
        statuses=statuses,
        total=total,
        groups=groups,
        baseline=reference,
        pseudonyms_stable=pseudonyms_stable,
        meta=meta or {},
    )
