"""missed-follow-up under today's rules: the cadence of integrationsloven § 20, stk. 1 depends
on the person's situation (SPEC §2.2). The rule (``missed_follow_up_by_situation``) runs
these functions."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import RuleContext
from integaudit.rules.calendar import ONE_DAY, add_period, merge_windows
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.details import Details
from integaudit.rules.follow_up.cadence import (
    follow_up_window,
    missed_follow_up,
    next_follow_up,
    not_entered,
    unreadable_follow_ups,
    window_cases,
    window_open,
)
from integaudit.rules.follow_up.maternity import (
    LEAVE_MONTHS,
    maternity_details,
    maternity_parts,
)
from integaudit.rules.verdicts import (
    current_status,
    deadlines,
    empty,
    reasons,
    result,
    unknown_field,
    unreadable,
    verdicts,
)

# "Når visitationen efter § 17 er gennemført, skal opfølgning finde sted mindst 4 gange inden
# for de første 6 måneder."
BENEFIT_FOLLOW_UPS = 4
BENEFIT_MONTHS = 6
# Without a visitation date the period starts at the latest lawful visitation.
VISITATION_MONTHS = 3
# Employment, education and IGU: "mindst hver 12. måned".
YEARLY_MONTHS = 12


def count_between(
    follow_ups: pd.DataFrame,
    after: pd.Series,
    until: pd.Series,
    start: pd.Series,
    end: pd.Series,
    *,
    include_after: bool = False,
) -> pd.Series:
    """Return per contract the number of distinct follow-up dates after ``after`` (on it too
    with ``include_after``) and no later than ``until``, counting only those inside the
    contract's window: on or after signing (``start``) and no later than its end (``end``)."""
    bounds = pd.DataFrame({"after": after, "until": until, "start": start, "end": end})
    fu = follow_ups[["uid", "follow_up_date"]].drop_duplicates()
    fu = fu.merge(bounds, left_on="uid", right_index=True, how="inner")
    date = fu["follow_up_date"]
    low = date >= fu["after"] if include_after else date > fu["after"]
    inside = low & (date <= fu["until"]) & (date >= fu["start"]) & (date <= fu["end"])
    return fu[inside].groupby("uid").size().reindex(after.index, fill_value=0)


def _benefit(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    start: pd.Series,
    end: pd.Series,
) -> pd.DataFrame:
    """Return per contract the benefit verdict's parts: the follow-up period (from the
    visitation date, else takeover + 3 months), the follow-ups held in it, whether the
    visitation date was unknown, the cases held/missed/unknown, whether the period ended on
    or before signing, and whether follow-ups of unknown date could make up the four."""
    windows = merge_windows(ctx.suspensions)
    visitation = contracts["visitation_date"]
    no_visitation = visitation.isna() & ~contracts["visitation_date__bad"]
    latest = deadline_after(contracts["responsibility_date"], windows, months=VISITATION_MONTHS)
    period_start = visitation.where(~no_visitation, latest)
    period_end = deadline_after(period_start, windows, months=BENEFIT_MONTHS)
    held = count_between(follow_ups, period_start, period_end, start, end)
    takeover_unknown = [
        unreadable(contracts, "responsibility_date"),
        empty(contracts, "responsibility_date"),
    ]
    unknown, reason = reasons(
        contracts.index,
        [
            unreadable(contracts, "visitation_date"),
            *[(no_visitation & mask, code) for mask, code in takeover_unknown],
        ],
    )
    # The days on which a follow-up would count: in the period and inside the window.
    first_day = period_start + ONE_DAY
    first_day = first_day.where(first_day >= start, start)
    last_day = period_end.where(period_end <= end, end)
    room = ((last_day - first_day).dt.days + 1).fillna(0).clip(lower=0)
    return pd.DataFrame(
        {
            "period_start": period_start,
            "period_end": period_end,
            "held": held,
            "no_visitation": no_visitation,
            "unknown": unknown,
            "reason": reason,
            "done": held >= BENEFIT_FOLLOW_UPS,
            "over": end > period_end,
            # The period ended on or before signing: no follow-up on the contract could count.
            "before_contract": period_end <= start,
            "signed": start,
            # Follow-ups of unknown date could still make up the four.
            "could_pass": (held + unreadable_follow_ups(contracts) >= BENEFIT_FOLLOW_UPS)
            & (room >= BENEFIT_FOLLOW_UPS),
        }
    )


def missed_by_situation(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return the bek2020 follow-up verdict, whose cadence depends on the situation (SPEC
    §2.2): benefit — 4 follow-ups in the 6 calendar months after the visitation (pass once the
    fourth is held, fail when the period has ended with fewer); employment, education, IGU —
    at least every 12 months; maternity — one by birth + 6 months and, when the leave's end is
    known, one within a month of it, two distinct follow-ups; self-supporting — not
    applicable. A contract not entered is not applicable; so is a benefit period or maternity
    follow-up whose deadline fell on or before signing (it is not due). Only follow-ups inside
    the window (signing to goal met, end or audit date) count; a fail, or a not-applicable,
    that a follow-up with an unreadable date might undo is not assessed."""
    start, end = follow_up_window(contracts, ctx)
    situation = contracts["situation"]
    # Whether the cadence concerns the contract is decided first: a self-supporting person's
    # follow-up is "efter behov", and a contract not entered has none, whatever the other
    # cells hold.
    no_situation, situation_reason = reasons(contracts.index, unknown_field(contracts, "situation"))
    as_needed = ~no_situation & situation.eq("self-supporting")
    unentered = not_entered(contracts) & ~as_needed
    unknown, reason = reasons(contracts.index, window_cases(contracts))
    unknown = ((unknown | no_situation) & ~as_needed) & ~unentered
    reason = situation_reason.where(no_situation, reason)
    known = ~unknown & ~as_needed & ~unentered
    benefit_rows = known & situation.eq("benefit")
    employed = known & situation.eq("employment")
    mat_rows = known & situation.eq("maternity")
    unreadable_fu = contracts["follow_ups__bad"].astype(bool)

    b = _benefit(contracts, follow_ups, ctx, start, end)
    b_unknown = benefit_rows & b["unknown"]
    b_rows = benefit_rows & ~b["unknown"] & ~b["before_contract"]
    b_pass = b_rows & b["done"]
    b_fail = b_rows & ~b["done"] & b["over"]
    b_open = b_rows & ~b_pass & ~b_fail

    m = maternity_parts(contracts, follow_ups, ctx, start, end)
    m_unknown = mat_rows & m["unknown"]
    m_rows = mat_rows & ~m["unknown"]
    m_missed = m_rows & (m["first_missed"] | m["second_missed"])
    m_pass = m_rows & ~m_missed & (m["first_held"] | m["second_held"])
    m_open = m_rows & ~m_missed & ~m_pass

    yearly = missed_follow_up(contracts[employed], follow_ups, ctx, months=YEARLY_MONTHS)
    yearly = yearly.reindex(contracts.index)

    # A follow-up with an unreadable date could be the fourth or a maternity follow-up: a
    # pass stands, a fail does not, and nothing due yet stands only when no date could count
    # (SPEC §2.1).
    changeable = b_fail | m_missed | (b_open & b["could_pass"]) | (m_open & m["could_hold"])
    undecided = changeable & unreadable_fu
    status = verdicts(
        contracts.index,
        [
            (unknown | b_unknown | m_unknown | undecided, Status.NOT_ASSESSED),
            (b_fail | m_missed, Status.FAIL),
            (b_pass | m_pass, Status.PASS),
        ],
        default=Status.NOT_APPLICABLE,
    )
    status = status.where(~employed, yearly["status"])
    reason = (
        reason.where(unknown, b["reason"].where(b_unknown, m["reason"].where(m_unknown)))
        .mask(undecided, "unreadable:follow_up_date")
        .where(~employed, yearly["reason"])
    )

    decided = ~undecided
    details = Details(contracts.index).set(unentered, "follow-up.not-entered")
    not_due = benefit_rows & ~b["unknown"] & b["before_contract"]
    _benefit_details(details, b, decided & (b_pass | b_fail), not_due)
    maternity_details(details, m, decided & m_rows, contracts["signed_date"])
    details.take(employed, yearly)
    # The date the missed follow-up was due: the end of the benefit period (the fourth
    # follow-up), the first maternity deadline missed, or the first missed yearly date.
    due = pd.Series(pd.NaT, index=contracts.index, dtype=b["period_end"].dtype)
    due = due.mask(b_fail, b["period_end"])
    maternity_due = m["first_due"].where(m["first_missed"], m["second_due"])
    due = due.mask(m_missed, maternity_due)
    due = due.mask(employed, yearly["due"].astype(due.dtype))
    failing = status.eq(Status.FAIL.value)
    return result(status, details, reason, due=due.where(failing))


def _benefit_details(
    details: Details, b: pd.DataFrame, assessed: pd.Series, before_contract: pd.Series
) -> Details:
    """Return ``details`` with the benefit contracts described: for those ``assessed``, the
    follow-ups held in the period; for those whose period ended on or before signing, that it
    was not due; for both, whether the visitation date was unknown."""
    period = {"start": b["period_start"], "end": b["period_end"]}
    details.set(assessed, "follow-up.benefit", count=b["held"], **period)
    details.set(before_contract, "follow-up.benefit-not-due", date=b["signed"], **period)
    details.add((assessed | before_contract) & b["no_visitation"], "follow-up.no-visitation")
    return details


def next_by_situation(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
) -> pd.DataFrame:
    """Return per contract whose window is still open the next follow-up deadline of its
    situation (see verdicts.deadlines): benefit — the end of the follow-up period and how many of
    the 4 follow-ups are still needed; employment, education, IGU — the last checkpoint + 12
    calendar months; maternity — the earlier of birth + 6 months and the leave's end + 1 month
    that is still open. Due while the rule does not fail, overdue when it fails on that
    deadline; NaT for self-supporting people, contracts not entered, a period or follow-up not
    due because its deadline fell on or before signing, closed windows, unreadable follow-up
    dates and not-assessed contracts."""
    status = current_status(missed_by_situation, contracts, follow_ups, ctx, status)
    start, end = follow_up_window(contracts, ctx)
    situation = contracts["situation"]
    as_of = ctx.as_of_ts
    open_ = window_open(contracts) & ~contracts["follow_ups__bad"].astype(bool)
    open_ &= ~not_entered(contracts)
    failing = status.eq(Status.FAIL.value)
    not_failing = status.isin([Status.PASS.value, Status.NOT_APPLICABLE.value])

    b = _benefit(contracts, follow_ups, ctx, start, end)
    benefit = open_ & situation.eq("benefit") & ~b["done"] & ~b["before_contract"]
    b_due = benefit & not_failing
    b_over = benefit & failing

    m = maternity_parts(contracts, follow_ups, ctx, start, end)
    maternity = open_ & situation.eq("maternity")
    first_open = maternity & m["first_owed"] & ~m["first_held"] & (as_of <= m["first_due"])
    second_open = maternity & m["second_owed"] & ~m["second_held"] & (as_of <= m["second_due"])
    first_next = first_open & ~(second_open & (m["second_due"] < m["first_due"]))
    m_due = maternity & not_failing & (first_open | second_open)
    m_over = maternity & failing
    first = (m_due & first_next) | (m_over & m["first_missed"])
    second = (m_due | m_over) & ~first

    employed = situation.eq("employment")
    yearly = next_follow_up(
        contracts[employed], follow_ups, ctx, status[employed], months=YEARLY_MONTHS
    ).reindex(contracts.index)

    signed = contracts["signed_date"]
    dtype = b["period_end"].dtype
    deadline = pd.Series(pd.NaT, index=contracts.index, dtype=dtype)
    deadline = deadline.mask(b_due | b_over, b["period_end"])
    deadline = deadline.mask(first, m["first_due"]).mask(second, m["second_due"])
    deadline = deadline.mask(employed, yearly["deadline"].astype(dtype))
    need = pd.Series(None, index=contracts.index, dtype=object)
    need = need.mask(b_due | b_over, "follow-ups").mask(first, "follow-up-birth")
    need = need.mask(second, "follow-up-leave").mask(employed, yearly["need"])
    count = (BENEFIT_FOLLOW_UPS - b["held"]).where(b_due | b_over, 1)
    of = pd.Series(BENEFIT_FOLLOW_UPS, index=contracts.index).where(b_due | b_over)
    counts_from = pd.Series(pd.NaT, index=contracts.index, dtype=dtype)
    counts_from = counts_from.mask(b_due | b_over, b["period_start"] + ONE_DAY)
    counts_from = counts_from.mask(first, contracts["child_birth_date"] + ONE_DAY)
    counts_from = counts_from.mask(
        second, add_period(contracts["leave_end_date"], months=-LEAVE_MONTHS)
    )
    # Only follow-ups on or after signing count (and the window is open, so up to any day).
    counts_from = counts_from.where(counts_from >= signed, signed).where(counts_from.notna())
    counts_from = counts_from.mask(employed, yearly["counts_from"].astype(dtype))
    overdue = (b_over | m_over).where(~employed, yearly["overdue"].fillna(False).astype(bool))
    return deadlines(
        contracts.index, deadline, need, overdue, count=count, of=of, counts_from=counts_from
    )
