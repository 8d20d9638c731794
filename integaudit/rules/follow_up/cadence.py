"""missed-follow-up's cadence: follow-up on the contract at least every N calendar months
(SPEC §2.1: 3 under rr2014; §2.2: 12 for a person in employment, education or IGU)."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import RuleContext
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.calendar import merge_windows
from integaudit.rules.details import Details
from integaudit.rules.verdicts import (
    Case,
    absent,
    deadlines,
    reasons,
    result,
    unreadable,
    verdicts,
)


def follow_up_window(contracts: pd.DataFrame, ctx: RuleContext) -> tuple[pd.Series, pd.Series]:
    """Return (start, end) of each contract's follow-up window: from signing to the earliest
    of goal met, end of contract and the audit date."""
    ends = contracts[["goal_met_date", "end_date"]].min(axis=1)
    as_of = ctx.as_of_ts
    end = ends.where(ends.notna() & (ends < as_of), as_of)
    return contracts["signed_date"], end.astype(contracts["signed_date"].dtype)


def window_cases(contracts: pd.DataFrame) -> list[Case]:
    """Return the cases in which the window cannot be known: no signing date column or no
    follow-up information at all in the contract's source, an unreadable signing date, or an
    unreadable window end. (An empty signing date is no such case: see ``not_entered``.)"""
    return [
        absent(contracts, "signed_date"),
        absent(contracts, "follow_ups"),
        unreadable(contracts, "signed_date"),
        unreadable(contracts, "goal_met_date"),
        unreadable(contracts, "end_date"),
    ]


def not_entered(contracts: pd.DataFrame) -> pd.Series:
    """Return True per contract that is not entered: its signing date is empty in a column
    that is present and readable. There is no contract to follow up on, whatever the
    follow-up columns hold; late-signing counts it (SPEC §2.1)."""
    known, _ = reasons(
        contracts.index,
        [absent(contracts, "signed_date"), unreadable(contracts, "signed_date")],
    )
    return ~known & contracts["signed_date"].isna()


def unreadable_follow_ups(contracts: pd.DataFrame) -> pd.Series:
    """Return per contract the number of its follow-ups whose date could not be read."""
    return contracts["follow_ups__unknown"].astype("int64")


def longest_gaps(
    start: pd.Series,
    end: pd.Series,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    months: int,
) -> pd.DataFrame:
    """Return, per contract in ``start``'s index, the longest gap in days between consecutive
    checkpoints (window start, each distinct follow-up inside the window, window end), whether
    any gap exceeds ``months`` calendar months (suspended days excluded), and the date the
    first missed follow-up was due."""
    windows = merge_windows(ctx.suspensions)
    bounds = pd.DataFrame({"start": start, "end": end})
    fu = follow_ups[["uid", "follow_up_date"]].merge(
        bounds, left_on="uid", right_index=True, how="inner"
    )
    inside = (fu["follow_up_date"] > fu["start"]) & (fu["follow_up_date"] < fu["end"])
    points = pd.concat(
        [
            pd.DataFrame({"uid": start.index, "date": start.to_numpy()}),
            fu.loc[inside, ["uid", "follow_up_date"]].rename(columns={"follow_up_date": "date"}),
            pd.DataFrame({"uid": end.index, "date": end.to_numpy()}),
        ],
        ignore_index=True,
    )
    points["date"] = points["date"].astype(start.dtype)
    points = points.drop_duplicates().sort_values(["uid", "date"], kind="stable")
    same = points["uid"].eq(points["uid"].shift())
    previous = points["date"].shift().where(same)
    gaps = pd.DataFrame({"uid": points["uid"], "previous": previous, "date": points["date"]})
    gaps = gaps[same].copy()
    gaps["due"] = deadline_after(gaps["previous"], windows, months=months)
    gaps["days"] = (gaps["date"] - gaps["previous"]).dt.days
    gaps["late"] = gaps["date"] > gaps["due"]
    per = gaps.groupby("uid").agg(longest=("days", "max"), missed=("late", "any"))
    first_missed = gaps[gaps["late"]].groupby("uid")["due"].first()
    per["first_due"] = first_missed.reindex(per.index)
    return per.reindex(start.index)


def missed_follow_up(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext, *, months: int
) -> pd.DataFrame:
    """Return fail when two consecutive checkpoints are more than ``months`` calendar months
    apart, pass when none are, not-applicable when the contract is not entered or the window
    is no longer than one interval, and not-assessed when the window or the follow-up
    information is unknown, or when a gap might be filled by a follow-up whose date could not
    be read (SPEC §2.1)."""
    start, end = follow_up_window(contracts, ctx)
    unentered = not_entered(contracts)
    unknown, reason = reasons(contracts.index, window_cases(contracts))
    unknown &= ~unentered
    first_due = deadline_after(start, merge_windows(ctx.suspensions), months=months)
    too_short = ~unentered & (end <= first_due)
    due = ~unknown & ~unentered & ~too_short
    gaps = longest_gaps(start[due], end[due], follow_ups, ctx, months)
    missed = gaps["missed"].reindex(contracts.index, fill_value=False).astype(bool)
    # A pass stands whatever the unreadable date was (an extra date only shortens gaps);
    # a fail does not: the unknown date may be the missing follow-up.
    undecided = missed & contracts["follow_ups__bad"].astype(bool)
    reason = reason.mask(undecided & ~unknown & ~too_short, "unreadable:follow_up_date")
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (unentered | too_short, Status.NOT_APPLICABLE),
            (undecided, Status.NOT_ASSESSED),
            (missed, Status.FAIL),
            (due, Status.PASS),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    passing = status.eq(Status.PASS.value)
    longest = gaps["longest"].reindex(contracts.index)
    missed_on = gaps["first_due"].reindex(contracts.index)
    details = Details(contracts.index)
    details.set(unentered & ~unknown, "follow-up.not-entered")
    details.set(passing, "follow-up.longest-gap", days=longest)
    details.set(failing, "follow-up.missed", days=longest, deadline=missed_on)
    return result(status, details, reason, due=missed_on.where(failing))


def window_open(contracts: pd.DataFrame) -> pd.Series:
    """Return True per contract whose follow-up window is still open at the audit date: no
    goal-met date and no end date (a later audit date would not close it sooner)."""
    return contracts["goal_met_date"].isna() & contracts["end_date"].isna()


def last_checkpoint(start: pd.Series, follow_ups: pd.DataFrame, ctx: RuleContext) -> pd.Series:
    """Return per contract in ``start``'s index the latest checkpoint up to the audit date:
    the window start, or the latest follow-up after it and no later than the audit date."""
    fu = follow_ups[["uid", "follow_up_date"]].merge(
        start.rename("start"), left_on="uid", right_index=True, how="inner"
    )
    date = fu["follow_up_date"]
    inside = (date > fu["start"]) & (date <= ctx.as_of_ts)
    latest = date[inside].groupby(fu.loc[inside, "uid"]).max().reindex(start.index)
    return latest.astype(start.dtype).where(latest.notna(), start)


def next_follow_up(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
    *,
    months: int,
) -> pd.DataFrame:
    """Return per contract whose window is still open the date of the next follow-up: the
    last checkpoint + ``months`` calendar months, suspension-adjusted; due while the rule does
    not fail, overdue when that date has passed (the rule fails on it). NaT for a contract
    already failing on an earlier gap, a closed window, an unreadable follow-up date (it might
    be the latest) or a not-assessed contract (see verdicts.deadlines). ``status`` is the
    rule's verdict when the caller has it (else missed_follow_up is run)."""
    if status is None:
        status = missed_follow_up(contracts, follow_ups, ctx, months=months)["status"]
    status = status.reindex(contracts.index)
    start, _ = follow_up_window(contracts, ctx)
    last = last_checkpoint(start, follow_ups, ctx)
    due = deadline_after(last, merge_windows(ctx.suspensions), months=months)
    open_ = window_open(contracts) & ~contracts["follow_ups__bad"].astype(bool)
    late = due < ctx.as_of_ts
    failing = status.eq(Status.FAIL.value)
    overdue = open_ & failing & late
    in_time = open_ & status.isin([Status.PASS.value, Status.NOT_APPLICABLE.value]) & ~late
    return deadlines(
        contracts.index,
        due.where(overdue | in_time),
        "follow-up",
        overdue,
        counts_from=last + pd.Timedelta(days=1),
    )
