"""late-signing: the contract must be entered within a deadline after the municipality took
over responsibility (SPEC §2.1: 30 days; §2.2: one calendar month)."""

from __future__ import annotations

import pandas as pd

from integaudit.i18n import Message
from integaudit.model import Status
from integaudit.rules import legal
from integaudit.rules.base import (
    Evaluate,
    NextDeadline,
    Rule,
    RuleContext,
    absent,
    current_status,
    deadlines,
    present_or_fail,
    reasons,
    result,
    unknown_field,
    unreadable,
    verdicts,
)
from integaudit.rules.calendar import deadline as deadline_after
from integaudit.rules.calendar import merge_windows, suspended_days
from integaudit.rules.details import Details


def late_signing(*, months: int = 0, days: int = 0) -> Evaluate:
    """Return the evaluate function of late-signing with the given deadline."""

    def evaluate(
        contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
    ) -> pd.DataFrame:
        """Return pass when signed by the deadline, fail when signed later or unsigned past
        it, not-applicable when unsigned before it, and not-assessed without a readable
        responsibility date or signing date column."""
        responsibility = contracts["responsibility_date"]
        signed = contracts["signed_date"]
        due = deadline_after(
            responsibility, merge_windows(ctx.suspensions), months=months, days=days
        )
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

    return evaluate


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


def late_signing_deadline(*, months: int = 0, days: int = 0) -> NextDeadline:
    """Return the next-deadline function of late-signing with the given deadline."""
    evaluate = late_signing(months=months, days=days)

    def next_deadline(
        contracts: pd.DataFrame,
        follow_ups: pd.DataFrame,
        ctx: RuleContext,
        status: pd.Series | None = None,
    ) -> pd.DataFrame:
        """Return per contract the signing deadline of an unsigned contract the rule has
        decided on: open while not applicable (due), overdue once it fails; NaT for signed or
        not-assessed contracts (see base.deadlines)."""
        status = current_status(evaluate, contracts, follow_ups, ctx, status)
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

    return next_deadline


# What the explanation of both late-signing rules ends with.
_EXPLANATION_COMMON = Message("rule.late-signing.explanation.common")

LATE_SIGNING_30_DAYS = Rule(
    id="late-signing",
    title=Message("rule.late-signing.rr2014.title"),
    short_title=Message("rule.late-signing.short_title"),
    legal_basis=legal.rr2014("late-signing"),
    explanation=Message("rule.late-signing.rr2014.explanation", common=_EXPLANATION_COMMON),
    evaluate=late_signing(days=30),
    deadline=late_signing_deadline(days=30),
    needs=("responsibility_date", "signed_date"),
    baseline=0.25,
)


def evaluate_missing_declaration(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return fail when a signed contract has no declaration or one more than 7 days from
    signing, pass within 7 days, not-applicable when unsigned, and not-assessed when the
    column is absent or a needed date is unreadable."""
    signed, declared = contracts["signed_date"], contracts["declaration_date"]
    unknown, reason = reasons(
        contracts.index,
        [absent(contracts, "signed_date"), unreadable(contracts, "signed_date")],
    )
    # An unsigned contract owes no declaration yet, whatever the declaration column holds
    # (or whether the extract has one).
    unsigned = ~unknown & signed.isna()
    declaration_unknown, declaration_reason = reasons(
        contracts.index,
        [absent(contracts, "declaration_date"), unreadable(contracts, "declaration_date")],
    )
    reason = reason.where(unknown, declaration_reason)
    apart = (declared - signed).dt.days.abs()
    status = verdicts(
        contracts.index,
        [
            (unknown, Status.NOT_ASSESSED),
            (unsigned, Status.NOT_APPLICABLE),
            (declaration_unknown, Status.NOT_ASSESSED),
            (declared.isna(), Status.FAIL),
            (apart > DECLARATION_DAYS, Status.FAIL),
            (apart <= DECLARATION_DAYS, Status.PASS),
        ],
    )
    failing = status.eq(Status.FAIL.value)
    missing = failing & declared.isna()
    late = failing & declared.notna()
    details = Details(contracts.index).set(missing, "declaration.missing")
    details.set(late, "declaration.late", days=apart)
    return result(status, details, reason)


def evaluate_missing_coordinator(
    contracts: pd.DataFrame, follow_ups: pd.DataFrame, ctx: RuleContext
) -> pd.DataFrame:
    """Return fail when the coordinating unit is empty (placeholders count as empty), pass
    when it is named, and not-assessed when the column is absent."""
    named = contracts["coordinating_unit"].notna()
    return present_or_fail(contracts, "coordinating_unit", named, "coordinator.missing")


DECLARATION_DAYS = 7

LATE_SIGNING_1_MONTH = Rule(
    id="late-signing",
    title=Message("rule.late-signing.bek2020.title"),
    short_title=Message("rule.late-signing.short_title"),
    legal_basis=legal.bek2020("late-signing"),
    explanation=Message("rule.late-signing.bek2020.explanation", common=_EXPLANATION_COMMON),
    evaluate=late_signing(months=1),
    deadline=late_signing_deadline(months=1),
    needs=("responsibility_date", "signed_date"),
)

MISSING_DECLARATION = Rule(
    id="missing-declaration",
    title=Message("rule.missing-declaration.title"),
    short_title=Message("rule.missing-declaration.short_title"),
    legal_basis=legal.bek2020("missing-declaration", act=False),
    explanation=Message("rule.missing-declaration.explanation"),
    evaluate=evaluate_missing_declaration,
    needs=("signed_date", "declaration_date"),
)

MISSING_COORDINATOR = Rule(
    id="missing-coordinator",
    title=Message("rule.missing-coordinator.title"),
    short_title=Message("rule.missing-coordinator.short_title"),
    legal_basis=legal.bek2020("missing-coordinator"),
    explanation=Message("rule.missing-coordinator.explanation"),
    evaluate=evaluate_missing_coordinator,
    needs=("coordinating_unit",),
)
