"""late-signing: the contract must be entered within a deadline after the municipality took
over responsibility (SPEC §2.1: 30 days; §2.2: one calendar month). The rule of each ruleset
(``late_signing_30_days``, ``late_signing_1_month``) gives its deadline to these functions."""

from __future__ import annotations

import pandas as pd

from integaudit.model import Status
from integaudit.rules.base import RuleContext
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.calendar import merge_windows, suspended_days
from integaudit.rules.details import Details
from integaudit.rules.verdicts import (
    absent,
    deadlines,
    reasons,
    result,
    unknown_field,
    unreadable,
    verdicts,
)


def late_signing(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    *,
    months: int = 0,
    days: int = 0,
) -> pd.DataFrame:
    """Return pass when signed by the deadline (the takeover + ``months`` and ``days``), fail
    when signed later or unsigned past it, not-applicable when unsigned before it, and
    not-assessed without a readable responsibility date or signing date column."""
    responsibility = contracts["responsibility_date"]
    signed = contracts["signed_date"]
    due = deadline_after(responsibility, merge_windows(ctx.suspensions), months=months, days=days)
    as_of = ctx.as_of_ts
    unknown, reason = reasons(
        contracts.index,
        [
            *unknown_field(contracts, "responsibility_date"),
            absent(contracts, "signed_date"),
            unreadable(contracts, "signed_date"),
        ],
    )
    unsigned = signed.isna()
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (~unsigned & (signed <= due), Status.PASS),
            (~unsigned & (signed > due), Status.FAIL),
            (unsigned & (as_of > due), Status.FAIL),
            (unsigned, Status.NOT_APPLICABLE),
        ],
    )
    signed_case = status.isin([Status.PASS.value, Status.FAIL.value]) & ~unsigned
    unsigned_fail = status.eq(Status.FAIL.value) & unsigned
    details = signed_after(contracts.index, signed_case, responsibility, signed, due, ctx)
    details.set(unsigned_fail, "signing.not-signed", deadline=due, days=(as_of - due).dt.days)
    return result(status, details, reason)


def signed_after(
    index: pd.Index,
    signed_case: pd.Series,
    responsibility: pd.Series,
    signed: pd.Series,
    due: pd.Series,
    ctx: RuleContext,
) -> Details:
    """Return the details of the signed contracts in ``signed_case``: the days from takeover
    to signing and, when some of them fell in a suspension window before the deadline ``due``,
    how many did and how many count (suspended days do not count towards the deadline, SPEC
    §2; those after a deadline already passed move nothing)."""
    days = (signed - responsibility).dt.days
    until = signed.where(signed <= due, due)
    suspended, windows, first, last = suspended_days(
        responsibility, until, merge_windows(ctx.suspensions)
    )
    counted = days - suspended
    details = Details(index)
    details.set(signed_case, "signing.signed-after", days=days)
    details.set(
        signed_case & windows.eq(1),
        "signing.signed-after-suspended",
        days=days,
        suspended=suspended,
        count=counted,
        start=first,
        end=last,
    )
    details.set(
        signed_case & windows.gt(1),
        "signing.signed-after-suspensions",
        days=days,
        suspended=suspended,
        count=counted,
        start=first,
        end=last,
    )
    return details


def next_signing(
    contracts: pd.DataFrame,
    follow_ups: pd.DataFrame,
    ctx: RuleContext,
    status: pd.Series | None = None,
    *,
    months: int = 0,
    days: int = 0,
) -> pd.DataFrame:
    """Return per contract the signing deadline (the takeover + ``months`` and ``days``) of an
    unsigned contract the rule has decided on: open while not applicable (due), overdue once
    it fails; NaT for signed or not-assessed contracts (see verdicts.deadlines). ``status``
    is the rule's verdict when the caller has it (else late_signing is run)."""
    if status is None:
        status = late_signing(contracts, follow_ups, ctx, months=months, days=days)["status"]
    status = status.reindex(contracts.index)
    due = deadline_after(
        contracts["responsibility_date"],
        merge_windows(ctx.suspensions),
        months=months,
        days=days,
    )
    unsigned = contracts["signed_date"].isna()
    failing = status.eq(Status.FAIL.value)
    open_ = unsigned & (failing | status.eq(Status.NOT_APPLICABLE.value))
    return deadlines(contracts.index, due.where(open_), "sign", open_ & failing)
