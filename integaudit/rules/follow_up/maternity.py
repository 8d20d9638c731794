"""The two follow-ups of a person on maternity leave under bek2020 (SPEC §2.2): integrationsloven
§ 20, stk. 1, "… først finde sted 6 måneder efter barnets fødsel og derefter i forbindelse med
den lovlige fraværsperiodes udløb"."""

from __future__ import annotations

import pandas as pd

from integaudit.rules.base import RuleContext
from integaudit.rules.calendar import ONE_DAY, add_period, merge_windows
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.details import Details
from integaudit.rules.verdicts import reasons, unreadable

BIRTH_MONTHS = 6
# "i forbindelse med den lovlige fraværsperiodes udløb": within one calendar month either side.
LEAVE_MONTHS = 1


def _later(a: pd.Series, b: pd.Series) -> pd.Series:
    """Return the later of two dates per row (NaT where either is NaT)."""
    return a.where(a >= b, b).where(a.notna() & b.notna())


def _earlier(a: pd.Series, b: pd.Series) -> pd.Series:
    """Return the earlier of two dates per row (NaT where either is NaT)."""
    return a.where(a <= b, b).where(a.notna() & b.notna())


def _counts(
    follow_ups: pd.DataFrame, bounds: pd.DataFrame, index: pd.Index
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Return per contract the distinct follow-up dates inside its window (``start`` to
    ``end``) that fall in range (1) (``birth``, ``first_due``], in range (2) [``second_from``,
    ``second_due``], and in both."""
    fu = follow_ups[["uid", "follow_up_date"]].drop_duplicates()
    fu = fu.merge(bounds, left_on="uid", right_index=True, how="inner")
    date = fu["follow_up_date"]
    inside = (date >= fu["start"]) & (date <= fu["end"])
    first = inside & (date > fu["birth"]) & (date <= fu["first_due"])
    second = inside & (date >= fu["second_from"]) & (date <= fu["second_due"])
    counts = pd.DataFrame({"first": first, "second": second, "both": first & second})
    counts = counts.groupby(fu["uid"]).sum().reindex(index, fill_value=0)
    return counts["first"], counts["second"], counts["both"]


def maternity_parts(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    start: pd.Series,
    end: pd.Series,
) -> pd.DataFrame:
    """Return per contract the maternity verdict's parts: follow-up (1) after the birth and by
    birth + 6 months, follow-up (2) within one month either side of the leave's end when it is
    known. Each is *owed* when its deadline falls after the window start (signing): one whose
    deadline falls on or before it is not due, since no follow-up on the contract could have
    met it. The two are distinct follow-ups: a date in both ranges counts for one of them,
    the one due first, unless another date holds that one. An owed follow-up is *held*,
    *missed* (not held and the window runs past its deadline) or open; ``could_hold`` tells
    whether a date inside the window could still hold an owed one."""
    windows = merge_windows(ctx.suspensions)
    birth, leave = contracts["child_birth_date"], contracts["leave_end_date"]
    first_due = deadline_after(birth, windows, months=BIRTH_MONTHS)
    leave_known = leave.notna()
    second_from = add_period(leave, months=-LEAVE_MONTHS)
    second_due = deadline_after(leave, windows, months=LEAVE_MONTHS).where(leave_known)
    first_owed = first_due > start
    second_owed = leave_known & (second_due > start)
    bounds = pd.DataFrame(
        {
            "birth": birth,
            "first_due": first_due.where(first_owed),
            "second_from": second_from,
            "second_due": second_due.where(second_owed),
            "start": start,
            "end": end,
        }
    )
    in_first, in_second, in_both = _counts(follow_ups, bounds, contracts.index)
    # One date in both ranges and no other in either: it holds the follow-up due first.
    shared_only = (in_first > 0) & (in_second > 0) & (in_first + in_second - in_both < 2)
    second_first = second_due < first_due
    first_held = (in_first > 0) & ~(shared_only & second_first)
    second_held = (in_second > 0) & ~(shared_only & ~second_first)
    could_first = first_owed & (_later(birth + ONE_DAY, start) <= _earlier(first_due, end))
    could_second = second_owed & (_later(second_from, start) <= _earlier(second_due, end))
    unknown, reason = reasons(
        contracts.index,
        [
            unreadable(contracts, "child_birth_date"),
            (birth.isna(), "empty:child_birth_date"),
            unreadable(contracts, "leave_end_date"),
        ],
    )
    return pd.DataFrame(
        {
            "first_due": first_due,
            "second_due": second_due,
            "second_from": second_from,
            "first_owed": first_owed,
            "second_owed": second_owed,
            "first_held": first_held,
            "second_held": second_held,
            "first_missed": first_owed & ~first_held & (end > first_due),
            "second_missed": second_owed & ~second_held & (end > second_due),
            "could_hold": could_first | could_second,
            "leave_known": leave_known,
            "unknown": unknown,
            "reason": reason,
        }
    )


def maternity_details(
    details: Details, m: pd.DataFrame, rows: pd.Series, signed: pd.Series
) -> Details:
    """Return ``details`` with each maternity contract in ``rows`` described, follow-up by
    follow-up: held, missing (its deadline passed), not held yet, or not due because its
    deadline fell on or before the signing day; and whether the leave's end was unknown."""
    first, second = m["first_due"], m["second_due"]
    not_due = rows & ~m["first_owed"]
    details.set(not_due, "follow-up.birth-not-due", deadline=first, start=signed)
    details.set(rows & m["first_owed"] & m["first_held"], "follow-up.birth-held", deadline=first)
    details.set(rows & m["first_missed"], "follow-up.birth-missing", deadline=first)
    first_open = rows & m["first_owed"] & ~m["first_held"] & ~m["first_missed"]
    details.set(first_open, "follow-up.birth-open", deadline=first)
    leave = rows & m["leave_known"]
    details.add(leave & ~m["second_owed"], "follow-up.leave-not-due", date=second, start=signed)
    details.add(leave & m["second_owed"] & m["second_held"], "follow-up.leave-held", date=second)
    details.add(rows & m["second_missed"], "follow-up.leave-missing", date=second)
    second_open = leave & m["second_owed"] & ~m["second_held"] & ~m["second_missed"]
    details.add(second_open, "follow-up.leave-open", date=second)
    details.add(rows & ~m["leave_known"], "follow-up.no-leave")
    return details
